"""Invoices of the holiday programme and their gap-free numbers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.holidays.models.programme import Period


class Invoice(AllianceOwned):
    """What a family owes for a period; lines and reductions frozen when it is issued.

    An issued invoice never changes (the cash office has booked it). Places confirmed
    after it go on a *supplementary* invoice; an invoiced place cancelled afterwards (by
    the family within the deadline, or with its occasion) is given back on a *credit
    note* with a negative total. Each line names its ``booking`` (fee per booking) or
    its ``child`` (flat pass), so that nothing is invoiced or credited twice.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")  # "storniert"

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        SUPPLEMENT = "supplement", _("supplementary invoice")
        CREDIT = "credit", _("credit note")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="invoices")
    # Kept for the accounts when the family deletes its account (payer as issued).
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holiday_invoices",
    )
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_email = models.EmailField(_("e-mail of the payer"), blank=True)
    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    lines = models.JSONField(default=list)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    paid_amount = models.DecimalField(
        _("paid"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    # Set when issued: the invoice date plus the site's days to pay, on a working day.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="holidays_invoice_number")
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceCounter(AllianceOwned):
    """The last invoice number of a year. Issuing locks this row
    (``core.capacity.locked``) for the transaction that writes the invoice, so numbers
    are unique and without gaps per year and alliance, however many coordinators issue
    at once; each alliance counts from its own first number."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice number counter")
        verbose_name_plural = _("invoice number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "year"], name="holidays_invoicecounter_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


# Payments, statement imports and reminders live in their own module; importing it here
# registers them with the app.
