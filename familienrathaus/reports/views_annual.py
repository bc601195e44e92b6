"""The annual report (Jahresbericht): choose a year, write the texts, build, publish.

Only coordinators (``permissions.can_view_reports``); everybody else gets 404, the PDF
too. The page shows every section with its figures and charts and a text field; one
form saves all texts ("Texte speichern") or saves them and starts the PDF build ("PDF
erstellen"), so nothing typed is lost either way. The build runs in the worker; the page
follows it with ``static/frh/progress.js``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from familienrathaus.core import jobs, private_files
from familienrathaus.core.forms import add_errors
from familienrathaus.core.views.access import require
from familienrathaus.reports import permissions
from familienrathaus.reports.forms_annual import TextsForm, YearForm
from familienrathaus.reports.models import AnnualReport
from familienrathaus.reports.selectors import annual as selectors
from familienrathaus.reports.services import annual as services

Status = AnnualReport.Status


def _year_or_404(year: int) -> list[int]:
    years = selectors.report_years()
    if year not in years:
        raise Http404
    return years


@require_safe
@require(permissions.can_view_reports, hide=True)
def index(request: HttpRequest) -> HttpResponse:
    """The year picker: ``?jahr=`` opens that year, else the last finished year."""
    years = selectors.report_years()
    form = YearForm(request.GET or None, years=years)
    if form.is_bound and form.is_valid():
        return redirect("reports:annual-year", year=form.cleaned_data["jahr"])
    chosen = selectors.default_year(years)
    if chosen is not None and not form.is_bound:
        return redirect("reports:annual-year", year=chosen)
    return render(request, "reports/annual/index.html", {"form": form, "years": years})


@require_http_methods(["GET", "HEAD", "POST"])
@require(permissions.can_view_reports, hide=True)
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    years = _year_or_404(year)
    report = selectors.report_for(year)
    saved = (report.texts if report else None) or {}
    form = TextsForm(request.POST or None, initial=saved)
    if request.method == "POST":
        building = request.POST.get("action") == "build"
        if form.is_valid():
            try:
                report = services.save_texts(actor=request.user, year=year, texts=form.cleaned_data)  # type: ignore[arg-type]
                if building:
                    report = services.request_build(actor=request.user, year=year)  # type: ignore[arg-type]
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The texts are saved; the PDF is being built.")
                    if building
                    else _("The texts are saved."),
                )
                return redirect(_back_to(year, request.POST.get("action", "")))
    data = selectors.annual_data(year)
    fields = {key: form[key] for key in selectors.section_keys()}
    return render(
        request,
        "reports/annual/year.html",
        {
            "year": year,
            "years": years,
            "year_form": YearForm(initial={"jahr": year}, years=years),
            "report": report,
            "data": data,
            "form": form,
            "entries": [(section, fields[section.key]) for section in data.sections],
            "busy": report is not None and report.status in services.BUSY,
        },
    )


def _back_to(year: int, action: str) -> str:
    """The page again, scrolled to what the coordinator was at: the PDF's progress after
    "build", the section whose "save" button was pressed."""
    url = reverse("reports:annual-year", args=[year])
    if action == "build":  # also after publishing: the PDF's box
        return f"{url}#annual-pdf"
    key = action.removeprefix("save-")
    return f"{url}#section-{key}" if key in selectors.section_keys() else url


@require_safe
@require(permissions.can_view_reports, hide=True)
def build_status(request: HttpRequest, year: int) -> HttpResponse:
    """The state of the build, for the progress display (static/frh/progress.js)."""
    report = selectors.report_for(year)
    if report is None:
        raise Http404
    return jobs.progress_response(
        services.BUILDS,
        report,
        text=_status_text(report),
        running=report.status in services.BUSY,
    )


def _status_text(report: AnnualReport) -> str:
    if report.status == Status.QUEUED:
        return _("Waiting for the background worker …")
    if report.status == Status.RUNNING:
        return _("The PDF is being built: %(percent)s %%") % {"percent": report.progress}
    if report.status == Status.DONE:
        return _("The PDF is ready. Reload the page to download it.")
    if report.status == Status.FAILED:
        return _("The PDF could not be built. Reload the page to see why.")
    return ""


@require_safe
@require(permissions.can_view_reports, hide=True)
def download(request: HttpRequest, year: int) -> HttpResponse:
    report = selectors.report_for(year)
    if report is None or report.status != Status.DONE or not report.pdf:
        raise Http404
    return private_files.serve(report.pdf, download_name=f"jahresbericht-{year}.pdf")


@require_POST
@require(permissions.can_view_reports, hide=True)
def publish(request: HttpRequest, year: int) -> HttpResponse:
    report = selectors.report_for(year)
    if report is None:
        raise Http404
    try:
        services.publish(actor=request.user, report=report)  # type: ignore[arg-type]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The annual report is published with the brochures."))
    return redirect(_back_to(year, "build"))


@require_POST
@require(permissions.can_view_reports, hide=True)
def unpublish(request: HttpRequest, year: int) -> HttpResponse:
    report = selectors.report_for(year)
    if report is None:
        raise Http404
    services.unpublish(actor=request.user, report=report)  # type: ignore[arg-type]
    messages.success(request, _("The annual report is no longer published."))
    return redirect(_back_to(year, "build"))
