"""Reads of the annual report: the years to choose from, and each section of a year.

A section is one part of the report (partners and offers, events, Ferienspaß …): its
headline numbers are the dashboard's key figures of the apps it covers
(:func:`.figures.key_figures`, with the year before), its details and charts come from
:mod:`.annual_details`, and the coordinator's text from ``AnnualReport.texts``. The last
section is the districts: the gap map of :mod:`familienrathaus.reports.choropleth` and
its table (:func:`.gaps.district_report`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.concerns.models import Concern
from familienrathaus.core import charts
from familienrathaus.core.periods import BERLIN
from familienrathaus.employers.models import Certificate
from familienrathaus.events.models import Occurrence
from familienrathaus.holidays.models import Period as HolidayPeriod
from familienrathaus.newsletter.models import Edition, Subscriber
from familienrathaus.offers.models import Offer
from familienrathaus.places.models import Notinsel
from familienrathaus.reports import choropleth
from familienrathaus.reports.models import AnnualReport
from familienrathaus.reports.selectors import annual_details, figures, gaps
from familienrathaus.surveys.models import Response
from familienrathaus.welcome.models import Registration as WelcomeRegistration

FOREWORD = "foreword"
DISTRICTS = "districts"


@dataclass(frozen=True)
class SectionInfo:
    key: str
    title: Promise
    apps: tuple[str, ...] = ()


SECTION_INFO: tuple[SectionInfo, ...] = (
    SectionInfo(FOREWORD, gettext_lazy("Foreword")),
    SectionInfo("partners", gettext_lazy("Partners and offers"), ("partners", "offers")),
    SectionInfo("events", gettext_lazy("Events and participants"), ("events",)),
    SectionInfo("holidays", gettext_lazy("Holiday fun (Ferienspaß)"), ("holidays",)),
    SectionInfo("places", gettext_lazy("Notinseln"), ("places",)),
    SectionInfo("newsletter", gettext_lazy("Familien-Infobrief"), ("newsletter",)),
    SectionInfo("surveys", gettext_lazy("Surveys and answers"), ("surveys",)),
    SectionInfo("concerns", gettext_lazy("Concerns and answer times"), ("concerns",)),
    SectionInfo("employers", gettext_lazy("Family-friendly employers"), ("employers",)),
    SectionInfo("welcome", gettext_lazy("Welcome packages and grants"), ("welcome",)),
    SectionInfo(DISTRICTS, gettext_lazy("Districts: where families are not reached")),
)

# What counts in a year, said under each section's figures.
NOTES: dict[str, Promise] = {
    "partners": gettext_lazy(
        "Active partners had an offer online, an event date or a holiday activity in the "
        "year; offers count when they were online on 31 December."
    ),
    "events": gettext_lazy(
        "Published events with a date in the year that was not cancelled; registrations "
        "and participants of those dates as confirmed."
    ),
    "holidays": gettext_lazy(
        "The holiday programmes whose holidays began in the year; places booked are "
        "confirmed places and places held for a family; fees as paid on the invoices."
    ),
    "places": gettext_lazy("Notinseln active on 31 December; applications by their arrival."),
    "newsletter": gettext_lazy(
        "Subscribers who had confirmed by 31 December and had not unsubscribed by then."
    ),
    "surveys": gettext_lazy("Complete answers by the day they were sent."),
    "concerns": gettext_lazy(
        "Concerns by the day they arrived; answer times in working days, as the "
        "concerns' report counts them."
    ),
    "employers": gettext_lazy("Employers whose certificate was valid on 31 December."),
    "welcome": gettext_lazy(
        "Registrations by the month they came in, packages by the month they were handed "
        "over, grants by the month they were paid."
    ),
    DISTRICTS: gettext_lazy(
        "Offers, events and holiday occasions of the year by district, with the children "
        "living there where their number is known; the weakest districts are marked."
    ),
}


def section_keys() -> list[str]:
    """The keys of every text a coordinator may write (the foreword and each section)."""
    return [info.key for info in SECTION_INFO]


def document_title(year: int) -> str:
    return _("Annual report %(year)s") % {"year": year}


# --------------------------------------------------------------------------- years


def _years_of_moments(queryset: object, field_name: str) -> set[int]:
    return {moment.year for moment in queryset.datetimes(field_name, "year", tzinfo=BERLIN)}  # type: ignore[attr-defined]


def report_years(*, today: dt.date | None = None) -> list[int]:
    """The years with data in any app (and those with a report), newest first; a year
    still running counts once something happened in it."""
    years: set[int] = set(AnnualReport.objects.values_list("year", flat=True))
    years |= _years_of_moments(Offer.objects.all(), "created_at")
    years |= _years_of_moments(Occurrence.objects.all(), "start")
    years |= _years_of_moments(Edition.objects.filter(sent_at__isnull=False), "sent_at")
    years |= _years_of_moments(Concern.objects.all(), "created_at")
    years |= _years_of_moments(Notinsel.objects.all(), "created_at")
    years |= _years_of_moments(
        Subscriber.objects.filter(confirmed_at__isnull=False), "confirmed_at"
    )
    years |= _years_of_moments(WelcomeRegistration.objects.all(), "created_at")
    years |= {day.year for day in HolidayPeriod.objects.dates("holiday_start", "year")}
    years |= {
        day.year
        for day in Response.objects.filter(submitted_on__isnull=False).dates("submitted_on", "year")
    }
    years |= {day.year for day in Certificate.objects.dates("issued_on", "year")}
    last = (today or figures.today()).year
    return sorted((year for year in years if year <= last), reverse=True)


def default_year(years: list[int], *, today: dt.date | None = None) -> int | None:
    """The year a coordinator most likely reports on: the last finished one with data."""
    current = (today or figures.today()).year
    finished = [year for year in years if year < current]
    return finished[0] if finished else (years[0] if years else None)


# --------------------------------------------------------------------------- sections


@dataclass
class Section:
    key: str
    title: str
    text: str = ""
    note: str = ""
    figures: list[figures.Figure] = field(default_factory=list)
    details: list[annual_details.Detail] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)

    @property
    def is_text_only(self) -> bool:
        return self.key == FOREWORD


@dataclass
class DistrictPart:
    report: gaps.DistrictReport
    map: SafeString
    measure_label: str
    count_keys: tuple[str, ...] = gaps.COUNT_KEYS[:4]

    @property
    def headers(self) -> list[str]:
        return [str(gaps.COUNT_LABELS[key]) for key in self.count_keys]

    @property
    def rows(self) -> list[DistrictLine]:
        measure = self.report.measure
        return [
            DistrictLine(
                name=row.name,
                children=figures.format_value(row.children),
                values=[figures.format_value(row.counts.get(key, 0)) for key in self.count_keys],
                measure=_measure_text(row.value(measure), per_1000=measure.endswith(gaps.PER_1000)),
                weakest=row.weakest,
            )
            for row in self.report.rows
        ]


@dataclass
class DistrictLine:
    name: str
    children: str
    values: list[str]
    measure: str
    weakest: bool


def _measure_text(value: float | int | None, *, per_1000: bool) -> str:
    """A count as "12", a figure per 1,000 children always with one decimal ("16,0")."""
    if value is None:
        return "–"
    if not per_1000:
        return figures.format_value(int(value))
    return formats.number_format(round(value, 1), 1, use_l10n=True, force_grouping=True)


@dataclass
class AnnualData:
    year: int
    previous: int
    sections: list[Section]
    districts: DistrictPart | None
    year_to_date: bool = False

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def districts(year: int) -> DistrictPart:
    report = gaps.district_report(gaps.GapFilters(year=year))
    return DistrictPart(
        report=report,
        map=choropleth.render(report, report.measure),
        measure_label=gaps.measure_label(report.measure),
    )


def annual_data(
    year: int,
    *,
    texts: dict[str, str] | None = None,
    with_charts: bool = True,
    on_section: object = None,
    today: dt.date | None = None,
) -> AnnualData:
    """Every section of ``year``; ``with_charts=False`` leaves out details and charts
    (the edit page's headline view). ``on_section(done, total)`` is told after each."""
    texts = texts or {}
    headline = figures.key_figures(year, on=today)
    total = len(SECTION_INFO)
    sections = []
    for done, info in enumerate(SECTION_INFO, start=1):
        section = Section(
            key=info.key,
            title=str(info.title),
            text=texts.get(info.key, ""),
            note=str(NOTES.get(info.key, "")),
            figures=[figure for figure in headline if figure.app in info.apps],
        )
        if with_charts and info.key in annual_details.SECTIONS:
            part = annual_details.SECTIONS[info.key](year)
            section.details, section.charts = part.details, part.charts
        sections.append(section)
        if callable(on_section):
            on_section(done, total)
    current = (today or figures.today()).year
    return AnnualData(
        year=year,
        previous=year - 1,
        sections=sections,
        districts=districts(year) if with_charts else None,
        year_to_date=year >= current,
    )


def sections_outline() -> list[tuple[str, str]]:
    """(key, title) of every section, for the form and the contents."""
    return [(info.key, str(info.title)) for info in SECTION_INFO]


def report_for(year: int) -> AnnualReport | None:
    """The year's report row, if a coordinator has saved texts for it."""
    return AnnualReport.objects.filter(year=year).first()
