"""Ideas of the Familienbeirat: families submit them (reviewed like partner content),
support and discuss them; the family office answers each with a stage, a public reason
and dated progress notes, and may link it to a workshop (an event) and a survey."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import limits
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.core.review.models import ReviewedContent

TITLE_MAX_LENGTH = 150
REASON_MAX_LENGTH = limits.TEXT_NOTE


class Stage(models.TextChoices):
    """What became of an idea (its life after publication; ``status`` is moderation)."""

    NEW = "new", pgettext_lazy("idea stage", "new")
    UNDER_REVIEW = "under_review", pgettext_lazy("idea stage", "under review")
    PLANNED = "planned", pgettext_lazy("idea stage", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("idea stage", "in progress")
    DONE = "done", pgettext_lazy("idea stage", "done")
    NOT_POSSIBLE = "not_possible", pgettext_lazy("idea stage", "not possible")


class Idea(ReviewedContent):
    Stage = Stage

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = limits.LimitedTextField(
        _("your idea"),
        max_length=limits.TEXT_SHORT,
        help_text=_("What should change, and what would it bring to families?"),
    )
    stage = models.CharField(
        _("stage of the idea"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.NEW,
        db_index=True,
    )
    stage_reason = limits.LimitedTextField(
        _("public reason for the stage"), max_length=REASON_MAX_LENGTH, blank=True
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("workshop"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("survey"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    # The author's language when submitting: mails about the idea are written in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="de"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "stage"], name="ideas_status_stage")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ProgressNote(AllianceOwned):
    """A dated, public note of the family office on how an idea goes on."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="progress_notes")
    day = models.DateField(
        _("date of the note"), default=timezone.localdate, validators=[limits.validate_date]
    )
    text = limits.LimitedTextField(_("progress"), max_length=REASON_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-day", "-id"]
        constraints = [limits.date_range_constraint("day", "ideas_progress_day_sane")]

    def __str__(self) -> str:
        return f"{self.idea}: {self.day:%d.%m.%Y}"


class Support(AllianceOwned):
    """One account supports one idea (at most once)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_one_support_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.idea} ({self.user_id})"


class Comment(AllianceOwned):
    """A comment of a signed-in person; coordinators may hide it with a reason."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_comments",
    )
    text = limits.LimitedTextField(_("comment"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.text[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def author_label(self) -> str:
        """Who wrote it, as the page shows it: a first name, never an address."""
        author = self.author
        if author is None:
            return str(_("a former member"))
        if author.is_coordinator:
            return str(_("Family office"))
        first = author.name.split(" ")[0] if author.name else ""
        return first or str(_("a family"))
