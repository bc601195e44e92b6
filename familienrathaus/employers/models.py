"""FAMILIENbewusste Unternehmen: employers assess themselves, act, and earn a certificate.

The names here are the shared data model of issue 18 (``/work/SPEC_EMPLOYERS.md``).
A coordinator runs **rounds** (dates, workshops, a jury, a maximum number of
employers) that each use one version of the **catalogue** (fields of action with
their criteria). An **employer** (its team: :class:`EmployerMember`) takes part in a
round (:class:`Participation`): it answers the criteria, plans **measures**, is
evaluated, and may receive a **certificate** that anyone can verify by its number.

A catalogue that a round has started with is *frozen* (``frozen_at``) and never
edited again: editing it makes a copy as the next version (``based_on``), which new
rounds use; ``key`` of fields and criteria stays the same across versions, so answers
and reports can be compared.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import private_files
from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT, LimitedTextField

# ------------------------------------------------------------------ catalogue


class Catalogue(models.Model):
    """One version of the criteria catalogue."""

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
            models.UniqueConstraint(fields=["name", "version"], name="employers_catalogue_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class FieldOfAction(models.Model):
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


class Criterion(models.Model):
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


class Round(models.Model):
    """A programme round: dates, catalogue version, workshops, jury, places."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open for applications")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=160, unique=True)
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


class Workshop(models.Model):
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


class JuryMember(models.Model):
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


class Employer(models.Model):
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
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
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
    logo = models.ImageField(_("logo"), upload_to="employers/logos/", blank=True)
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

    def __str__(self) -> str:
        return self.name


class EmployerMember(models.Model):
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


class Participation(models.Model):
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


class Answer(models.Model):
    class Score(models.IntegerChoices):
        NOT_IN_PLACE = 0, _("not in place")
        PLANNED = 1, _("planned")
        PARTLY = 2, _("partly in place")
        FULLY = 3, _("fully in place")

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), choices=Score.choices, null=True, blank=True
    )
    comment = LimitedTextField(_("comment"), max_length=TEXT_NOTE, blank=True)
    evidence_text = LimitedTextField(_("evidence"), max_length=TEXT_NOTE, blank=True)
    evidence_file = private_files.PrivateFileField(
        _("evidence file"), folder="employers", blank=True
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["participation", "criterion__field__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "criterion"], name="employers_answer_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=3), name="employers_answer_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} / {self.criterion}"


# ------------------------------------------------------------------ measures


class MeasureTemplate(models.Model):
    """A measure from the catalogue of measures employers can choose from."""

    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(_("description"), max_length=TEXT_SHORT, blank=True)
    field_key = models.SlugField(_("field of action (key)"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("measure template")
        verbose_name_plural = _("measure templates")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("measure", "in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    template = models.ForeignKey(
        MeasureTemplate,
        verbose_name=_("from the catalogue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(_("description"), max_length=TEXT_SHORT, blank=True)
    owner = models.CharField(_("responsible"), max_length=150, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    evidence_text = LimitedTextField(_("evidence"), max_length=TEXT_NOTE, blank=True)
    evidence_file = private_files.PrivateFileField(
        _("evidence file"), folder="employers", blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["participation", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


# ------------------------------------------------------------------ evaluation


class Talk(models.Model):
    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("talk with the management")
        STAFF = "staff", _("talk with staff representatives")
        VISIT = "visit", _("visit")
        OTHER = "other", _("other talk")

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="talks",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    participants = models.CharField(_("participants"), max_length=300)
    notes = LimitedTextField(_("notes"), max_length=TEXT_SHORT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["participation", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on})"


class Evaluation(models.Model):
    class Decision(models.TextChoices):
        CERTIFIED = "certified", _("certified")
        NOT_YET = "not_yet", _("not yet")

    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    recommendation = LimitedTextField(
        _("recommendation of the jury"), max_length=TEXT_SHORT, blank=True
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    reasons = LimitedTextField(_("reasons"), max_length=TEXT_SHORT, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return str(self.participation)


# ------------------------------------------------------------------ certificates


class Certificate(models.Model):
    class State(models.TextChoices):
        VALID = "valid", _("valid")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    number = models.CharField(_("number"), max_length=20, unique=True)
    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="certificates"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="certificates"
    )
    employer_name = models.CharField(_("employer as printed"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    signed_by = models.CharField(_("signed by"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = LimitedTextField(_("reason for revocation"), max_length=TEXT_NOTE, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expiry_reminder_sent_on = models.DateField(_("expiry reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="employers_certificate_dates",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def status(self, today: date | None = None) -> str:
        """``"valid"``, ``"expired"`` or ``"revoked"`` on ``today`` (default: today)."""
        if self.revoked_at is not None:
            return self.State.REVOKED.value
        today = today or timezone.localdate()
        if today > self.valid_until:
            return self.State.EXPIRED.value
        return self.State.VALID.value


class AnnualCheck(models.Model):
    """The yearly check of the measures' progress during a certificate's validity."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="annual_checks",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = LimitedTextField(_("notes"), max_length=TEXT_NOTE, blank=True)
    reminder_sent_on = models.DateField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual check")
        verbose_name_plural = _("annual checks")
        ordering = ["certificate", "due_on"]

    def __str__(self) -> str:
        return f"{self.certificate} – {self.due_on}"
