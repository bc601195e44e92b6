"""The district gap report: what each district has for families, per 1,000 children, how
far the nearest offer of each theme is, and where demand shows.

``district_report(GapFilters(...))`` returns one :class:`DistrictRow` per district (with
or without an outline) plus a last row "ohne Stadtteil" for what cannot be placed. The
figures come from :mod:`~familienrathaus.reports.selectors.gap_sources` (one query per
kind of row) and a :class:`~familienrathaus.reports.selectors.locate.Locator` built once;
the whole report runs a fixed number of queries however many districts and rows there are.

The period: the last twelve months up to today for the current year (or none chosen), the
calendar year for an earlier year. The children per 1,000 come from the figures of the
year (or the latest year before it that has figures), the chosen age band's children when
a band is chosen.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.concerns.models import Topic
from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.reports import geo
from familienrathaus.reports.models import (
    AGE_BANDS,
    DistrictArea,
    DistrictPopulation,
    band_field,
    band_label,
)
from familienrathaus.reports.selectors import gap_sources as sources
from familienrathaus.reports.selectors.locate import Locator

BERLIN = ZoneInfo("Europe/Berlin")

#: The supply figures, in the order of the table, with their column headings.
COUNT_KEYS: tuple[str, ...] = ("offers", "events", "occasions", "notinseln", "nursing", "kitas")
COUNT_LABELS = {
    "offers": gettext_lazy("Offers"),
    "events": gettext_lazy("Events"),
    "occasions": gettext_lazy("Holiday occasions"),
    "notinseln": gettext_lazy("Notinseln"),
    "nursing": gettext_lazy("Nursing and changing places"),
    "kitas": gettext_lazy("Kitas"),
}
DEMAND_KEYS: tuple[str, ...] = ("survey_answers", "concerns", "children_not_placed", "waiting")
DEMAND_LABELS = {
    "survey_answers": gettext_lazy("Survey answers"),
    "concerns": gettext_lazy("Concerns"),
    "children_not_placed": gettext_lazy("Ferienspaß: children without a place"),
    "waiting": gettext_lazy("Ferienspaß: children on a waiting list"),
}
PER_1000 = "_per_1000"


@dataclass
class GapFilters:
    theme: Theme | None = None
    audience: Audience | None = None
    band: str | None = None
    year: int | None = None


@dataclass
class DistrictRow:
    district: District | None  # None: "ohne Stadtteil"
    area: DistrictArea | None
    children: int | None
    residents: int | None
    counts: dict[str, int]
    per_1000: dict[str, float | None]
    nearest_km: dict[str, float | None]  # theme slug → km
    demand: dict[str, int]
    weakest: bool = False
    concerns_by_topic: dict[int | None, int] = field(default_factory=dict)
    centre: tuple[float, float] | None = None  # (lat, lon)

    @property
    def name(self) -> str:
        return self.district.name if self.district is not None else _("without district")

    @property
    def outline(self) -> dict[str, Any] | None:
        return self.area.outline if self.area is not None and self.area.outline else None

    def value(self, measure: str) -> float | int | None:
        """The figure a measure names: ``"offers"``, ``"offers_per_1000"``, ``"concerns"``."""
        if measure.endswith(PER_1000):
            return self.per_1000.get(measure.removesuffix(PER_1000))
        if measure in self.counts:
            return self.counts[measure]
        return self.demand.get(measure)

    def is_zero(self, key: str) -> bool:
        return self.counts.get(key, 0) == 0


@dataclass
class DistrictReport:
    year: int
    measure: str
    rows: list[DistrictRow]
    filters: GapFilters
    start: dt.date  # first day of the period
    end: dt.date  # last day of the period
    population_year: int | None
    themes: list[Theme]  # the nearest-distance columns
    topics: list[tuple[int | None, str]]  # the concerns-by-topic columns
    has_children: bool

    @property
    def districts(self) -> list[DistrictRow]:
        """The rows of real districts (without "ohne Stadtteil")."""
        return [row for row in self.rows if row.district is not None]

    @property
    def has_outlines(self) -> bool:
        return any(row.outline for row in self.rows)

    @property
    def band_label(self) -> str:
        return band_label(self.filters.band) if self.filters.band else ""


def measure_label(measure: str) -> str:
    """The heading of a measure: "Offers per 1,000 children"."""
    if measure.endswith(PER_1000):
        base = COUNT_LABELS[measure.removesuffix(PER_1000)]
        return _("%(figure)s per 1,000 children") % {"figure": base}
    if measure in COUNT_LABELS:
        return str(COUNT_LABELS[measure])
    return str(DEMAND_LABELS[measure])


def measures(*, with_children: bool = True) -> list[str]:
    """Every measure the map can colour by, in the order of the choice."""
    per_1000 = [f"{key}{PER_1000}" for key in COUNT_KEYS] if with_children else []
    return [*per_1000, *COUNT_KEYS, *DEMAND_KEYS]


def period(year: int | None, *, today: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The period of a report year: the last twelve months up to today (for the current
    or a future year, or none), the calendar year for an earlier one. Start inclusive,
    end exclusive, in Berlin time."""
    today = today or timezone.localdate()
    if year is None or year >= today.year:
        end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=BERLIN)
        start = end - dt.timedelta(days=365)
        return start, end
    start = dt.datetime(year, 1, 1, tzinfo=BERLIN)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=BERLIN)


def _band_ages(band: str | None) -> tuple[int, int] | None:
    for key, low, high in AGE_BANDS:
        if key == band:
            return low, high
    return None


def _populations(year: int) -> tuple[dict[int, DistrictPopulation], int | None]:
    """Each district's figures of the year, else of its latest earlier year; one query."""
    found: dict[int, DistrictPopulation] = {}
    for population in DistrictPopulation.objects.filter(year__lte=year).order_by("-year"):
        found.setdefault(population.district_id, population)
    years = {p.year for p in found.values()}
    return found, (max(years) if years else None)


def _children(population: DistrictPopulation | None, band: str | None) -> int | None:
    if population is None:
        return None
    if band:
        value: int | None = getattr(population, band_field(band))
        return value
    return population.children_total


def _centre(area: DistrictArea | None) -> tuple[float, float] | None:
    if area is None:
        return None
    if area.centre_latitude is not None and area.centre_longitude is not None:
        return float(area.centre_latitude), float(area.centre_longitude)
    if area.outline:
        try:
            return geo.centroid(area.outline)
        except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
            return None
    return None


def _mark_weakest(rows: list[DistrictRow], measure: str) -> None:
    """The weakest districts: the lowest fifth by the measure (at least one, ties
    included), only when the districts differ at all."""
    values = sorted(v for row in rows if (v := row.value(measure)) is not None)
    if len(values) < 2 or values[0] == values[-1]:
        return
    threshold = values[max(0, math.ceil(len(values) / 5) - 1)]
    for row in rows:
        value = row.value(measure)
        row.weakest = value is not None and value <= threshold


def district_report(filters: GapFilters, *, measure: str | None = None) -> DistrictReport:
    """The gap report for the filters (see the module's docstring); ``measure`` is what
    the map colours by (default offers per 1,000 children, or offers without figures)."""
    today = timezone.localdate()
    year = filters.year or today.year
    start, end = period(filters.year, today=today)
    scope = sources.Scope(
        theme=filters.theme,
        audience=filters.audience,
        ages=_band_ages(filters.band),
        start=start,
        end=end,
    )
    locator = Locator.load()
    districts = list(District.objects.all())
    areas = {a.district_id: a for a in DistrictArea.objects.all()}
    populations, population_year = _populations(year)
    themes = [filters.theme] if filters.theme else list(Theme.objects.all())

    supply = {
        "offers": sources.offers(scope, locator),
        "events": sources.events(scope, locator),
        "occasions": sources.occasions(scope, locator),
        "notinseln": sources.notinseln(locator),
    }
    supply["nursing"], supply["kitas"] = sources.places(locator)
    concerns = sources.concerns(scope)
    not_placed, waiting = sources.holiday_demand(scope, locator)
    demand = {
        "survey_answers": sources.survey_answers(scope),
        "children_not_placed": not_placed,
        "waiting": waiting,
    }
    concerns_total: dict[int | None, int] = {}
    by_topic: dict[int | None, dict[int | None, int]] = {}
    for (district_id, topic_id), n in concerns.items():
        concerns_total[district_id] = concerns_total.get(district_id, 0) + n
        by_topic.setdefault(district_id, {})[topic_id] = n
    demand["concerns"] = concerns_total
    points = sources.offer_points(scope)

    rows: list[DistrictRow] = []
    for district in [*districts, None]:
        pk = district.pk if district is not None else None
        area = areas.get(pk) if pk is not None else None
        population = populations.get(pk) if pk is not None else None
        children = _children(population, filters.band)
        counts = {key: supply[key].get(pk, 0) for key in COUNT_KEYS}
        centre = _centre(area)
        rows.append(
            DistrictRow(
                district=district,
                area=area,
                children=children,
                residents=population.residents if population is not None else None,
                counts=counts,
                per_1000={
                    key: (counts[key] * 1000 / children if children else None) for key in COUNT_KEYS
                },
                nearest_km={
                    theme.slug: (
                        sources.nearest_km(points.get(theme.pk, []), *centre) if centre else None
                    )
                    for theme in themes
                },
                demand={key: demand[key].get(pk, 0) for key in DEMAND_KEYS},
                concerns_by_topic=by_topic.get(pk, {}),
                centre=centre,
            )
        )
    has_children = any(row.children for row in rows)
    allowed = measures(with_children=has_children)
    default = "offers_per_1000" if has_children else "offers"
    chosen = measure if measure in allowed else default
    real = [row for row in rows if row.district is not None]
    # Weakest is about supply: with a demand figure on the map, by the default figure.
    _mark_weakest(real, default if chosen in DEMAND_KEYS else chosen)
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    used = {topic for row in rows for topic in row.concerns_by_topic}
    topics: list[tuple[int | None, str]] = [
        (pk, name) for pk, name in topic_names.items() if pk in used
    ]
    if None in used:
        topics.append((None, _("without topic")))
    return DistrictReport(
        year=year,
        measure=chosen,
        rows=rows,
        filters=filters,
        start=start.date(),
        end=(end - dt.timedelta(days=1)).date(),
        population_year=population_year,
        themes=themes,
        topics=topics,
        has_children=has_children,
    )


# --------------------------------------------------------------------------- the table as a file


def export_header(report: DistrictReport) -> list[str]:
    return [
        _("District"),
        _("Children"),
        _("Residents"),
        *[str(COUNT_LABELS[key]) for key in COUNT_KEYS],
        *[measure_label(f"{key}{PER_1000}") for key in COUNT_KEYS],
        *[_("Nearest offer: %(theme)s (km)") % {"theme": theme.name} for theme in report.themes],
        *[str(DEMAND_LABELS[key]) for key in DEMAND_KEYS],
        _("Weakest"),
    ]


def export_rows(report: DistrictReport) -> list[list[Any]]:
    def rounded(value: float | None, places: int) -> float | None:
        return round(value, places) if value is not None else None

    return [
        [
            row.name,
            row.children,
            row.residents,
            *[row.counts[key] for key in COUNT_KEYS],
            *[rounded(row.per_1000[key], 1) for key in COUNT_KEYS],
            *[rounded(row.nearest_km[theme.slug], 1) for theme in report.themes],
            *[row.demand[key] for key in DEMAND_KEYS],
            _("yes") if row.weakest else "",
        ]
        for row in report.rows
    ]
