from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.jobs import Job


class ImportRun(Job):
    """One uploaded CSV or XLSX file on its way in: checked, previewed, then imported whole.

    The file's bytes live in the database rather than on disk, so a worker on another
    machine can read them; they are dropped once the run is imported or discarded.
    ``core.imports`` explains the flow.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        READY = "ready", _("ready to import")
        INVALID = "invalid", _("has errors")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        DISCARDED = "discarded", _("discarded")

    resource = models.CharField(_("what is imported"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False, default=bytes)
    options = models.JSONField(default=dict, blank=True)
    # The uploader's language: the worker writes the row messages in it.
    language = models.CharField(max_length=10, default="de")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # Counts, the first rows of each kind and every failed row (see core.imports.Report).
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("problem"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # heartbeat_at (core.jobs.Job): a check or import whose worker has been silent for
    # longer than core.imports.STALE_AFTER was left by a stopped worker.

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.resource}: {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING}
