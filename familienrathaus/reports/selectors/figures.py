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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from familienrathaus.concerns.selectors import reports as concern_reports
from familienrathaus.core.periods import BERLIN, Period
from familienrathaus.core.review.models import Status
from familienrathaus.employers.models import Certificate
from familienrathaus.events.models import EventStatus, Occurrence, Registration
from familienrathaus.holidays.models import Activity as HolidayActivity
from familienrathaus.holidays.models import Booking, Invoice, Occasion, ReductionClaim
from familienrathaus.newsletter.models import Edition, Subscriber
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from familienrathaus.places.models import Notinsel
from familienrathaus.surveys.models import Response
from familienrathaus.welcome.selectors import reports as welcome_reports

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
        return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"
    digits = 0 if value == int(value) else 1
    text = formats.number_format(value, digits, use_l10n=True, force_grouping=True)
    if unit == UNIT_PERCENT:
        return f"{text} %"
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


def _after(period: Period) -> dt.datetime:
    """The first moment after the period (midnight of the next local day)."""
    return dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=BERLIN)


def _in(field: str, period: Period) -> Q:
    return Q(**period.between(field))


def _days_in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


# --------------------------------------------------------------------------- per app

Pair = tuple[Number | None, Number | None]
Builder = Callable[[Period, Period], dict[str, Pair]]


def _offers_online(period: Period) -> Q:
    end = _after(period)
    published_by = Q(published_at__lt=end) | Q(published_at__isnull=True, created_at__lt=end)
    still = Q(status=Offer.Status.PUBLISHED) | Q(status=Offer.Status.ARCHIVED, updated_at__gte=end)
    return published_by & still


def _partners(cur: Period, prev: Period) -> dict[str, Pair]:
    def active(period: Period) -> Q:
        offers = Offer.objects.filter(_offers_online(period), organisation=OuterRef("pk"))
        events = Occurrence.objects.filter(
            _in("start", period),
            event__organisation=OuterRef("pk"),
            event__status=Status.PUBLISHED,
        ).exclude(date_status=EventStatus.CANCELLED)
        activities = HolidayActivity.objects.filter(
            _days_in("period__holiday_start", period),
            organisation=OuterRef("pk"),
            status=HolidayActivity.Status.PUBLISHED,
        )
        return Q(Exists(offers)) | Q(Exists(events)) | Q(Exists(activities))

    row = Organisation.objects.aggregate(
        cur=Count("pk", filter=active(cur)), prev=Count("pk", filter=active(prev))
    )
    return {"partners": (row["cur"], row["prev"])}


def _offers(cur: Period, prev: Period) -> dict[str, Pair]:
    row = Offer.objects.aggregate(
        cur=Count("pk", filter=_offers_online(cur)), prev=Count("pk", filter=_offers_online(prev))
    )
    return {"offers": (row["cur"], row["prev"])}


def _events(cur: Period, prev: Period) -> dict[str, Pair]:
    dates = Occurrence.objects.filter(event__status=Status.PUBLISHED).exclude(
        date_status=EventStatus.CANCELLED
    )
    events = dates.aggregate(
        cur=Count("event", distinct=True, filter=_in("start", cur)),
        prev=Count("event", distinct=True, filter=_in("start", prev)),
    )
    people = Greatest(Value(1), F("adults") + F("children"), output_field=IntegerField())
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        occurrence__in=dates.filter(_in("start", cur) | _in("start", prev)),
    ).aggregate(
        cur=Count("pk", filter=_in("occurrence__start", cur)),
        prev=Count("pk", filter=_in("occurrence__start", prev)),
        cur_people=Coalesce(Sum(people, filter=_in("occurrence__start", cur)), 0),
        prev_people=Coalesce(Sum(people, filter=_in("occurrence__start", prev)), 0),
    )
    return {
        "events": (events["cur"], events["prev"]),
        "registrations": (registrations["cur"], registrations["prev"]),
        "participants": (registrations["cur_people"], registrations["prev_people"]),
    }


def _rate(taken: int, places: int) -> Decimal | None:
    if not places:
        return None
    return (Decimal(100) * taken / places).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _holidays(cur: Period, prev: Period) -> dict[str, Pair]:
    started = "activity__period__holiday_start"
    in_cur, in_prev = _days_in(started, cur), _days_in(started, prev)
    occasions = Occasion.objects.filter(
        in_cur | in_prev, activity__status=HolidayActivity.Status.PUBLISHED, cancelled_at=None
    )
    places = occasions.aggregate(
        cur=Coalesce(Sum("max_places", filter=in_cur), 0),
        prev=Coalesce(Sum("max_places", filter=in_prev), 0),
    )
    booked_in_cur, booked_in_prev = (
        _days_in(f"occasion__{started}", cur),
        _days_in(f"occasion__{started}", prev),
    )
    bookings = Booking.objects.filter(
        booked_in_cur | booked_in_prev, status__in=Booking.TAKES_PLACE
    ).aggregate(
        cur=Count("pk", filter=booked_in_cur),
        prev=Count("pk", filter=booked_in_prev),
        cur_children=Count("child", distinct=True, filter=booked_in_cur),
        prev_children=Count("child", distinct=True, filter=booked_in_prev),
        cur_taken=Count("pk", filter=booked_in_cur & Q(occasion__in=occasions)),
        prev_taken=Count("pk", filter=booked_in_prev & Q(occasion__in=occasions)),
    )
    inv_cur, inv_prev = (
        _days_in("period__holiday_start", cur),
        _days_in("period__holiday_start", prev),
    )
    credit = Q(kind=Invoice.Kind.CREDIT)
    money = DecimalField(max_digits=12, decimal_places=2)
    fees = (
        Invoice.objects.filter(inv_cur | inv_prev)
        .exclude(status=Invoice.Status.CANCELLED)
        .aggregate(
            cur_paid=Coalesce(
                Sum("paid_amount", filter=inv_cur & ~credit), ZERO, output_field=money
            ),
            cur_back=Coalesce(
                Sum("paid_amount", filter=inv_cur & credit), ZERO, output_field=money
            ),
            prev_paid=Coalesce(
                Sum("paid_amount", filter=inv_prev & ~credit), ZERO, output_field=money
            ),
            prev_back=Coalesce(
                Sum("paid_amount", filter=inv_prev & credit), ZERO, output_field=money
            ),
        )
    )
    claims = ReductionClaim.objects.filter(status=ReductionClaim.Status.APPROVED).aggregate(
        cur=Count("pk", filter=inv_cur), prev=Count("pk", filter=inv_prev)
    )
    return {
        "holiday_children": (bookings["cur_children"], bookings["prev_children"]),
        "holiday_bookings": (bookings["cur"], bookings["prev"]),
        "holiday_fill_rate": (
            _rate(bookings["cur_taken"], places["cur"]),
            _rate(bookings["prev_taken"], places["prev"]),
        ),
        "holiday_fees": (
            Decimal(fees["cur_paid"]) - Decimal(fees["cur_back"]),
            Decimal(fees["prev_paid"]) - Decimal(fees["prev_back"]),
        ),
        "holiday_reductions": (claims["cur"], claims["prev"]),
    }


def _notinseln(cur: Period, prev: Period) -> dict[str, Pair]:
    def active(period: Period) -> Q:
        end = _after(period)
        now_active = Q(status=Notinsel.Status.ACTIVE, status_changed_at__lt=end)
        stopped_later = Q(
            status__in=[Notinsel.Status.PAUSED, Notinsel.Status.ENDED],
            status_changed_at__gte=end,
            created_at__lt=end,
        )
        return now_active | stopped_later

    row = Notinsel.objects.aggregate(
        cur=Count("pk", filter=active(cur)), prev=Count("pk", filter=active(prev))
    )
    return {"notinseln": (row["cur"], row["prev"])}


def _newsletter(cur: Period, prev: Period) -> dict[str, Pair]:
    def subscribed(period: Period) -> Q:
        end = _after(period)
        return Q(confirmed_at__lt=end) & (Q(unsubscribed_at=None) | Q(unsubscribed_at__gte=end))

    subscribers = Subscriber.objects.exclude(status=Subscriber.Status.DISABLED).aggregate(
        cur=Count("pk", filter=subscribed(cur)), prev=Count("pk", filter=subscribed(prev))
    )
    editions = Edition.objects.filter(status=Edition.Status.SENT).aggregate(
        cur=Count("pk", filter=_in("sent_at", cur)), prev=Count("pk", filter=_in("sent_at", prev))
    )
    return {
        "subscribers": (subscribers["cur"], subscribers["prev"]),
        "editions": (editions["cur"], editions["prev"]),
    }


def _surveys(cur: Period, prev: Period) -> dict[str, Pair]:
    in_cur, in_prev = _days_in("submitted_on", cur), _days_in("submitted_on", prev)
    row = Response.objects.filter(in_cur | in_prev, status=Response.Status.COMPLETE).aggregate(
        cur=Count("pk", filter=in_cur),
        prev=Count("pk", filter=in_prev),
        cur_surveys=Count("survey", distinct=True, filter=in_cur),
        prev_surveys=Count("survey", distinct=True, filter=in_prev),
    )
    return {
        "surveys": (row["cur_surveys"], row["prev_surveys"]),
        "survey_answers": (row["cur"], row["prev"]),
    }


def _median(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _concerns(cur: Period, prev: Period) -> dict[str, Pair]:
    now, before = concern_reports.report(period=cur), concern_reports.report(period=prev)
    return {
        "concerns": (now.total, before.total),
        "concern_first_answer_days": (
            _median(now.first_answer.median),
            _median(before.first_answer.median),
        ),
        "concern_closing_days": (_median(now.closing.median), _median(before.closing.median)),
    }


def _employers(cur: Period, prev: Period) -> dict[str, Pair]:
    def valid(period: Period) -> Q:
        return Q(
            issued_on__lte=period.end,
            valid_until__gte=period.end,
        ) & (Q(revoked_at=None) | Q(revoked_at__gte=_after(period)))

    row = Certificate.objects.aggregate(
        cur=Count("employer", distinct=True, filter=valid(cur)),
        prev=Count("employer", distinct=True, filter=valid(prev)),
    )
    return {"certified_employers": (row["cur"], row["prev"])}


def _welcome(cur: Period, prev: Period) -> dict[str, Pair]:
    now = welcome_reports.report(period=cur).total
    before = welcome_reports.report(period=prev).total
    return {
        "welcome_registrations": (now.registrations, before.registrations),
        "welcome_packages": (now.packages, before.packages),
        "welcome_grants": (now.grants_paid, before.grants_paid),
        "welcome_grants_sum": (now.grants_sum, before.grants_sum),
    }


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

BUILDERS: tuple[Builder, ...] = (
    _partners,
    _offers,
    _events,
    _holidays,
    _notinseln,
    _newsletter,
    _surveys,
    _concerns,
    _employers,
    _welcome,
)


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
