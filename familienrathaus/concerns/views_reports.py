"""Reports on concerns for the coordinators and the Kuratorium: tables, charts, downloads.

``?format=csv`` or ``?format=xlsx`` on either page downloads the same figures as one
table (CSV for German Excel: UTF-8 with BOM and ``;``). The annual report is anonymised:
no family's name, contact or text appears on any report, and the annual one names no
partner or office either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.concerns import permissions
from familienrathaus.concerns.forms_reports import YearForm
from familienrathaus.concerns.selectors import reports
from familienrathaus.core import charts, exports
from familienrathaus.core.periods import PeriodForm
from familienrathaus.core.views.access import require

FORMATS = {"csv", "xlsx"}


def _today() -> dt.date:
    return dt.datetime.now(reports.BERLIN).date()


def _charts(data: reports.Report) -> dict[str, charts.Chart]:
    def bars(rows: list[reports.Row]) -> list[tuple[str, int]]:
        return [(row.label, row.count) for row in rows]

    return {
        "month": charts.column_chart(
            title=_("Concerns by month of arrival"),
            points=[(formats.date_format(month, "M y"), count) for month, count in data.by_month],
            label_header=_("Month"),
        ),
        "topic": charts.bar_chart(title=_("Concerns by topic"), bars=bars(data.by_topic)),
        "district": charts.bar_chart(title=_("Concerns by district"), bars=bars(data.by_district)),
        "kind": charts.bar_chart(title=_("Concerns by kind"), bars=bars(data.by_kind)),
        "channel": charts.bar_chart(title=_("Concerns by channel"), bars=bars(data.by_channel)),
        "status": charts.bar_chart(title=_("Concerns by status"), bars=bars(data.by_status)),
        "passed": charts.bar_chart(title=_("Who handled the concerns"), bars=bars(data.passed_on)),
    }


def _download(request: HttpRequest, data: reports.Report, filename: str) -> HttpResponse:
    return exports.table_response(
        request.GET["format"],
        f"{filename}-{data.period.slug}",
        reports.export_header(),
        reports.export_rows(data),
    )


def _context(data: reports.Report, **extra: Any) -> dict[str, Any]:
    times = [
        (_("First answer"), "first", data.first_answer, data.first_in_time),
        (_("Closing"), "closing", data.closing, data.close_in_time),
    ]
    topic_steps = [
        {
            "key": "first",
            "caption": _("First answer by topic (working days)"),
            "rows": [
                (
                    t.label,
                    t.first_answer_days,
                    t.first_in_time.share_text,
                    t.first_answer.median_text,
                )
                for t in data.topics
            ],
        },
        {
            "key": "closing",
            "caption": _("Closing by topic (working days)"),
            "rows": [
                (t.label, t.closing_days, t.close_in_time.share_text, t.closing.median_text)
                for t in data.topics
            ],
        },
    ]
    return {
        "report": data,
        "charts": _charts(data),
        "times": times,
        "topic_steps": topic_steps,
        **extra,
    }


@require_safe
@require(permissions.can_use_desk)
def overview(request: HttpRequest) -> HttpResponse:
    today = _today()
    form = PeriodForm(request.GET or None, years=reports.report_years(today=today), today=today)
    data = reports.report(period=form.period(), today=today)
    if request.GET.get("format") in FORMATS:  # the period shown, also after a typing error
        return _download(request, data, "anliegen-bericht")
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "concerns/reports/overview.html",
        _context(data, form=form, query=query.urlencode()),
    )


@require_safe
@require(permissions.can_use_desk)
def annual(request: HttpRequest) -> HttpResponse:
    today = _today()
    form = YearForm(request.GET or None, years=reports.report_years(today=today), today=today)
    data = reports.report(period=reports.Period.year(form.year()), anonymised=True, today=today)
    if request.GET.get("format") in FORMATS:
        return _download(request, data, "anliegen-jahresbericht")
    return render(
        request,
        "concerns/reports/annual.html",
        _context(data, form=form, year=data.period.start.year),
    )
