"""Payments of holiday-programme invoices: bank statement imports, payments, reminders.

Kept apart from :mod:`familienrathaus.holidays.models` (which imports this module at its
end, so Django registers the models with the app).

- :class:`PaymentImport` is one imported bank statement file (a batch). Undoing it
  deletes its payments and recomputes the invoices they had paid.
- :class:`Payment` is money received (or entered) for an invoice: a transfer found in a
  statement (matched by reference, or assigned by hand when it was not), or an amount a
  coordinator entered (cash). A statement line without an invoice is a payment whose
  ``invoice`` is empty: the coordinator assigns it. One bank transaction is booked once:
  the pair (statement account, bank's entry reference) is unique in an alliance (each
  alliance of the install keeps its own books), so importing the same
  file twice, or two coordinators importing at once, cannot pay an invoice twice.
- :class:`InvoiceReminder` records each overdue stage reminded, unique per invoice and
  stage: a reminder is never sent twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.holidays.models import Invoice


class PaymentImport(AllianceOwned):
    class Format(models.TextChoices):
        CAMT = "camt053", _("CAMT.053 (XML)")
        CSV = "csv", _("CSV (CAMT format of German banks)")

    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    account = models.CharField(_("account"), max_length=34, blank=True)
    lines_total = models.PositiveIntegerField(_("lines in the file"), default=0)
    lines_skipped = models.JSONField(default=list)

    class Meta:
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Payment(AllianceOwned):
    class Method(models.TextChoices):
        IMPORT = "import", _("transfer (bank statement import)")
        ASSIGNED = "assigned", _("transfer (assigned by hand)")
        CASH = "cash", _("cash or entered by hand")

    class Match(models.TextChoices):
        EXACT = "exact", _("paid in full")
        PARTIAL = "partial", _("partial payment")
        OVER = "over", _("overpayment")
        UNMATCHED = "unmatched", _("not assigned")

    batch = models.ForeignKey(
        PaymentImport, null=True, blank=True, on_delete=models.CASCADE, related_name="payments"
    )
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    match = models.CharField(_("result"), max_length=10, choices=Match.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    booked_on = models.DateField(_("booked on"))
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    # The statement's account and the bank's reference of the transaction; empty for
    # an amount entered by hand.
    account = models.CharField(_("account"), max_length=34, blank=True)
    entry_ref = models.CharField(_("bank reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "account", "entry_ref"],
                condition=~Q(entry_ref=""),
                name="holidays_payment_once_per_bank_entry",
            ),
            models.CheckConstraint(
                condition=~Q(amount=Decimal("0")), name="holidays_payment_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on:%d.%m.%Y} {self.amount}"


class InvoiceReminder(AllianceOwned):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    stage = models.PositiveSmallIntegerField(_("stage"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "stage"], name="holidays_invoice_reminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice} ({self.stage})"
