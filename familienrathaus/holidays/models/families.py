"""Children in a family's account, their bookings, and claims for a reduced fee."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import limits, private_files
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.holidays.models.programme import Occasion, Period, ReductionKind, _feed_token


class Child(AllianceOwned):
    """A child in a family account. Health notes and the emergency contact are
    special-category data: stored only with consent, seen only by the organisers of the
    child's occasions during the period, deleted a set number of days after it."""

    family = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("family account"),
        on_delete=models.CASCADE,
        related_name="holiday_children",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), validators=[limits.validate_date])
    health_notes = limits.LimitedTextField(
        _("health and allergy notes"), blank=True, max_length=limits.TEXT_NOTE
    )
    emergency_contact = models.CharField(
        _("emergency contact"), max_length=300, blank=True, help_text=_("Name and phone number")
    )
    sensitive_consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    sensitive_deleted_at = models.DateTimeField(_("health notes deleted"), null=True, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "pk"]
        constraints = [
            limits.date_range_constraint("birth_date", "holidays_child_birth_date_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        super().clean()
        if (self.health_notes.strip() or self.emergency_contact.strip()) and not (
            self.sensitive_consent_at
        ):
            raise ValidationError(
                {"health_notes": _("Health notes can only be stored with your consent.")}
            )
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth is in the future.")})

    @property
    def has_sensitive_data(self) -> bool:
        return bool(self.health_notes or self.emergency_contact)


class Booking(AllianceOwned):
    """A child on an occasion: a place, a place held for it, or a place on the waiting list.

    ``confirmed`` and ``offered`` take places; ``waitlisted`` bookings form the waiting
    list in the order of ``queued_at`` then ``id`` (the position is computed, never
    stored); ``offered`` holds a freed place until ``offer_expires_at``.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("place offered")
        # "storniert": the family or the office cancelled the booking ("abgesagt" is
        # for an occasion that does not take place).
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")

    class Source(models.TextChoices):
        BOOKING = "booking", _("booked")
        LOTTERY = "lottery", _("lottery")
        COORDINATOR = "coordinator", _("by the coordination")

    TAKES_PLACE = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="bookings")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.BOOKING
    )
    fee = models.DecimalField(
        _("fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[limits.not_negative],
    )
    created_at = models.DateTimeField(_("booked"), default=timezone.now)
    queued_at = models.DateTimeField(_("in the queue since"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("place held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The family's mails about the booking are written in it: the language of the page
    # it was booked on (the family account's language when the office or the lottery
    # made it).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["occasion", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "occasion"],
                condition=~Q(status="cancelled"),
                name="holidays_booking_one_active_per_child",
            ),
            limits.not_negative_constraint("fee", "holidays_booking_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.child} – {self.occasion_id} ({self.status})"


class ReductionClaim(AllianceOwned):
    """A family's claim to a reduction in a period, with proof checked by a coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the check")
        APPROVED = "approved", pgettext_lazy("reduction", "approved")
        REJECTED = "rejected", _("rejected")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reduction_claims")
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holiday_reductions"
    )
    kind = models.ForeignKey(ReductionKind, on_delete=models.PROTECT, related_name="claims")
    # Private: outside MEDIA_ROOT under a random name, served by views.family.reduction_proof.
    proof = private_files.PrivateFileField(_("proof (PDF)"), folder="holidays/proofs", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claimed reduction")
        verbose_name_plural = _("claimed reductions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "family", "kind"], name="holidays_reduction_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.family})"
