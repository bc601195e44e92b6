"""The welcome's report for coordinators and the council: tables, charts, downloads.

``?format=csv`` downloads the figures as one table (CSV for German Excel), ``?format=xlsx``
as a workbook with one sheet per breakdown; both for the period shown.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core import charts, exports
from familienrathaus.core.periods import PeriodForm
from familienrathaus.core.views.access import require
from familienrathaus.welcome import permissions
from familienrathaus.welcome.selectors import reports


def _today() -> dt.date:
    return dt.datetime.now(reports.BERLIN).date()


def _euros(lines: list[reports.Line]) -> list[tuple[str, int]]:
    return [(line.label, int(line.figures.grants_sum)) for line in lines]


def _short(lines: list[reports.Line]) -> list[reports.Line]:
    """Months as "Jan 26" along a chart's axis (the table under it names them in full)."""
    return [
        reports.Line(formats.date_format(line.key, "M y"), line.figures, line.key) for line in lines
    ]


def _charts(data: reports.Report) -> dict[str, charts.Chart]:
    return {
        "month": charts.column_chart(
            title=_("Registrations by month"),
            points=[(line.label, line.figures.registrations) for line in _short(data.by_month)],
            label_header=_("Month"),
        ),
        "district": charts.bar_chart(
            title=_("Registrations by district"),
            bars=[(line.label, line.figures.registrations) for line in data.by_district],
        ),
        "grants_month": charts.column_chart(
            title=_("Grants paid by month (EUR)"),
            points=_euros(_short(data.by_month)),
            label_header=_("Month"),
        ),
        "grants_district": charts.bar_chart(
            title=_("Grants paid by district (EUR)"), bars=_euros(data.by_district)
        ),
        "language": charts.bar_chart(
            title=_("Registrations by language"),
            bars=[(line.label, line.figures.registrations) for line in data.by_language],
        ),
        "first_born": charts.bar_chart(
            title=_("First children and siblings"),
            bars=[(line.label, line.figures.registrations) for line in data.by_first_born],
        ),
    }


@require_safe
@require(permissions.can_manage, hide=True)
def overview(request: HttpRequest) -> HttpResponse:
    today = _today()
    form = PeriodForm(request.GET or None, years=reports.report_years(today=today), today=today)
    data = reports.report(period=form.period())
    file_format = request.GET.get("format")
    filename = f"babybegruessung-bericht-{data.period.slug}"
    if file_format == "xlsx":
        sheets = reports.export_sheets(data)
        first_title, first_header, first_rows = sheets[0]
        return exports.xlsx_response(
            filename, first_header, first_rows, title=first_title, sheets=sheets[1:]
        )
    if file_format == "csv":
        return exports.csv_response(filename, reports.export_header(), reports.export_rows(data))
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "welcome/reports/overview.html",
        {
            "form": form,
            "report": data,
            "charts": _charts(data),
            "query": query.urlencode(),
            "tables": [
                ("months", _("By month"), _("Month"), data.by_month),
                ("districts", _("By district"), _("District"), data.by_district),
            ],
        },
    )
