"""Writes of the annual report: the coordinator's texts, the PDF build, the publication.

One :class:`AnnualReport` row per year, created the first time a coordinator saves a
text for it. The PDF is a background job of :mod:`familienrathaus.core.jobs`
(:data:`BUILDS`): :func:`request_build` sets the row to "queued" and enqueues the task in
the same transaction; the worker (``reports.tasks.build_annual_report``) claims it
(queued → running), writes its progress as a percentage and keeps the PDF as a private
file. A worker that dies leaves a "running" row that the job recovery marks as failed
with a message after :data:`STALE_AFTER` of silence.

Publishing hands a copy of the built PDF to the news app (``news.services
.add_publication``), which lists it with the brochures; un-publishing deletes that
publication again through the news app's service.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from familienrathaus.core import audit, jobs
from familienrathaus.core.models import User
from familienrathaus.news import services as news_services
from familienrathaus.reports import annual_pdf
from familienrathaus.reports.models import AnnualReport
from familienrathaus.reports.selectors import annual as selectors

logger = logging.getLogger(__name__)

Status = AnnualReport.Status

# The task that builds (reports.tasks.build_annual_report), found by name.
BUILD = "reports.annual"
# A report of a large town builds in well under a minute; this much silence means the
# worker stopped.
STALE_AFTER = timedelta(minutes=15)
BUSY = (Status.QUEUED, Status.RUNNING)
# The message a stopped build keeps (translated when shown).
STOPPED = gettext_noop(
    "The background worker stopped before the PDF was finished. Please try again."
)
TEXT_LIMIT = 5000


@transaction.atomic
def save_texts(*, actor: User, year: int, texts: dict[str, str]) -> AnnualReport:
    """Keep the texts of the year's sections (the row is created on the first save)."""
    if year not in selectors.report_years():
        raise ValidationError(_("There is nothing to report for this year."))
    cleaned = {key: (texts.get(key) or "").strip() for key in selectors.section_keys()}
    too_long = [key for key, text in cleaned.items() if len(text) > TEXT_LIMIT]
    if too_long:
        raise ValidationError(
            {
                key: _("Please keep the text to %(limit)s characters.") % {"limit": TEXT_LIMIT}
                for key in too_long
            }
        )
    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    before = dict(report.texts or {})
    report.texts = {key: text for key, text in cleaned.items() if text}
    report.updated_by = actor
    report.full_clean()
    report.save()
    audit.record(
        actor=actor,
        action="annual_report.texts",
        obj=report,
        changes=audit.diff(
            {key: len(value) for key, value in before.items()},
            {key: len(value) for key, value in report.texts.items()},
        ),
    )
    return report


@transaction.atomic
def request_build(*, actor: User, year: int) -> AnnualReport:
    """Queue the PDF of the year; refused while it is being built."""
    if year not in selectors.report_years():
        raise ValidationError(_("There is nothing to report for this year."))
    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    if report.status in BUSY:
        raise ValidationError(_("The PDF is already being built. Please wait until it is done."))
    report.status = Status.QUEUED
    report.progress = 0
    report.error = ""
    report.updated_by = actor
    report.save(update_fields=["status", "progress", "error", "updated_by", "updated_at"])
    jobs.enqueue(BUILD, report.pk)
    audit.record(actor=actor, action="annual_report.build", obj=report)
    return report


def run_build(*, report_id: int) -> AnnualReport:
    """Build the PDF of a queued report. Called by the worker (``tasks.build_annual_report``)."""
    claimed = jobs.claim(
        BUILDS, report_id, from_status=Status.QUEUED, to_status=Status.RUNNING, progress=1
    )
    report = AnnualReport.objects.get(pk=report_id)
    if not claimed:  # already run (or running) by another worker
        return report
    progress = jobs.Progress(BUILDS, report.pk)

    def tell(percent: int) -> None:
        progress(min(percent, 99), 100)

    old_name = report.pdf.name
    try:
        with translation.override(settings.LANGUAGE_CODE):
            content = annual_pdf.render(report, on_progress=tell)
        progress(99, 100, force=True)
        report.pdf.save(_file_name(report), ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("Building the annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    updated = AnnualReport.objects.filter(pk=report_id, status=Status.RUNNING).update(
        status=Status.DONE, progress=100, pdf=report.pdf.name, built_at=timezone.now(), error=""
    )
    if not updated and report.pdf.name:  # recovered as stale meanwhile: drop the file
        report.pdf.storage.delete(report.pdf.name)
    elif old_name and old_name != report.pdf.name:
        report.pdf.storage.delete(old_name)
    report.refresh_from_db()
    return report


def _file_name(report: AnnualReport) -> str:
    return f"jahresbericht-{report.year}.pdf"


def publish(*, actor: User, report: AnnualReport) -> AnnualReport:
    """List the built PDF with the site's brochures (a news publication); a publication
    of an older build is replaced by the current one."""
    if report.status != Status.DONE or not report.pdf:
        raise ValidationError(_("Please build the PDF first."))
    with report.pdf.open("rb") as handle:
        content = handle.read()
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.publication is not None:
            news_services.delete_publication(actor=actor, publication=report.publication)
        with translation.override(settings.LANGUAGE_CODE):
            title = selectors.document_title(report.year)
            description = _("The alliance's figures and report for %(year)s.") % {
                "year": report.year
            }
        publication = news_services.add_publication(
            actor=actor,
            title=title,
            description=description,
            language=settings.LANGUAGE_CODE,
            file=ContentFile(content, name=_file_name(report)),
        )
        report.publication = publication
        report.save(update_fields=["publication", "updated_at"])
        audit.record(actor=actor, action="annual_report.publish", obj=report)
    return report


def unpublish(*, actor: User, report: AnnualReport) -> AnnualReport:
    """Take the report's publication off the site (the PDF stays with the report)."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.publication is not None:
            news_services.delete_publication(actor=actor, publication=report.publication)
            report.publication = None
            report.save(update_fields=["publication", "updated_at"])
            audit.record(actor=actor, action="annual_report.unpublish", obj=report)
    return report


# --------------------------------------------------------------------------- the job


def _on_stale(report: AnnualReport) -> dict[str, Any]:
    return {"status": Status.FAILED, "error": STOPPED}


BUILDS = jobs.register(
    jobs.Kind(
        name="annual_report",
        model=AnnualReport,
        running=(Status.RUNNING,),
        lease=STALE_AFTER,
        on_stale=_on_stale,
        done="progress",
        total=100,
        recovered="Marked {count} annual report build(s) left by a stopped worker as failed.",
    )
)
