"""The key figures' sources: per app, its figures for the period and the one it is
compared with, counted in the database (both periods in one query by conditional
aggregation where the app has no report of its own). What each counts is described in
:mod:`familienrathaus.reports.selectors.figures`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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
from django.utils import timezone

from familienrathaus.concerns.models import Concern
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


def offers_online(period: Period) -> Q:
    end = _after(period)
    published_by = Q(published_at__lt=end) | Q(published_at__isnull=True, created_at__lt=end)
    still = Q(status=Offer.Status.PUBLISHED) | Q(status=Offer.Status.ARCHIVED, updated_at__gte=end)
    return published_by & still


def partners(cur: Period, prev: Period) -> dict[str, Pair]:
    def active(period: Period) -> Q:
        offers = Offer.objects.filter(offers_online(period), organisation=OuterRef("pk"))
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


def offers(cur: Period, prev: Period) -> dict[str, Pair]:
    row = Offer.objects.aggregate(
        cur=Count("pk", filter=offers_online(cur)), prev=Count("pk", filter=offers_online(prev))
    )
    return {"offers": (row["cur"], row["prev"])}


def events(cur: Period, prev: Period) -> dict[str, Pair]:
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


def holidays(cur: Period, prev: Period) -> dict[str, Pair]:
    started = "activity__period__holiday_start"
    in_cur, in_prev = _days_in(started, cur), _days_in(started, prev)
    # The programmes' occasions (a few hundred rows), then the places booked counted per
    # occasion on the bookings' index (occasion, status): no join over every booking.
    occasions = Occasion.objects.filter(in_cur | in_prev)
    rows = list(
        occasions.values_list("pk", started, "max_places", "cancelled_at", "activity__status")
    )
    taking = Booking.objects.filter(status__in=Booking.TAKES_PLACE)
    booked = dict(
        taking.filter(occasion__in=occasions.values("pk"))
        .values_list("occasion_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {key: {"places": 0, "taken": 0, "bookings": 0} for key in ("cur", "prev")}
    for pk, start, places, cancelled_at, status in rows:
        total = totals["cur" if cur.start <= start <= cur.end else "prev"]
        total["bookings"] += booked.get(pk, 0)
        # The fill rate: places taken of the places of occasions that take place.
        if cancelled_at is None and status == HolidayActivity.Status.PUBLISHED:
            total["places"] += places
            total["taken"] += booked.get(pk, 0)
    children = {
        key: taking.filter(occasion__in=Occasion.objects.filter(q).values("pk")).aggregate(
            n=Count("child", distinct=True)
        )["n"]
        for key, q in (("cur", in_cur), ("prev", in_prev))
    }
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
        "holiday_children": (children["cur"], children["prev"]),
        "holiday_bookings": (totals["cur"]["bookings"], totals["prev"]["bookings"]),
        "holiday_fill_rate": (
            _rate(totals["cur"]["taken"], totals["cur"]["places"]),
            _rate(totals["prev"]["taken"], totals["prev"]["places"]),
        ),
        "holiday_fees": (
            Decimal(fees["cur_paid"]) - Decimal(fees["cur_back"]),
            Decimal(fees["prev_paid"]) - Decimal(fees["prev_back"]),
        ),
        "holiday_reductions": (claims["cur"], claims["prev"]),
    }


def notinseln(cur: Period, prev: Period) -> dict[str, Pair]:
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


def newsletter(cur: Period, prev: Period) -> dict[str, Pair]:
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


def surveys(cur: Period, prev: Period) -> dict[str, Pair]:
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


@dataclass
class _Times:
    total: int = 0
    first: list[int] = field(default_factory=list)
    closing: list[int] = field(default_factory=list)


def concerns(cur: Period, prev: Period) -> dict[str, Pair]:
    """Counted as the concerns' report counts them (``concerns_in``: arrival in the
    period, merged duplicates once; working days by its ``WorkingDays``; the first answer
    is the first reply or else the closing), for both periods from one query of dates."""
    in_cur, in_prev = _in("created_at", cur), _in("created_at", prev)
    rows = list(
        Concern.objects.filter(in_cur | in_prev, merged_into__isnull=True)
        .order_by()
        .annotate(answered_at=Coalesce(F("first_answer_at"), F("closed_at")))
        .values_list("created_at", "answered_at", "closed_at")
    )
    # Local dates once per row, with the time zone looked up once (2,000 concerns would
    # otherwise ask for it ten thousand times).
    zone = timezone.get_current_timezone()
    days = [
        tuple(None if moment is None else moment.astimezone(zone).date() for moment in row)
        for row in rows
    ]
    found: dict[Period, _Times] = {}
    if days:
        local = [day for row in days for day in row if day is not None]
        counter = concern_reports.WorkingDays(min(local), max(local))
    for period in (cur, prev):
        times = found[period] = _Times()
        for arrived, answered, closed in days:
            if arrived is None or not period.start <= arrived <= period.end:
                continue
            times.total += 1
            if answered is not None:
                times.first.append(counter.between(arrived, answered))
            if closed is not None:
                times.closing.append(counter.between(arrived, closed))

    def median(values: list[int]) -> Decimal | None:
        return _median(concern_reports.Durations.of(values).median)

    now, before = found[cur], found[prev]
    return {
        "concerns": (now.total, before.total),
        "concern_first_answer_days": (median(now.first), median(before.first)),
        "concern_closing_days": (median(now.closing), median(before.closing)),
    }


def employers(cur: Period, prev: Period) -> dict[str, Pair]:
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


def welcome(cur: Period, prev: Period) -> dict[str, Pair]:
    now = welcome_reports.report(period=cur).total
    before = welcome_reports.report(period=prev).total
    return {
        "welcome_registrations": (now.registrations, before.registrations),
        "welcome_packages": (now.packages, before.packages),
        "welcome_grants": (now.grants_paid, before.grants_paid),
        "welcome_grants_sum": (now.grants_sum, before.grants_sum),
    }


BUILDERS: tuple[Builder, ...] = (
    partners,
    offers,
    events,
    holidays,
    notinseln,
    newsletter,
    surveys,
    concerns,
    employers,
    welcome,
)
