"""Writes of the printed guide: request a build, run it in the worker, report progress.

A build is a background job of :mod:`familienrathaus.core.jobs` (:data:`BUILDS`). A
coordinator's request writes a :class:`GuideBuild` row and enqueues the ``build_guide``
task in the same transaction (queue and rows live in the same database: both exist or
neither). The worker claims the row (queued → running), so a task that runs twice builds
once. While it works it writes progress (a percentage) and its heartbeat to the row with
plain UPDATEs outside any transaction, so the back office sees each step as it happens.
A failure is recorded on the row with its message; a worker that dies mid-build leaves a
"running" row that the job recovery marks as failed after :data:`STALE_AFTER` of silence.
Builds older than ``prune_old_data``'s limit go with their files, except the ones the
public download serves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from familienrathaus.core import audit, jobs
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import Audience, Theme, User
from familienrathaus.guide import document, printing, selectors
from familienrathaus.guide.models import GuideBuild

logger = logging.getLogger(__name__)

Status = GuideBuild.Status
Step = GuideBuild.Step

# A guide of 1,000 offers takes well under a minute; a build "running" for this long
# belongs to a worker that stopped.
STALE_AFTER = timedelta(minutes=30)
# Progress (0–100) at the start of each step.
LAYOUT_FROM, PDF_AT, SAVING_AT = 5, 88, 95
# Pages per offer, to turn "page n" of the layout into a percentage.
PAGES_PER_OFFER = 0.37
REPORT_EVERY_SECONDS = 0.5
# The task that builds (guide.tasks.build_guide), found by name.
BUILD = "guide.build"


@transaction.atomic
def request_build(
    *,
    actor: User,
    scope: str,
    theme: Theme | None = None,
    audience: Audience | None = None,
    language: str | None = None,
) -> GuideBuild:
    """Queue a build of the guide; refused while the same guide is still being built."""
    if scope != GuideBuild.Scope.THEME:
        theme = None
    if scope != GuideBuild.Scope.AUDIENCE:
        audience = None
    if selectors.build_in_progress(scope=scope, theme=theme, audience=audience):
        raise ValidationError(_("This guide is already being built. Please wait until it is done."))
    build = GuideBuild(
        scope=scope,
        theme=theme,
        audience=audience,
        scope_name=theme.name if theme else audience.name if audience else "",
        language=language or settings.LANGUAGE_CODE,
        requested_by=actor,
    )
    build.full_clean()
    build.save()
    jobs.enqueue(BUILD, build.pk)
    audit.record(
        actor=actor,
        action="guide_build.request",
        obj=build,
        changes=audit.diff({}, {"scope": build.scope, "for": build.scope_name}),
    )
    return build


def run_build(*, build_id: int) -> GuideBuild:
    """Build the PDF of a queued build. Called by the worker (``tasks.build_guide``)."""
    claimed = jobs.claim(
        BUILDS,
        build_id,
        from_status=Status.QUEUED,
        to_status=Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
        step=Step.READING,
        step_detail="",
    )
    build = GuideBuild.objects.select_related("theme", "audience").get(pk=build_id)
    if not claimed:  # already run (or running) by another worker
        return build
    reporter = _Reporter(build.pk)
    try:
        with translation.override(build.language):
            result = _render(build, reporter)
        reporter.report(SAVING_AT, Step.SAVING, force=True)
        build.file.save(_file_name(build), ContentFile(result.pdf.content), save=False)
    except Exception as exc:
        logger.exception("Building guide %s failed", build_id)
        GuideBuild.objects.filter(pk=build_id).update(
            status=Status.FAILED,
            step=Step.STOPPED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    GuideBuild.objects.filter(pk=build_id).update(
        status=Status.DONE,
        progress=100,
        step=Step.FINISHED,
        step_detail="",
        file=build.file.name,
        page_count=result.pdf.pages,
        file_size=len(result.pdf.content),
        offer_count=result.offers,
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    return build


@dataclass(frozen=True)
class BuildResult:
    pdf: printing.RenderedPdf
    offers: int


def build_pdf(
    *,
    scope: str,
    theme: Theme | None = None,
    audience: Audience | None = None,
    reporter: Any = None,
) -> BuildResult:
    """The guide's PDF for a scope, without a build row (used by builds and the benchmark)."""
    reporter = reporter or _Reporter(None)
    reporter.report(2, Step.READING, force=True)
    offers = list(
        selectors.published_offers(
            theme=theme if scope == GuideBuild.Scope.THEME else None,
            audience=audience if scope == GuideBuild.Scope.AUDIENCE else None,
        )
    )
    site = core_selectors.site_settings()
    subject = (
        theme
        if scope == GuideBuild.Scope.THEME
        else audience
        if scope == GuideBuild.Scope.AUDIENCE
        else None
    )

    expected_pages = max(10, int(len(offers) * PAGES_PER_OFFER) + 10)
    current = {"section": ""}

    def on_section(done: int, total: int, name: str) -> None:
        current["section"] = name

    def on_page(number: int) -> None:
        share = (PDF_AT - LAYOUT_FROM) * min(number, expected_pages) // expected_pages
        detail = _("%(theme)s, page %(number)s") % {"theme": current["section"], "number": number}
        reporter.report(LAYOUT_FROM + share, Step.LAYOUT, detail)

    pdf = document.render_pdf(
        title=_("Family guide") + (f": {subject.name}" if subject else ""),
        subtitle=_subtitle(scope, site.municipality, subject),
        site=site,
        offers=offers,
        theme=theme if scope == GuideBuild.Scope.THEME else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        on_section=on_section,
        on_page=on_page,
        on_write=lambda: reporter.report(PDF_AT, Step.PDF, force=True),
    )
    return BuildResult(pdf=pdf, offers=len(offers))


def _render(build: GuideBuild, reporter: _Reporter) -> BuildResult:
    if build.scope == GuideBuild.Scope.THEME and build.theme is None:
        raise ValueError("The theme of this build no longer exists.")
    if build.scope == GuideBuild.Scope.AUDIENCE and build.audience is None:
        raise ValueError("The audience of this build no longer exists.")
    return build_pdf(
        scope=build.scope, theme=build.theme, audience=build.audience, reporter=reporter
    )


def _subtitle(scope: str, municipality: str, subject: Theme | Audience | None) -> str:
    where = municipality or _("our town")
    if scope == GuideBuild.Scope.AUDIENCE and subject is not None:
        return _("Offers for %(audience)s in %(place)s") % {
            "audience": subject.name,
            "place": where,
        }
    return _("Offers and help for families in %(place)s") % {"place": where}


def _file_name(build: GuideBuild) -> str:
    stamp = timezone.localdate().isoformat()
    part = slugify(build.scope_name) or "gesamt"
    return f"familienwegweiser-{part}-{stamp}-{build.pk}.pdf"


class _Reporter:
    """Writes progress to the build row: at most every half second, never backwards."""

    def __init__(self, build_id: int | None) -> None:
        self.write = jobs.Progress(BUILDS, build_id, every=REPORT_EVERY_SECONDS)
        self.progress = 0

    def report(self, progress: int, step: str, detail: str = "", *, force: bool = False) -> None:
        progress = max(self.progress, min(progress, 99))
        if self.write(progress, force=force, step=step, step_detail=detail[:200]):
            self.progress = progress


# --------------------------------------------------------------------------- the job


def _on_stale(build: GuideBuild) -> dict[str, Any]:
    return {
        "status": Status.FAILED,
        "step": Step.STOPPED,
        "error": "The background worker stopped before the guide was finished.",
        "finished_at": timezone.now(),
    }


def _prune(cutoff: datetime, dry_run: bool, say: Callable[[str], None]) -> None:
    """Builds requested before ``cutoff``, with their PDF files, except the newest
    finished build of each guide, which the public download serves."""
    verb = "Would delete" if dry_run else "Deleted"
    served = {build.pk for build in selectors.published_downloads()}
    old = list(
        GuideBuild.objects.filter(created_at__lt=cutoff, status__in=[Status.DONE, Status.FAILED])
        .exclude(pk__in=served)
        .order_by("created_at", "pk")
    )
    files = 0
    for build in old:
        name = build.file.name
        say(f"{verb} guide build {build.pk} ({build}){f', {name}' if name else ''}")
        if dry_run:
            files += bool(name)
            continue
        with transaction.atomic():
            build.delete()
        if name and build.file.storage.exists(name):
            build.file.storage.delete(name)
            files += 1
    say(f"{verb} {len(old)} guide build(s) and {files} PDF file(s).")


BUILDS = jobs.register(
    jobs.Kind(
        name="guide",
        model=GuideBuild,
        running=(Status.RUNNING,),
        lease=STALE_AFTER,
        on_stale=_on_stale,
        done="progress",
        total=100,
        prune=_prune,
        recovered="Marked {count} guide build(s) left by a stopped worker as failed.",
    )
)
