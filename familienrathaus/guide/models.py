from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.jobs import Job
from familienrathaus.core.models import Audience, Theme


class GuideBuild(Job):
    """One run of the printed Familienwegweiser: the whole guide, one theme or one audience.

    A background job (core.jobs): the worker writes ``status``, ``progress`` (a
    percentage), ``step`` and its heartbeat as it goes, so the back office can show how
    far it is.
    """

    class Scope(models.TextChoices):
        ALL = "all", _("whole guide")
        THEME = "theme", _("one theme")
        AUDIENCE = "audience", _("one audience")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("being built")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for the background worker")
        READING = "reading", _("Reading the published offers")
        LAYOUT = "layout", _("Laying out the pages")
        PDF = "pdf", _("Writing the PDF file")
        SAVING = "saving", _("Saving the file")
        FINISHED = "finished", _("Finished")
        STOPPED = "stopped", _("Stopped")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.ForeignKey(
        Audience,
        verbose_name=_("audience"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The theme's or audience's name when the build was requested: it outlives a renamed
    # or deleted vocabulary entry.
    scope_name = models.CharField(_("for"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, default="de")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    step_detail = models.CharField(_("detail"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("PDF file"), upload_to="guide/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file_size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    offer_count = models.PositiveIntegerField(_("offers"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("guide build")
        verbose_name_plural = _("guide builds")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["scope", "status", "-finished_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.title

    @property
    def title(self) -> str:
        if self.scope == self.Scope.ALL:
            return str(_("Family guide"))
        label = _("Family guide")  # outside the f-string, where makemessages reads it
        return f"{label}: {self.scope_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def clean(self) -> None:
        if self.scope == self.Scope.THEME and self.theme_id is None and not self.pk:
            raise ValidationError({"theme": _("Choose a theme.")})
        if self.scope == self.Scope.AUDIENCE and self.audience_id is None and not self.pk:
            raise ValidationError({"audience": _("Choose an audience.")})
