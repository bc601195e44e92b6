"""Back-office pages of the CSV/XLSX import (the flow is explained in ``core.imports``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import imports, jobs, permissions
from familienrathaus.core.exports import table_response
from familienrathaus.core.imports import ImportSpec
from familienrathaus.core.models import ImportRun
from familienrathaus.core.views.access import require

RECENT_RUNS = 20
FORMATS = {"csv", "xlsx"}


def _spec(slug: str) -> ImportSpec:
    spec = imports.get_spec_by_slug(slug)
    if spec is None:
        raise Http404
    return spec


@require(permissions.can_import)
def index(request: HttpRequest) -> HttpResponse:
    specs = {spec.resource: spec for spec in imports.specs()}
    runs = [
        (run, specs.get(run.resource))
        for run in ImportRun.objects.select_related("created_by")[:RECENT_RUNS]
    ]
    return render(request, "core/imports/index.html", {"specs": specs.values(), "runs": runs})


@require(permissions.can_import)
def upload(request: HttpRequest, resource: str) -> HttpResponse:
    spec = _spec(resource)
    form = imports.upload_form_class(spec)(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        run = imports.start_import(
            actor=request.user,  # type: ignore[arg-type]
            spec=spec,
            file_name=uploaded.name or "",
            content=uploaded.read(),
            options=imports.options_from(spec, form.cleaned_data),
            language=translation.get_language() or "de",
        )
        return redirect("core:import_run", pk=run.pk)
    return render(
        request,
        "core/imports/upload.html",
        {
            "spec": spec,
            "form": form,
            "max_rows": number_format(imports.MAX_ROWS, force_grouping=True),
            "max_megabytes": imports.MAX_BYTES // (1024 * 1024),
        },
    )


@require(permissions.can_import)
def template(request: HttpRequest, resource: str, file_format: str) -> HttpResponse:
    spec = _spec(resource)
    if file_format not in FORMATS:
        raise Http404
    header, rows = imports.template_table(spec)
    return table_response(file_format, f"import-{spec.slug}-vorlage", header, rows)


@require(permissions.can_import)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk)
    spec = imports.get_spec(run.resource)
    report = run.report or {}
    counts = report.get("counts", {})
    return render(
        request,
        "core/imports/run.html",
        {
            "run": run,
            "spec": spec,
            "report": report,
            "counts": counts,
            "samples": [
                (kind, label, report.get("samples", {}).get(kind, []), counts.get(kind, 0))
                for kind, label in (
                    (imports.NEW, _("New")),
                    (imports.UPDATED, _("Updated")),
                    (imports.UNCHANGED, _("Unchanged")),
                )
            ],
            "errors": report.get("errors", []),
            "progress_text": _progress_text(run),
            "can_import": run.status == ImportRun.Status.READY
            and (counts.get(imports.NEW, 0) + counts.get(imports.UPDATED, 0)) > 0,
        },
    )


def _progress_text(run: ImportRun) -> str:
    if run.status == ImportRun.Status.QUEUED:
        return _("The file waits to be checked.")
    if run.status == ImportRun.Status.CHECKING:
        if not run.rows_total:
            return _("The file is being read.")
        return _("%(done)s of %(total)s rows checked.") % {
            "done": run.rows_done,
            "total": run.rows_total,
        }
    if run.status == ImportRun.Status.IMPORTING:
        return _("The rows are being saved. This can take a minute for large files.")
    return ""


@require(permissions.can_import)
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The state of a run, for the progress display (static/frh/progress.js): rows
    checked of all rows; while the rows are saved, no count (it is one transaction)."""
    run = get_object_or_404(ImportRun, pk=pk)
    return jobs.progress_response(
        imports.RUNS,
        run,
        text=_progress_text(run),
        running=run.is_running,
        numbers=run.status != ImportRun.Status.IMPORTING,
    )


@require(permissions.can_import)
def run_errors(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    errors = (run.report or {}).get("errors", [])
    return table_response(
        file_format,
        f"import-{run.pk}-fehler",
        [_("Row"), _("Column"), _("Problem")],
        ((error["row"], error["column"], error["message"]) for error in errors),
    )


@require(permissions.can_import)
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    if imports.confirm_import(actor=request.user, run=run):  # type: ignore[arg-type]
        messages.success(request, _("The import has started."))
    else:
        messages.error(request, _("This file cannot be imported (any more)."))
    return redirect("core:import_run", pk=run.pk)


@require(permissions.can_import)
@require_POST
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    if imports.discard_import(run=run):
        messages.success(request, _("The file was discarded. Nothing was imported."))
        return redirect("core:import_index")
    messages.error(request, _("This file can no longer be discarded."))
    return redirect("core:import_run", pk=run.pk)
