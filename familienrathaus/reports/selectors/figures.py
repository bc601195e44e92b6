"""The alliance's key figures of a year, each with the same figure of the year before.

Read-only, aggregated in the database: one or two queries per app and period pair (both
periods in one query by conditional aggregation where the app has no report of its own),
so the dashboard costs the same with 100 or 100,000 rows.

What counts (the town's clock, Europe/Berlin):

- **The period.** A past year is compared with the whole year before. The *current* year
  runs from 1 January to today and is compared with the same days of the year before
  (1 January to the same day last year), so that a half-finished year is not compared
  with a whole one (:func:`periods_for`).
- **Partners**: organisations with something live in the period: an offer published by
  its end, an event date in it, or a holiday activity in a programme that started in it.
- **Offers**: offers online at the end of the period: published before it ended and
  published still (or archived only after it ended).
- **Events**: published events with a date in the period that was not cancelled;
  **registrations** and **participants** (adults and children, at least one person a
  registration) are the confirmed registrations for those dates.
- **Ferienspaß**: the holiday programmes that *started* in the period (first day of the
  holidays). Children with a place, places booked (confirmed or held), fill rate (places
  taken of the places of occasions not cancelled, in per cent), fees collected (paid on
  invoices less refunds on credit notes, as the programme's dashboard counts them) and
  reductions granted (approved claims).
- **Notinseln** active at the end of the period. The registry keeps only the last status
  change, so a Notinsel paused or ended *after* the period counts as active then.
- **Infobrief**: subscribers confirmed by the end of the period and not unsubscribed by
  then (subscribers disabled after bounces are left out, they carry no date); editions
  sent in the period.
- **Surveys**: complete answers submitted in the period, and the surveys they belong to.
- **Concerns**: as the concerns' own report counts them (arrival in the period, merged
  duplicates once; median working days to the first answer and to closing).
- **Employers** with a certificate valid on the last day of the period.
- **Welcome**: as the welcome's own report counts them (registrations received,
  packages handed over, grants paid and their sum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from familienrathaus.core.periods import Period
from familienrathaus.reports.selectors import figures_sources as sources
from familienrathaus.reports.selectors.figures_sources import Pair

Number = int | Decimal

ZERO = Decimal("0")

# The apps in the order the dashboard and the annual report show them.
APPS: dict[str, Promise] = {
    "partners": gettext_lazy("Partners"),
    "offers": gettext_lazy("Family guide"),
    "events": gettext_lazy("Events"),
    "holidays": gettext_lazy("Holiday fun (Ferienspaß)"),
    "places": gettext_lazy("Notinseln"),
    "newsletter": gettext_lazy("Familien-Infobrief"),
    "surveys": gettext_lazy("Surveys"),
    "concerns": gettext_lazy("Suggestions and complaints"),
    "employers": gettext_lazy("Family-friendly employers"),
    "welcome": gettext_lazy("Welcome for newborns"),
}

UNIT_PERCENT = "%"
UNIT_EURO = "€"
UNIT_DAYS = "days"


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Trend:
    """How a figure moved against the previous period, in words and as a sign.

    ``direction`` is "up", "down", "same", "new" (from nothing) or "none" (nothing to
    compare with); ``percent`` the change in per cent (in percentage points for a rate),
    ``None`` when it cannot be computed.
    """

    direction: str
    sign: str
    percent: int | None
    text: str

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→", "new": "↑"}.get(self.direction, "–")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Number
    previous: Number | None
    url: str
    app: str
    unit: str = ""
    # How the previous period is named in the trend's words ("2025").
    previous_label: str = ""
    # False when the period has no figure at all (a median of no concerns): ``value`` is
    # then 0 but is shown as "–" and has no trend.
    known: bool = True

    @property
    def trend(self) -> Trend:
        if not self.known:
            return Trend("none", "", None, _("no figure for this period"))
        return trend_of(self.value, self.previous, unit=self.unit, against=self.previous_label)

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.unit) if self.known else "–"

    @property
    def previous_text(self) -> str:
        return "–" if self.previous is None else format_value(self.previous, self.unit)


def format_value(value: Number | None, unit: str = "") -> str:
    """The value as a German reader writes it: 1.234 – 12,5 % – 1.234,50 € – 3 Tage."""
    if value is None:
        return "–"
    if unit == UNIT_EURO:
        # A no-break space: "0,00 €" never breaks into "0,00" and "€" in a narrow column.
        return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)}\u00a0€"
    digits = 0 if value == int(value) else 1
    text = formats.number_format(value, digits, use_l10n=True, force_grouping=True)
    if unit == UNIT_PERCENT:
        return f"{text}\u00a0%"
    if unit == UNIT_DAYS:
        return ngettext("%(days)s working day", "%(days)s working days", int(value)) % {
            "days": text
        }
    return text


def trend_of(value: Number, previous: Number | None, *, unit: str = "", against: str = "") -> Trend:
    if previous is None:
        return Trend("none", "", None, _("no figure for the year before"))
    against = against or _("the year before")
    if value == previous:
        return Trend("same", "=", 0, _("unchanged compared with %(year)s") % {"year": against})
    sign = "+" if value > previous else "−"
    direction = "up" if value > previous else "down"
    if unit == UNIT_PERCENT:
        points = int((abs(Decimal(value) - Decimal(previous))).quantize(1, ROUND_HALF_UP))
        text = ngettext(
            "%(sign)s%(points)s percentage point compared with %(year)s",
            "%(sign)s%(points)s percentage points compared with %(year)s",
            points,
        ) % {"sign": sign, "points": points, "year": against}
        return Trend(direction, sign, points if sign == "+" else -points, text)
    if previous == 0:
        text = _("new compared with %(year)s (none then)") % {"year": against}
        return Trend("new", "+", None, text)
    change = (Decimal(value) - Decimal(previous)) / Decimal(previous) * 100
    percent = int(abs(change).quantize(1, ROUND_HALF_UP))
    if change >= 400:
        # "+13900 %" reads as noise; "140 times" does not.
        ratio = (Decimal(value) / Decimal(previous)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        digits = 1 if ratio < 10 and ratio != ratio.to_integral_value() else 0
        factor = formats.number_format(ratio, digits, use_l10n=True, force_grouping=True)
        text = _("%(factor)s times the figure of %(year)s") % {"factor": factor, "year": against}
        return Trend(direction, sign, percent, text)
    text = _("%(sign)s%(percent)s %% compared with %(year)s") % {
        "sign": sign,
        "percent": percent,
        "year": against,
    }
    return Trend(direction, sign, percent if sign == "+" else -percent, text)


# --------------------------------------------------------------------------- periods


def today() -> dt.date:
    return timezone.localdate()


def periods_for(year: int, *, on: dt.date | None = None) -> tuple[Period, Period]:
    """The period of ``year`` and the one it is compared with: whole years, or for the
    current year 1 January to ``on`` and the same days of the year before."""
    on = on or today()
    if year < on.year:
        return Period.year(year), Period.year(year - 1)
    end = on if year == on.year else dt.date(year, 12, 31)
    try:
        before = end.replace(year=year - 1)
    except ValueError:  # 29 February
        before = dt.date(year - 1, 2, 28)
    return Period(dt.date(year, 1, 1), end), Period(dt.date(year - 1, 1, 1), before)


def is_year_to_date(period: Period) -> bool:
    return not period.is_calendar_year


@dataclass(frozen=True)
class Definition:
    key: str
    app: str
    label: Promise
    url_name: str
    unit: str = ""
    # Report pages that take the year as ``?jahr=``.
    with_year: bool = False


DEFINITIONS: tuple[Definition, ...] = (
    Definition("partners", "partners", gettext_lazy("Active partner organisations"),
               "partners:backoffice_list"),
    Definition("offers", "offers", gettext_lazy("Offers online"), "offers:backoffice_list"),
    Definition("events", "events", gettext_lazy("Events with a date"), "events:backoffice_list"),
    Definition("registrations", "events", gettext_lazy("Registrations for events"),
               "events:backoffice_list"),
    Definition("participants", "events", gettext_lazy("Participants registered"),
               "events:backoffice_list"),
    Definition("holiday_children", "holidays", gettext_lazy("Children with a place"),
               "holidays:dashboard"),
    Definition("holiday_bookings", "holidays", gettext_lazy("Places booked"),
               "holidays:dashboard"),
    Definition("holiday_fill_rate", "holidays", gettext_lazy("Fill rate of the activities"),
               "holidays:dashboard", UNIT_PERCENT),
    Definition("holiday_fees", "holidays", gettext_lazy("Fees collected"),
               "holidays:dashboard", UNIT_EURO),
    Definition("holiday_reductions", "holidays", gettext_lazy("Reductions granted"),
               "holidays:reductions"),
    Definition("notinseln", "places", gettext_lazy("Active Notinseln"), "places:notinseln"),
    Definition("subscribers", "newsletter", gettext_lazy("Confirmed subscribers"),
               "newsletter:manage_index"),
    Definition("editions", "newsletter", gettext_lazy("Editions sent"),
               "newsletter:manage_index"),
    Definition("surveys", "surveys", gettext_lazy("Surveys with answers"),
               "surveys:manage-list"),
    Definition("survey_answers", "surveys", gettext_lazy("Answers received"),
               "surveys:manage-list"),
    Definition("concerns", "concerns", gettext_lazy("Concerns received"),
               "concerns:reports", with_year=True),
    Definition("concern_first_answer_days", "concerns",
               gettext_lazy("Median time to the first answer"), "concerns:reports", UNIT_DAYS,
               with_year=True),
    Definition("concern_closing_days", "concerns", gettext_lazy("Median time to closing"),
               "concerns:reports", UNIT_DAYS, with_year=True),
    Definition("certified_employers", "employers",
               gettext_lazy("Employers with a valid certificate"), "employers:certificates"),
    Definition("welcome_registrations", "welcome", gettext_lazy("Registrations of newborns"),
               "welcome:reports", with_year=True),
    Definition("welcome_packages", "welcome", gettext_lazy("Welcome packages handed over"),
               "welcome:reports", with_year=True),
    Definition("welcome_grants", "welcome", gettext_lazy("Welcome grants paid"),
               "welcome:reports", with_year=True),
    Definition("welcome_grants_sum", "welcome", gettext_lazy("Sum of the grants paid"),
               "welcome:reports", UNIT_EURO, with_year=True),
)  # fmt: skip

BUILDERS = sources.BUILDERS
# The annual report counts its offers as this does.
_offers_online = sources.offers_online


def previous_label(period: Period) -> str:
    """How the trend names the period compared with: "2025" (a whole year or the same
    days of it; the page says which)."""
    return str(period.start.year)


def key_figures(year: int, *, on: dt.date | None = None) -> list[Figure]:
    """Every app's key figures for ``year`` with those of the period compared with
    (:func:`periods_for`), in the order of :data:`DEFINITIONS`."""
    cur, prev = periods_for(year, on=on)
    values: dict[str, Pair] = {}
    for build in BUILDERS:
        values.update(build(cur, prev))
    against = previous_label(prev)
    figures = []
    for item in DEFINITIONS:
        value, previous = values[item.key]
        url = reverse(item.url_name)
        if item.with_year:
            url += f"?jahr={cur.start.year}"
        figures.append(
            Figure(
                key=item.key,
                label=str(item.label),
                value=ZERO if value is None else value,
                previous=previous,
                url=url,
                app=item.app,
                unit=item.unit,
                previous_label=against,
                known=value is not None,
            )
        )
    return figures


@dataclass(frozen=True)
class AppFigures:
    app: str
    label: str
    figures: list[Figure]


def by_app(figures: Iterable[Figure]) -> list[AppFigures]:
    """The figures grouped by app, in the order of :data:`APPS`."""
    grouped: dict[str, list[Figure]] = {}
    for figure in figures:
        grouped.setdefault(figure.app, []).append(figure)
    return [
        AppFigures(app, str(label), grouped[app]) for app, label in APPS.items() if app in grouped
    ]


def years(*, on: dt.date | None = None, back: int = 5) -> list[int]:
    """The years the dashboard offers, newest first: this one and ``back`` before it."""
    current = (on or today()).year
    return list(range(current, current - back - 1, -1))


def _plain(value: Number | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return float(value)


def as_dict(figure: Figure) -> dict[str, Any]:
    """A figure as plain JSON data (the API): numbers as numbers, ``None`` for a value
    the period does not have."""
    trend = figure.trend
    return {
        "key": figure.key,
        "label": figure.label,
        "app": figure.app,
        "app_label": str(APPS[figure.app]),
        "unit": figure.unit,
        "value": _plain(figure.value) if figure.known else None,
        "previous": _plain(figure.previous),
        "url": figure.url,
        "trend": {"direction": trend.direction, "percent": trend.percent, "text": trend.text},
    }
