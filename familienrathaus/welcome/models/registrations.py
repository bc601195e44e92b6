"""Registrations of newborns, and the appointment slots families choose from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned


class Slot(AllianceOwned):
    """An appointment for a pick-up at the Rathaus or a home visit."""

    class Kind(models.TextChoices):
        PICKUP = "pickup", _("pick-up at the town hall")
        VISIT = "visit", _("home visit")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PICKUP)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("number of places"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class Registration(AllianceOwned):
    """A newborn's family registered for the welcome (online or recorded by staff)."""

    class Delivery(models.TextChoices):
        POST = "post", _("package by post")
        PICKUP = "pickup", _("pick up at the town hall")
        VISIT = "visit", _("a visit at home")
        NONE = "none", _("no package")

    class Payout(models.TextChoices):
        CASH = "cash", _("in cash at the town hall")
        TRANSFER = "transfer", _("by bank transfer")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        VISIT = "visit", _("at a visit")
        PHONE = "phone", _("by phone")
        PAPER = "paper", _("paper form")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        CHECKED = "checked", _("checked")
        PREPARED = "prepared", _("package prepared")
        DONE = "done", _("done")
        DECLINED = "declined", _("declined")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("not yet checked")
        ELIGIBLE = "eligible", _("eligible")
        NOT_ELIGIBLE = "not_eligible", _("not eligible")

    class PackageVersion(models.TextChoices):
        FIRST = "first", _("first-born")
        SIBLING = "sibling", _("sibling")

    class Handover(models.TextChoices):
        HANDED = "handed", _("handed over")
        POSTED = "posted", _("posted")
        VISITED = "visited", _("visit done")

    reference = models.CharField(_("reference number"), max_length=20)
    child_first_name = models.CharField(_("child's first name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    first_born = models.BooleanField(_("first child"), default=True)
    parent_names = models.CharField(_("parents' names"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    town = models.CharField(_("town"), max_length=100)
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lived_here_at_birth = models.BooleanField(_("lived in the town at the birth"), default=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, default="de")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    delivery = models.CharField(
        _("package"), max_length=10, choices=Delivery.choices, default=Delivery.POST
    )
    wants_grant = models.BooleanField(_("wants the welcome grant"), default=False)
    payout = models.CharField(_("payout"), max_length=10, choices=Payout.choices, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    wants_followup = models.BooleanField(_("wants follow-up mails"), default=False)
    consent_version = models.PositiveSmallIntegerField(_("version of the consent"))
    consented_at = models.DateTimeField(_("consented"))
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welcome_registrations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=14, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    decision_reason = LimitedTextField(_("reason"), max_length=TEXT_NOTE, blank=True)
    proof_seen = models.BooleanField(_("proof seen"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    package_version = models.CharField(
        _("package version"),
        max_length=10,
        choices=PackageVersion.choices,
        default=PackageVersion.FIRST,
    )
    package_language = models.CharField(_("package language"), max_length=10, blank=True)
    prepared_at = models.DateTimeField(_("package prepared"), null=True, blank=True)
    handover = models.CharField(_("handover"), max_length=10, choices=Handover.choices, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    slot = models.ForeignKey(
        Slot,
        verbose_name=_("appointment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    guide_token = models.CharField(_("secret link"), max_length=64, unique=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possibly the same child as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duplicate_cleared = models.BooleanField(_("not the same child"), default=False)
    staff_note = LimitedTextField(_("internal note"), max_length=TEXT_NOTE, blank=True)
    last_step_at = models.DateTimeField(_("last step"), default=timezone.now)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["birth_date", "postcode"], name="welcome_reg_dup_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "reference"], name="welcome_registration_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def surname(self) -> str:
        """The last word of the parents' names (for the duplicate check)."""
        words = self.parent_names.replace(",", " ").replace("&", " ").split()
        return words[-1].casefold() if words else ""

    @property
    def wants_appointment(self) -> bool:
        return self.delivery in (self.Delivery.PICKUP, self.Delivery.VISIT)
