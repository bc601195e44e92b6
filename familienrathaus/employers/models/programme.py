"""Rounds, catalogue versions, employers, their teams and their participations
(see the package's docstring)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images
from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned

# ------------------------------------------------------------------ catalogue


class Catalogue(AllianceOwned):
    """One version of the criteria catalogue."""

    objects: ClassVar[models.Manager[Catalogue]]

    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    frozen_at = models.DateTimeField(
        _("in use since"),
        null=True,
        blank=True,
        help_text=_("Set when a round starts with this version; it is never edited again."),
    )

    class Meta:
        verbose_name = _("criteria catalogue")
        verbose_name_plural = _("criteria catalogues")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "name", "version"], name="employers_catalogue_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class FieldOfAction(AllianceOwned):
    """A field of action (Handlungsfeld), e.g. "Arbeitszeit"."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), on_delete=models.CASCADE, related_name="fields"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=150)
    description = LimitedTextField(_("description"), max_length=TEXT_SHORT, blank=True)
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Stays the same across versions, e.g. 'arbeitszeit'.")
    )

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["catalogue", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="employers_field_key")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(AllianceOwned):
    """A statement or question of a field of action, scored on the four-step scale."""

    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = LimitedTextField(_("statement"), max_length=TEXT_SHORT)
    help_text = LimitedTextField(_("explanation"), max_length=TEXT_SHORT, blank=True)
    minimum = models.BooleanField(_("minimum requirement"), default=False)
    evidence_wanted = models.BooleanField(_("evidence wanted"), default=False)
    key = models.SlugField(_("key"), max_length=80)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["field", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["field", "key"], name="employers_criterion_key")
        ]

    def __str__(self) -> str:
        return self.text[:80]


# ------------------------------------------------------------------ rounds


class Round(AllianceOwned):
    """A programme round: dates, catalogue version, workshops, jury, places."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open for applications")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=160)
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=_("criteria catalogue"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    application_until = models.DateField(_("applications until"), null=True, blank=True)
    max_employers = models.PositiveSmallIntegerField(
        _("maximum number of employers"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    certificate_years = models.PositiveSmallIntegerField(_("certificate valid (years)"), default=3)
    signed_by = models.CharField(
        _("signed by"),
        max_length=300,
        blank=True,
        help_text=_("Names on the certificate, e.g. 'Oberbürgermeisterin …, Koordinatorin …'."),
    )
    description = LimitedTextField(_("description"), max_length=TEXT_SHORT, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="employers_round_slug"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="employers_round_dates"
            ),
            models.CheckConstraint(
                condition=Q(certificate_years__gte=1, certificate_years__lte=10),
                name="employers_round_certificate_years",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_applications(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and (
            self.application_until is None or today <= self.application_until
        )


class Workshop(AllianceOwned):
    """A workshop of a round: an event of the calendar whose registration is limited
    to the round's employers."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="workshops"
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="employer_workshops",
    )

    class Meta:
        verbose_name = pgettext_lazy("employers", "workshop")
        verbose_name_plural = pgettext_lazy("employers", "workshops")
        ordering = ["event__start"]
        constraints = [
            models.UniqueConstraint(fields=["round", "event"], name="employers_workshop_event")
        ]

    def __str__(self) -> str:
        return str(self.event)


class JuryMember(AllianceOwned):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="jury"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="employer_juries",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["round", "user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="employers_jury_member")
        ]

    def __str__(self) -> str:
        return str(self.user)


# ------------------------------------------------------------------ employers


class Employer(AllianceOwned):
    objects: ClassVar[models.Manager[Employer]]

    class Size(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("public administration")
        HEALTH = "health", _("health and care")
        SOCIAL = "social", _("social services")
        EDUCATION = "education", _("education")
        INDUSTRY = "industry", _("industry")
        CRAFTS = "crafts", _("crafts")
        TRADE = "trade", _("trade")
        SERVICES = "services", _("services")
        HOSPITALITY = "hospitality", _("hospitality")
        OTHER = "other", _("other sector")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employers",
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    logo = images.PictureField(
        _("logo"),
        upload_to="employers/logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = images.size_field()
    logo_height = images.size_field()
    logo_alt = models.CharField(_("alternative text of the logo"), max_length=200, blank=True)
    public_text = LimitedTextField(
        _("what you offer families"),
        max_length=TEXT_NOTE,
        blank=True,
        help_text=_("Shown on the public list once you are certified."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="employers_employer_slug")
        ]

    def __str__(self) -> str:
        return self.name


class EmployerMember(AllianceOwned):
    """A person of an employer's team."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("contact person")
        ASSESSOR = "assessor", _("fills in the assessment")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="employer_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ASSESSOR)
    name = models.CharField(_("name"), max_length=150, blank=True)
    position = models.CharField(_("job title"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["employer", "role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "user"], name="employers_member_unique")
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


# ------------------------------------------------------------------ participation


class Participation(AllianceOwned):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        ADMITTED = "admitted", _("admitted")
        ASSESSING = "assessing", _("self-assessment")
        SUBMITTED = "submitted", _("submitted")
        EVALUATION = "evaluation", _("in evaluation")
        CERTIFIED = "certified", _("certified")
        NOT_YET = "not_yet", _("not yet certified")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Statuses that take one of the round's places.
    HOLDS_PLACE = (
        Status.ADMITTED,
        Status.ASSESSING,
        Status.SUBMITTED,
        Status.EVALUATION,
        Status.CERTIFIED,
        Status.NOT_YET,
    )
    # Statuses in which the team still works on answers and measures.
    OPEN_FOR_TEAM = (Status.ADMITTED, Status.ASSESSING)

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="participations"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous participation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    follow_up = models.BooleanField(_("re-certification"), default=False)
    application_note = LimitedTextField(
        _("note with the application"), max_length=TEXT_NOTE, blank=True
    )
    admitted_at = models.DateTimeField(_("admitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["round", "employer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "employer"], name="employers_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.round}"

    @property
    def open_for_team(self) -> bool:
        return self.status in self.OPEN_FOR_TEAM
