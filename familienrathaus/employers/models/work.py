"""What a participation produces: answers, measures, talks, the evaluation, the
certificate and its annual checks (see the package's docstring)."""

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
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.employers.models.programme import (
    Criterion,
    Employer,
    FieldOfAction,
    Participation,
    Round,
)


class Answer(AllianceOwned):
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


class MeasureTemplate(AllianceOwned):
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


class Measure(AllianceOwned):
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


class Talk(AllianceOwned):
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


class Evaluation(AllianceOwned):
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


class Certificate(AllianceOwned):
    class State(models.TextChoices):
        VALID = "valid", _("valid")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    number = models.CharField(_("number"), max_length=20)
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
            models.UniqueConstraint(
                fields=["alliance", "number"], name="employers_certificate_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="employers_certificate_dates",
            ),
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


class AnnualCheck(AllianceOwned):
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
