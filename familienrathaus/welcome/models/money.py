"""The welcome grant, its payment (kept for the cash office), SEPA files, and counts that
outlive deleted personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned


class Grant(AllianceOwned):
    """The welcome grant of one child (one per registration)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        PAID = "paid", _("paid")

    registration = models.OneToOneField(
        "welcome.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="grant",
    )
    amount = models.DecimalField(_("amount"), max_digits=7, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    reason = LimitedTextField(_("reason"), max_length=TEXT_NOTE, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("welcome grant")
        verbose_name_plural = _("welcome grants")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.amount}"


class TransferBatch(AllianceOwned):
    """One SEPA credit-transfer file for the cash office."""

    message_id = models.CharField(_("message id"), max_length=35)
    execution_date = models.DateField(_("execution date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2, default=0)
    count = models.PositiveIntegerField(_("number of transfers"), default=0)
    keep_until = models.DateField(_("keep until"))

    class Meta:
        verbose_name = _("transfer file")
        verbose_name_plural = _("transfer files")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "message_id"], name="welcome_transferbatch_message_id"
            )
        ]

    def __str__(self) -> str:
        return self.message_id


class Payment(AllianceOwned):
    """A paid grant, kept for the cash office: survives the registration's deletion."""

    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        TRANSFER = "transfer", _("bank transfer")

    number = models.CharField(_("receipt number"), max_length=20)
    grant = models.OneToOneField(
        Grant,
        verbose_name=_("grant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payment",
    )
    registration_reference = models.CharField(_("reference number"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=7, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    payee_name = models.CharField(_("payee"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    paid_at = models.DateTimeField(_("paid"), default=timezone.now)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        TransferBatch,
        verbose_name=_("transfer file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
    )
    keep_until = models.DateField(_("keep until"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="welcome_payment_number")
        ]

    def __str__(self) -> str:
        return self.number


class MonthlyCount(AllianceOwned):
    """Counts of deleted registrations, so the reports keep their numbers."""

    month = models.DateField(_("month"))
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    first_born = models.BooleanField(_("first child"), default=True)
    registrations = models.PositiveIntegerField(_("registrations"), default=0)
    packages = models.PositiveIntegerField(_("packages handed out"), default=0)
    grants_paid = models.PositiveIntegerField(_("grants paid"), default=0)
    grants_sum = models.DecimalField(_("sum paid"), max_digits=9, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        ordering = ["month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "month", "district", "language", "first_born"],
                name="welcome_monthlycount_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
