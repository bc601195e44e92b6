"""What a family asks for after registering: follow-up mails and a Kita place."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned


class FollowUp(AllianceOwned):
    """Follow-up mails at chosen ages (double opt-in like the Infobrief)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("not yet confirmed")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    registration = models.OneToOneField(
        "welcome.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup",
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default="de")
    birth_date = models.DateField(_("date of birth"))
    child_first_name = models.CharField(_("child's first name"), max_length=100, blank=True)
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.CharField(_("secret link"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    consent_version = models.PositiveSmallIntegerField(_("version of the consent"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up mails")
        verbose_name_plural = _("follow-up mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.email


class FollowUpSent(AllianceOwned):
    followup = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up mails"), on_delete=models.CASCADE, related_name="sent"
    )
    age_months = models.PositiveSmallIntegerField(_("age in months"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up mail sent")
        verbose_name_plural = _("follow-up mails sent")
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "age_months"], name="welcome_followup_age_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.followup_id}: {self.age_months}"


class KitaInterest(AllianceOwned):
    """A family's wish for a Kita place, passed on to the town's Kita office."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        PASSED = "passed", _("taken over by the Kita office")
        WITHDRAWN = "withdrawn", _("withdrawn")

    registration = models.ForeignKey(
        "welcome.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kita_interests",
    )
    child_first_name = models.CharField(_("child's first name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    parent_names = models.CharField(_("parents' names"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    care_from = models.DateField(_("care needed from"))
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    note = LimitedTextField(_("note"), max_length=TEXT_NOTE, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possibly the same child as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    consent_version = models.PositiveSmallIntegerField(_("version of the consent"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_step_at = models.DateTimeField(_("last step"), default=timezone.now)

    class Meta:
        verbose_name = _("Kita interest")
        verbose_name_plural = _("Kita interests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.parent_names} ({self.birth_date})"


class KitaPreference(AllianceOwned):
    interest = models.ForeignKey(
        KitaInterest,
        verbose_name=_("Kita interest"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    place = models.ForeignKey(
        "places.Place", verbose_name=_("Kita"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)

    class Meta:
        verbose_name = _("preferred Kita")
        verbose_name_plural = _("preferred Kitas")
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interest", "place"], name="welcome_kita_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.interest_id}: {self.rank}"
