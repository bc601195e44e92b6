"""The detail figures and charts of the annual report, one function per section.

The headline numbers of each section come from :mod:`.figures` (the dashboard's key
figures); here are the breakdowns behind them: per theme, per month, per week, per
topic. Every function aggregates in the database (a handful of queries per section,
none per row) and returns :class:`Detail` lines for the year and the period it is
compared with (as the key figures compare: a year still running up to today, against
the same days of the year before) plus the charts of the whole year (``core.charts``,
each with its table).

What counts in a year (also said on the page and in the PDF):
a date or booking by its day, a subscriber by the day of confirmation, a Ferienspaß
programme by the first day of its holidays, a concern by its arrival, a certificate by
the day it was issued; "at the end of the year" means on 31 December.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, TruncWeek
from django.utils import formats
from django.utils.translation import gettext as _

from familienrathaus.concerns.selectors import reports as concern_reports
from familienrathaus.core import charts
from familienrathaus.core.models import Theme
from familienrathaus.core.periods import BERLIN, Period
from familienrathaus.core.review.models import Status
from familienrathaus.employers.models import Certificate
from familienrathaus.events.models import EventStatus, Occurrence, Registration
from familienrathaus.holidays.models import Booking, Occasion
from familienrathaus.lottery.models import Outcome, Run, Ticket
from familienrathaus.newsletter.models import Delivery, Edition, Subscriber
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from familienrathaus.places.models import Notinsel
from familienrathaus.reports.selectors import figures
from familienrathaus.surveys.models import Response, Survey
from familienrathaus.welcome.selectors import reports as welcome_reports

Number = int | Decimal | None


@dataclass
class Detail:
    """One figure of a section: the year's value and the year before's."""

    key: str
    label: str
    value: Number
    previous: Number
    unit: str = ""  # "%", "€", "days" (as in .figures)

    @property
    def value_text(self) -> str:
        return figures.format_value(self.value, self.unit)

    @property
    def previous_text(self) -> str:
        return figures.format_value(self.previous, self.unit)


@dataclass
class Part:
    details: list[Detail]
    charts: list[charts.Chart]


def _counted(year: int) -> Period:
    """The days a chart counts: the whole year, or for a year still running the days up
    to today, as the figures above it (a chart must not add next week's dates)."""
    return figures.periods_for(year)[0]


def _months(year: int) -> list[str]:
    return [formats.date_format(dt.date(year, month, 1), "M") for month in range(1, 13)]


def _per_month(year: int, counts: dict[int, int]) -> list[tuple[str, int]]:
    return list(zip(_months(year), [counts.get(month, 0) for month in range(1, 13)], strict=True))


def _bars(title: str, bars: list[tuple[str, int]]) -> charts.Chart:
    """A bar chart; empty (the page says so) when every count is zero."""
    chart = charts.bar_chart(title=title, bars=bars)
    chart.empty = not any(count for _label, count in bars)
    return chart


def _columns(title: str, points: list[tuple[str, int]], label_header: str) -> charts.Chart:
    """Columns by month or week, described in those words; empty when all are zero."""
    total = sum(count for _label, count in points)
    peak = max(points, key=lambda point: point[1]) if points else ("", 0)
    description = _("In total %(total)s; the most (%(most)s) in %(peak)s.") % {
        "total": formats.number_format(total, force_grouping=True),
        "most": peak[1],
        "peak": peak[0],
    }
    chart = charts.column_chart(
        title=title, points=points, label_header=label_header, description=description
    )
    chart.empty = not total
    return chart


def _details(
    year: int, count: Callable[[Period], dict[str, Number]], labels: list[tuple[str, str, str]]
) -> list[Detail]:
    """``labels``: (key, label, unit); the values come from ``count(period)`` for the
    year and the period it is compared with, as the key figures count them (a year
    still running: up to today, against the same days of the year before)."""
    current, previous = figures.periods_for(year)
    now, before = count(current), count(previous)
    return [Detail(key, label, now[key], before[key], unit) for key, label, unit in labels]


# --------------------------------------------------------------------------- partners and offers


def _first_published(period: Period) -> Q:
    return Q(**period.between("published_at")) | Q(
        published_at__isnull=True, **period.between("created_at")
    )


def _partner_figures(period: Period) -> dict[str, Number]:
    return {
        "partners_new": Organisation.objects.filter(**period.between("created_at")).count(),
        "offers_new": Offer.objects.filter(
            _first_published(period), status__in=[Status.PUBLISHED, Status.ARCHIVED]
        ).count(),
    }


def partners(year: int) -> Part:
    online = Offer.objects.filter(figures._offers_online(_counted(year)))
    themes = (
        Theme.objects.annotate(n=Count("offers", filter=Q(offers__in=online)))
        .order_by("-n", "name")
        .values_list("name", "n")
    )
    return Part(
        details=_details(
            year,
            _partner_figures,
            [
                ("partners_new", _("New partner organisations"), ""),
                ("offers_new", _("Offers published for the first time"), ""),
            ],
        ),
        charts=[_bars(_("Offers online at the end of the year by theme"), list(themes))],
    )


# --------------------------------------------------------------------------- events


def _dates(period: Period) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(
        event__status=Status.PUBLISHED, **period.between("start")
    ).exclude(date_status=EventStatus.CANCELLED)


def _event_figures(period: Period) -> dict[str, Number]:
    children = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, occurrence__in=_dates(period)
    ).aggregate(n=Sum("children"))
    return {"dates": _dates(period).count(), "children": children["n"] or 0}


def events(year: int) -> Part:
    by_month = dict(
        _dates(_counted(year))
        .annotate(month=ExtractMonth("start", tzinfo=BERLIN))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return Part(
        details=_details(
            year,
            _event_figures,
            [
                ("dates", _("Event dates"), ""),
                ("children", _("Children registered"), ""),
            ],
        ),
        charts=[
            _columns(
                _("Event dates by month"),
                _per_month(year, by_month),
                _("Month"),
            )
        ],
    )


# --------------------------------------------------------------------------- Ferienspaß


def _started(period: Period, field: str = "activity__period__holiday_start") -> dict[str, dt.date]:
    """The holiday programmes that started in the period (by the holidays' first day)."""
    return {f"{field}__gte": period.start, f"{field}__lte": period.end}


def _occasions(period: Period) -> QuerySet[Occasion]:
    return Occasion.objects.filter(
        **_started(period),
        activity__status=Status.PUBLISHED,
        cancelled_at__isnull=True,
    )


def _holiday_figures(period: Period) -> dict[str, Number]:
    occasions = _occasions(period).aggregate(occasions=Count("pk"), places=Sum("max_places"))
    reduced = Booking.objects.filter(
        status__in=Booking.TAKES_PLACE,
        occasion__in=_occasions(period),
        fee__lt=F("occasion__fee"),
    ).count()
    runs = Run.objects.filter(
        **_started(period, "period__holiday_start"), status=Run.Status.CONFIRMED
    )
    outcomes = Outcome.objects.filter(run__in=runs).aggregate(
        wishes=Count("pk"), placed=Count("pk", filter=Q(accepted=True))
    )
    tickets = Ticket.objects.filter(run__in=runs).aggregate(
        children=Count("pk"), without=Count("pk", filter=Q(places=0))
    )
    return {
        "occasions": occasions["occasions"],
        "places": occasions["places"] or 0,
        "reduced": reduced,
        "lottery_children": tickets["children"],
        "wishes": outcomes["wishes"],
        "wishes_placed": outcomes["placed"],
        "lottery_without": tickets["without"],
    }


FILL_BANDS = ((100, "full"), (75, "75"), (50, "50"), (0, "0"))


def _fill_bands(year: int) -> list[tuple[str, int]]:
    rows = (
        _occasions(_counted(year))
        .annotate(n=Count("bookings", filter=Q(bookings__status__in=Booking.TAKES_PLACE)))
        .values_list("max_places", "n")
    )
    labels = {
        "full": _("fully booked"),
        "75": _("75 to 99 % booked"),
        "50": _("50 to 74 % booked"),
        "0": _("less than half booked"),
    }
    counts = dict.fromkeys(labels, 0)
    for places, booked in rows:
        share = 100 * booked / places if places else 100
        counts[next(key for limit, key in FILL_BANDS if share >= limit)] += 1
    return [(labels[key], counts[key]) for key in labels]


def holidays(year: int) -> Part:
    weeks = (
        Booking.objects.filter(
            status__in=Booking.TAKES_PLACE, occasion__in=_occasions(_counted(year))
        )
        .annotate(week=TruncWeek("created_at", tzinfo=BERLIN))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("week")
        .values_list("week", "n")
    )
    week_points = [(_("wk %(week)s") % {"week": week.isocalendar()[1]}, n) for week, n in weeks]
    return Part(
        details=_details(
            year,
            _holiday_figures,
            [
                ("occasions", _("Occasions (not cancelled)"), ""),
                ("places", _("Places offered"), ""),
                ("reduced", _("Places booked at a reduced fee"), ""),
                ("lottery_children", _("Children in the lottery"), ""),
                ("wishes", _("Wishes in the lottery"), ""),
                ("wishes_placed", _("of them with a place"), ""),
                ("lottery_without", _("Children without a place from the lottery"), ""),
            ],
        ),
        charts=[
            _columns(
                _("Places booked by the week the booking was made"),
                week_points,
                _("Calendar week"),
            ),
            _bars(_("Occasions by how full they were"), _fill_bands(year)),
        ],
    )


# --------------------------------------------------------------------------- Notinseln


def _place_figures(period: Period) -> dict[str, Number]:
    return {"applications": Notinsel.objects.filter(**period.between("created_at")).count()}


def places(year: int) -> Part:
    by_month = dict(
        Notinsel.objects.filter(**_counted(year).between("created_at"))
        .annotate(month=ExtractMonth("created_at", tzinfo=BERLIN))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return Part(
        details=_details(
            year, _place_figures, [("applications", _("Businesses that applied"), "")]
        ),
        charts=[
            _columns(
                _("Applications to become a Notinsel by month"),
                _per_month(year, by_month),
                _("Month"),
            )
        ],
    )


# --------------------------------------------------------------------------- Infobrief


def _newsletter_figures(period: Period) -> dict[str, Number]:
    subscribers = Subscriber.objects.aggregate(
        new=Count("pk", filter=Q(**period.between("confirmed_at"))),
        left=Count("pk", filter=Q(**period.between("unsubscribed_at"))),
    )
    return {
        "subscribers_new": subscribers["new"],
        "unsubscribed": subscribers["left"],
        "deliveries": Delivery.objects.filter(
            edition__status=Edition.Status.SENT, **period.between("edition__sent_at")
        ).count(),
    }


def newsletter(year: int) -> Part:
    period = _counted(year)
    editions = (
        Edition.objects.filter(status=Edition.Status.SENT, **period.between("sent_at"))
        .annotate(n=Count("deliveries"))
        .order_by("sent_at")
        .values_list("subject", "n")
    )
    new_by_month = dict(
        Subscriber.objects.filter(**period.between("confirmed_at"))
        .annotate(month=ExtractMonth("confirmed_at", tzinfo=BERLIN))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return Part(
        details=_details(
            year,
            _newsletter_figures,
            [
                ("subscribers_new", _("New subscribers"), ""),
                ("unsubscribed", _("Unsubscribed"), ""),
                ("deliveries", _("Mails sent with the editions"), ""),
            ],
        ),
        charts=[
            _columns(
                _("New subscribers by month"),
                _per_month(year, new_by_month),
                _("Month"),
            ),
            _bars(_("Recipients per edition"), list(editions)),
        ],
    )


# --------------------------------------------------------------------------- surveys


def surveys(year: int) -> Part:
    per_survey = (
        Survey.objects.annotate(
            n=Count(
                "responses",
                filter=Q(
                    responses__status=Response.Status.COMPLETE,
                    responses__submitted_on__year=year,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "title")
        .values_list("title", "n")
    )
    return Part(
        details=[],
        charts=[_bars(_("Complete answers per survey"), list(per_survey))],
    )


# --------------------------------------------------------------------------- concerns


def _concern_figures(data: concern_reports.Report) -> dict[str, Number]:
    return {"answered": data.first_answer.count, "open": data.open}


def concerns(year: int) -> Part:
    data = concern_reports.report(period=_counted(year), anonymised=True)
    current, previous = figures.periods_for(year)
    now = _concern_figures(concern_reports.report(period=current, anonymised=True))
    before = _concern_figures(concern_reports.report(period=previous, anonymised=True))
    return Part(
        details=[
            Detail("answered", _("Concerns answered"), now["answered"], before["answered"]),
            Detail("open", _("of them still open today"), now["open"], before["open"]),
        ],
        charts=[
            _bars(
                _("Concerns by topic"),
                [(row.label, row.count) for row in data.by_topic],
            )
        ],
    )


# --------------------------------------------------------------------------- employers


def _employer_figures(period: Period) -> dict[str, Number]:
    issued = Certificate.objects.filter(issued_on__gte=period.start, issued_on__lte=period.end)
    return {"issued": issued.count()}


def employers(year: int) -> Part:
    rounds = (
        Certificate.objects.filter(issued_on__year=year)
        .values("participation__round__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "participation__round__name")
        .values_list("participation__round__name", "n")
    )
    return Part(
        details=_details(
            year, _employer_figures, [("issued", _("Certificates issued in the year"), "")]
        ),
        charts=[_bars(_("Certificates issued by round"), list(rounds))],
    )


# --------------------------------------------------------------------------- welcome


def welcome(year: int) -> Part:
    data = welcome_reports.report(period=_counted(year))
    months = {line.key.month: line.figures for line in data.by_month if line.key}
    empty = welcome_reports.Figures()
    return Part(
        details=[],
        charts=[
            _columns(
                _("Registrations of newborns by month"),
                _per_month(year, {m: months.get(m, empty).registrations for m in range(1, 13)}),
                _("Month"),
            ),
            _columns(
                _("Welcome grants paid by month"),
                _per_month(year, {m: months.get(m, empty).grants_paid for m in range(1, 13)}),
                _("Month"),
            ),
        ],
    )


SECTIONS: dict[str, Callable[[int], Part]] = {
    "partners": partners,
    "events": events,
    "holidays": holidays,
    "places": places,
    "newsletter": newsletter,
    "surveys": surveys,
    "concerns": concerns,
    "employers": employers,
    "welcome": welcome,
}
