"""The reports part of the API (/api/v1/reports), for coordinators' tokens: the figures
a town's open-data portal or council information system takes over.

- ``GET /reports/districts?year=&theme=&audience=&band=`` – the district gap report as
  rows: per district (and a last row without a district for what cannot be placed) its
  kind, children and residents, the counts of offers, events, holiday occasions,
  Notinseln, nursing places and Kitas, the same per 1,000 children, the distance from
  its centre to the nearest offer per theme (km, by theme slug) and the demand signals.
  ``theme`` and ``audience`` are slugs, ``band`` one of ``0_2``, ``3_5``, ``6_9``,
  ``10_13``, ``14_17``; an unknown value answers 422 and names the allowed ones.
- ``GET /reports/figures?year=`` – every app's key figures of the year with those of the
  year before and the trend (the current year: 1 January to today against the same days
  of the year before).

Both need a personal API token (or session) of a coordinator; any other account gets
403. Labels come in the request's language (``Accept-Language``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status

from familienrathaus.core.api import Message, ValidationErrors, authenticated
from familienrathaus.core.models import Audience, Theme
from familienrathaus.reports import permissions
from familienrathaus.reports.models import AGE_BANDS
from familienrathaus.reports.selectors import figures, gaps

router = Router(tags=["reports"])

FIRST_YEAR, LAST_YEAR = 2000, 2100


# --------------------------------------------------------------------------- schemas


class ReportCountsOut(Schema):
    offers: int
    events: int
    occasions: int
    notinseln: int
    nursing: int
    kitas: int


class ReportPer1000Out(Schema):
    offers: float | None
    events: float | None
    occasions: float | None
    notinseln: float | None
    nursing: float | None
    kitas: float | None


class ReportDemandOut(Schema):
    survey_answers: int
    concerns: int
    children_not_placed: int
    waiting: int


class ReportDistrictRowOut(Schema):
    name: str
    slug: str | None  # None: the row of what could not be placed in a district
    kind: str | None  # "quarter" (Stadtteil), "village" (Ortsteil), None when not recorded
    children: int | None
    residents: int | None
    counts: ReportCountsOut
    per_1000: ReportPer1000Out
    nearest_km: dict[str, float | None]
    demand: ReportDemandOut
    weakest: bool


class ReportFiltersOut(Schema):
    theme: str | None
    audience: str | None
    band: str | None


class ReportDistrictsOut(Schema):
    year: int
    start: dt.date
    end: dt.date
    population_year: int | None
    measure: str
    filters: ReportFiltersOut
    rows: list[ReportDistrictRowOut]


class ReportTrendOut(Schema):
    direction: str  # up, down, same, new, none
    percent: int | None
    text: str


class ReportFigureOut(Schema):
    key: str
    label: str
    app: str
    app_label: str
    unit: str  # "", "%", "€" or "days" (working days)
    value: float | None
    previous: float | None
    url: str
    trend: ReportTrendOut


class ReportFiguresOut(Schema):
    year: int
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    year_to_date: bool
    figures: list[ReportFigureOut]


# --------------------------------------------------------------------------- helpers


def _refused() -> str:
    return pgettext("api", "Only coordinators may read the reports.")


def _unknown(name: str, value: str, allowed: str) -> Any:
    """422 for an unknown ``theme``, ``audience`` or ``band``, naming the allowed ones."""
    messages = {
        "theme": pgettext("api", "Unknown theme %(value)s; one of: %(allowed)s."),
        "audience": pgettext("api", "Unknown audience %(value)s; one of: %(allowed)s."),
        "band": pgettext("api", "Unknown age band %(value)s; one of: %(allowed)s."),
    }
    return _refuse(name, messages[name] % {"value": repr(value), "allowed": allowed})


def _refuse(name: str, message: str) -> Any:
    return Status(422, {"detail": [{"loc": ["query", name], "msg": message}]})


def _row(row: gaps.DistrictRow) -> dict[str, Any]:
    district, area = row.district, row.area
    return {
        "name": row.name,
        "slug": district.slug if district else None,
        "kind": area.kind if area else None,
        "children": row.children,
        "residents": row.residents,
        "counts": {key: row.counts.get(key, 0) for key in gaps.COUNT_KEYS},
        "per_1000": {key: row.per_1000.get(key) for key in gaps.COUNT_KEYS},
        "nearest_km": row.nearest_km,
        "demand": {key: row.demand.get(key, 0) for key in gaps.DEMAND_KEYS},
        "weakest": row.weakest,
    }


# --------------------------------------------------------------------------- endpoints


@router.get(
    "/districts",
    response={200: ReportDistrictsOut, 403: Message, 422: ValidationErrors},
    auth=authenticated,
    summary="The district gap report: supply, per 1,000 children, distances and demand",
)
def districts(
    request: HttpRequest,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR),
    theme: str | None = Query(None, max_length=100),
    audience: str | None = Query(None, max_length=100),
    band: str | None = Query(None, max_length=10),
) -> Any:
    if not permissions.can_use_reports_api(request.user):
        return Status(403, {"detail": _refused()})
    chosen_theme = Theme.objects.filter(slug=theme).first() if theme else None
    if theme and chosen_theme is None:
        slugs = ", ".join(Theme.objects.values_list("slug", flat=True))
        return _unknown("theme", theme, slugs)
    chosen_audience = Audience.objects.filter(slug=audience).first() if audience else None
    if audience and chosen_audience is None:
        slugs = ", ".join(Audience.objects.values_list("slug", flat=True))
        return _unknown("audience", audience, slugs)
    bands = [key for key, _low, _high in AGE_BANDS]
    if band and band not in bands:
        return _unknown("band", band, ", ".join(bands))
    report = gaps.district_report(
        gaps.GapFilters(theme=chosen_theme, audience=chosen_audience, band=band or None, year=year)
    )
    return Status(
        200,
        {
            "year": report.year,
            "start": report.start,
            "end": report.end,
            "population_year": report.population_year,
            "measure": report.measure,
            "filters": {
                "theme": chosen_theme.slug if chosen_theme else None,
                "audience": chosen_audience.slug if chosen_audience else None,
                "band": band or None,
            },
            "rows": [_row(row) for row in report.rows],
        },
    )


@router.get(
    "/figures",
    response={200: ReportFiguresOut, 403: Message, 422: ValidationErrors},
    auth=authenticated,
    summary="Every app's key figures of a year against the year before",
)
def key_figures(
    request: HttpRequest, year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR)
) -> Any:
    if not permissions.can_use_reports_api(request.user):
        return Status(403, {"detail": _refused()})
    today = figures.today()
    if year is not None and year > today.year:
        message = pgettext("api", "year must not be after %(year)s.")
        return _refuse("year", message % {"year": today.year})
    chosen = year or today.year
    current, previous = figures.periods_for(chosen, on=today)
    rows = figures.key_figures(chosen, on=today)
    return Status(
        200,
        {
            "year": chosen,
            "start": current.start,
            "end": current.end,
            "previous_start": previous.start,
            "previous_end": previous.end,
            "year_to_date": figures.is_year_to_date(current),
            "figures": [
                {**figures.as_dict(f), "url": request.build_absolute_uri(f.url)} for f in rows
            ],
        },
    )
