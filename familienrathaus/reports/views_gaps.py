"""The district gap report (Angebotslücken) for coordinators: filters, the map with its
text summary, the same figures as a table sorted on the server (header links, aria-sort),
the demand tables, and the table as CSV or XLSX.

Without any outline the page is the tables alone and says where outlines are entered.
The optional city map ("Stadtplan laden", Leaflet) colours the same outlines the same
way; nothing is loaded from the tile server before the coordinator asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core import exports, tiles
from familienrathaus.core.views.access import require
from familienrathaus.reports import choropleth, permissions
from familienrathaus.reports.forms_gaps import GapForm
from familienrathaus.reports.selectors import gaps
from familienrathaus.reports.selectors.gaps import (
    COUNT_LABELS,
    DEMAND_KEYS,
    DEMAND_LABELS,
    DistrictReport,
    DistrictRow,
    measure_label,
)

Getter = Callable[[DistrictRow], float | int | str | None]


@dataclass
class Column:
    key: str  # the ?sortierung= value
    label: str
    get: Getter
    measure: str = ""  # how the value is formatted (per 1,000: one decimal)
    zero_marks: bool = False  # a zero is marked as a gap
    unit: str = ""


def _report(request: HttpRequest) -> tuple[GapForm, DistrictReport]:
    form = GapForm(request.GET or None)
    return form, gaps.district_report(form.filters(), measure=form.measure())


def _supply_columns(report: DistrictReport) -> list[Column]:
    def count(key: str) -> Getter:
        return lambda row: row.counts[key]

    def per_1000(key: str) -> Getter:
        return lambda row: row.per_1000[key]

    measure = report.measure
    columns = [
        Column(
            "map",
            _("Map: %(measure)s") % {"measure": measure_label(measure)},
            lambda row: row.value(measure),
            measure=measure,
            zero_marks=measure not in DEMAND_KEYS,
        ),
        Column(
            "children",
            _("Children") + (f" ({report.band_label})" if report.band_label else ""),
            lambda row: row.children,
        ),
    ]
    for key in gaps.COUNT_KEYS:
        columns.append(Column(key, str(COUNT_LABELS[key]), count(key), zero_marks=True))
        if report.has_children and key in {"offers", "events", "occasions"}:
            columns.append(
                Column(
                    f"{key}{gaps.PER_1000}",
                    measure_label(f"{key}{gaps.PER_1000}"),
                    per_1000(key),
                    measure=f"{key}{gaps.PER_1000}",
                    zero_marks=True,
                )
            )
    return columns


def _distance_columns(report: DistrictReport) -> list[Column]:
    def km(slug: str) -> Getter:
        return lambda row: row.nearest_km.get(slug)

    return [
        Column(f"km-{theme.slug}", theme.name, km(theme.slug), measure="km", unit="km")
        for theme in report.themes
    ]


def _demand_columns() -> list[Column]:
    def demand(key: str) -> Getter:
        return lambda row: row.demand[key]

    return [Column(key, str(DEMAND_LABELS[key]), demand(key)) for key in DEMAND_KEYS]


def _sorted(
    rows: list[DistrictRow], columns: list[Column], key: str, descending: bool
) -> list[DistrictRow]:
    """Districts by the column (empty values last, then by name); "ohne Stadtteil" last."""
    districts = [row for row in rows if row.district is not None]
    rest = [row for row in rows if row.district is None]
    getter: Getter | None = next((c.get for c in columns if c.key == key), None)
    districts.sort(key=lambda row: row.name.casefold())
    if getter is not None:
        known = [row for row in districts if getter(row) is not None]
        unknown = [row for row in districts if getter(row) is None]
        known.sort(key=lambda row: getter(row), reverse=descending)  # type: ignore[arg-type,return-value]
        districts = known + unknown
    elif descending:
        districts.reverse()
    return districts + rest


def _cells(row: DistrictRow, columns: list[Column]) -> list[dict[str, Any]]:
    cells = []
    for column in columns:
        value = column.get(row)
        number = value if isinstance(value, int | float) else None
        if column.measure == "km":
            text = choropleth.format_value(number, "km_per_1000")  # one decimal
        else:
            text = choropleth.format_value(number, column.measure)
        cells.append(
            {
                "text": text,
                "zero": column.zero_marks and value == 0 and row.district is not None,
                "unit": column.unit if value is not None else "",
            }
        )
    return cells


def _headers(
    request: HttpRequest, columns: list[Column], key: str, descending: bool
) -> list[dict[str, Any]]:
    query = request.GET.copy()
    headers = []
    for column in columns:
        active = column.key == key
        query["sortierung"] = column.key
        query["richtung"] = "auf" if active and descending else ("ab" if active else "auf")
        headers.append(
            {
                "label": column.label,
                "url": "?" + query.urlencode() + "#gaps-table",
                "sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return headers


@require_safe
@require(permissions.can_view_reports, hide=True)
def gaps_page(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    supply = _supply_columns(report)
    distance = _distance_columns(report)
    demand = _demand_columns()
    every = [
        Column("name", _("District"), lambda row: row.name.casefold()),
        *supply,
        *distance,
        *demand,
    ]
    key = request.GET.get("sortierung") or "map"
    if all(column.key != key for column in every):
        key = "map"
    descending = request.GET.get("richtung") == "ab"
    rows = _sorted(report.rows, every, key, descending)
    tables = []
    for name, caption, columns in (
        ("supply", _("Offers and places by district"), supply),
        ("distance", _("Distance from the district's centre to the nearest offer"), distance),
        ("demand", _("Demand by district"), demand),
    ):
        tables.append(
            {
                "name": name,
                "caption": caption,
                "name_header": _headers(request, every[:1], key, descending)[0],
                "headers": _headers(request, columns, key, descending),
                "rows": [{"row": row, "cells": _cells(row, columns)} for row in rows],
            }
        )
    query = request.GET.copy()
    for drop in ("sortierung", "richtung"):
        query.pop(drop, None)
    return render(
        request,
        "reports/gaps/page.html",
        {
            "form": form,
            "report": report,
            "map": choropleth.render(report),
            "summary": choropleth.summary(report, report.measure),
            "features": choropleth.features(report) if report.has_outlines else None,
            "tables": tables,
            "topics": report.topics,
            "topic_rows": [
                {
                    "row": row,
                    "cells": [row.concerns_by_topic.get(pk, 0) for pk, _n in report.topics],
                }
                for row in rows
            ],
            "query": query.urlencode(),
            **tiles.map_context(request),
        },
    )


@require_safe
@require(permissions.can_view_reports, hide=True)
def gaps_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    _form, report = _report(request)
    return exports.table_response(
        file_format,
        f"angebotsluecken-{report.year}",
        gaps.export_header(report),
        gaps.export_rows(report),
    )
