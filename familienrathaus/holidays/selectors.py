"""Reads of the holiday programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from familienrathaus.core import capacity
from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.holidays import permissions, rules
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Invoice,
    Occasion,
    Period,
    ReductionClaim,
)
from familienrathaus.holidays.services import can_cancel, fees_not_invoiced, waitlist_position
from familienrathaus.search import languages as content_languages

TAKES = Q(bookings__status__in=Booking.TAKES_PLACE)
WAITS = Q(bookings__status=Booking.Status.WAITLISTED)


def periods_for_newsletter() -> list[Period]:
    """Periods not archived, soonest first: ``name``, ``holiday_start``, ``holiday_end``,
    ``booking_opens`` (a datetime) and ``get_absolute_url()`` (for the newsletter)."""
    return list(Period.objects.filter(is_archived=False).order_by("holiday_start"))


def visible_periods() -> QuerySet[Period]:
    return Period.objects.filter(is_archived=False).order_by("holiday_start")


def current_period() -> Period | None:
    """The period families care about now: the first not archived and not over."""
    periods = list(visible_periods())
    for period in periods:
        if period.phase not in (Period.Phase.CLOSED, Period.Phase.ARCHIVED):
            return period
    return periods[-1] if periods else None


def with_counts(queryset: QuerySet[Occasion]) -> Any:
    """Occasions with ``taken``, ``waiting`` and ``starts`` (first start) annotated."""
    return queryset.annotate(
        taken=Count("bookings", filter=TAKES, distinct=True),
        waiting=Count("bookings", filter=WAITS, distinct=True),
        starts=Min("dates__starts"),
    )


def published_occasions(period: Period) -> Any:
    return (
        with_counts(
            Occasion.objects.filter(
                activity__period=period, activity__status=Activity.Status.PUBLISHED
            )
        )
        .select_related("activity__organisation")
        .prefetch_related("dates")
    )


@dataclass
class ProgrammeFilter:
    child: Child | None = None
    day: date | None = None
    category: str = ""
    free_only: bool = False
    query: str = ""


def programme(period: Period, filters: ProgrammeFilter) -> list[Any]:
    """The bookable occasions of the period, filtered, in date order."""
    occasions = published_occasions(period).filter(cancelled_at__isnull=True)
    if filters.category:
        occasions = occasions.filter(activity__category=filters.category)
    if filters.day:
        occasions = occasions.filter(dates__starts__date__lte=filters.day).filter(
            dates__ends__date__gte=filters.day
        )
    if filters.query:
        occasions = occasions.filter(  # in German or in the page's language
            content_languages.contains("activity__title", filters.query, model=Activity)
            | content_languages.contains("activity__summary", filters.query, model=Activity)
        )
    result = list(occasions.order_by("starts", "pk").distinct())
    if filters.free_only:  # places free only on paper are held for the waiting list
        result = [o for o in result if free_for_newcomers(o)]
    if filters.child is not None:
        child = filters.child
        result = [o for o in result if rules.child_fits_occasion(child, o)]
    return result


def free_for_newcomers(occasion: Any) -> int:
    """Places a new booking can take on an occasion annotated by :func:`with_counts`:
    0 while anyone waits (the same rule as for events, :mod:`core.capacity`)."""
    return (
        capacity.free_for_newcomers(
            places=occasion.max_places, taken=occasion.taken, waiting=occasion.waiting
        )
        or 0
    )


@dataclass
class Week:
    """A week (Monday to Sunday) of the programme with occasions after filtering."""

    number: int  # 1 for the week of the holidays' first day
    monday: date
    count: int = 0

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass
class ProgrammePage:
    """One week of the filtered programme, the weeks to jump to, and the total."""

    weeks: list[Week]
    week: Week | None
    occasions: list[Any]
    total: int

    @property
    def previous(self) -> Week | None:
        index = self.weeks.index(self.week) if self.week in self.weeks else -1
        return self.weeks[index - 1] if index > 0 else None

    @property
    def next(self) -> Week | None:
        index = self.weeks.index(self.week) if self.week in self.weeks else -1
        return self.weeks[index + 1] if 0 <= index < len(self.weeks) - 1 else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def programme_page(period: Period, filters: ProgrammeFilter, *, week: int | None) -> ProgrammePage:
    """The filtered programme one week at a time (``week``: its number; None or unknown:
    the first week with occasions). Each occasion of the page carries ``free`` (places a
    new booking can take) and, with a child in ``filters``, ``child_booking`` (the
    child's booking of it) and ``clash`` (the title of a booking of the child at that
    time, or of the same activity). A fixed number of queries, whatever the size."""
    occasions = programme(period, filters)
    first = _monday(period.holiday_start)
    weeks: dict[int, Week] = {}
    chosen: dict[int, list[Any]] = {}
    for occasion in occasions:
        day = timezone.localtime(occasion.starts).date() if occasion.starts else first
        number = (_monday(day) - first).days // 7 + 1
        entry = weeks.setdefault(number, Week(number, _monday(day)))
        entry.count += 1
        chosen.setdefault(number, []).append(occasion)
    ordered = [weeks[n] for n in sorted(weeks)]
    current = weeks.get(week) if week is not None else None
    current = current or (ordered[0] if ordered else None)
    page = chosen.get(current.number, []) if current else []
    for occasion in page:
        occasion.free = free_for_newcomers(occasion)
    if filters.child is not None:
        _mark_for_child(period, filters.child, page)
    return ProgrammePage(weeks=ordered, week=current, occasions=page, total=len(occasions))


def _mark_for_child(period: Period, child: Child, occasions: list[Any]) -> None:
    """Two queries: the child's bookings of the period and their dates."""
    bookings = list(
        Booking.objects.filter(
            child=child, status__in=Booking.ACTIVE, occasion__activity__period=period
        )
        .select_related("occasion__activity")
        .prefetch_related("occasion__dates")
    )
    by_occasion = {b.occasion_id: b for b in bookings}
    holding = [b for b in bookings if b.status != Booking.Status.WAITLISTED]
    for occasion in occasions:
        occasion.child_booking = by_occasion.get(occasion.pk)
        occasion.clash = ""
        if occasion.child_booking is not None:
            continue
        spans = rules.occasion_spans(occasion)
        for booking in holding:
            other = booking.occasion
            if other.activity_id == occasion.activity_id or rules.dates_collide(
                spans,
                rules.occasion_spans(other),
                travel_minutes=period.travel_minutes,
                one_per_day=period.one_per_day,
            ):
                occasion.clash = other.activity.title
                break


def occasions_of_activity(activity: Activity) -> list[Any]:
    return list(
        with_counts(Occasion.objects.filter(activity=activity))
        .prefetch_related("dates")
        .order_by("starts", "pk")
    )


def family_bookings(user: AnyUser, occasion_ids: list[int]) -> dict[int, list[Booking]]:
    """The family's active bookings of these occasions, per occasion, with waiting-list
    positions."""
    found: dict[int, list[Booking]] = {pk: [] for pk in occasion_ids}
    if not isinstance(user, User):
        return found
    for booking in (
        Booking.objects.filter(
            child__family=user, occasion_id__in=occasion_ids, status__in=Booking.ACTIVE
        )
        .select_related("child", "occasion__activity__period")
        .prefetch_related("occasion__dates")
        .order_by("child__first_name", "pk")
    ):
        found[booking.occasion_id].append(booking)
    for bookings in found.values():
        _with_positions(bookings)
    return found


def children_of(user: AnyUser) -> list[Child]:
    if not isinstance(user, User):
        return []
    return list(Child.objects.filter(family=user).order_by("first_name", "pk"))


@dataclass
class ChildBookings:
    child: Child
    bookings: list[Booking] = field(default_factory=list)


def bookings_of_family(user: User) -> list[ChildBookings]:
    """Every booking of every child of the family, per child, waiting positions set.

    One row per booking, also for an occasion of several days: the bookings are sorted
    by their first day (an aggregate), not by a join over the dates, which would repeat
    a booking once per date (DISTINCT does not help: the sort column is selected too)."""
    result = []
    for child in children_of(user):
        rows = (
            Booking.objects.filter(child=child)
            .select_related("occasion__activity__period", "occasion__activity__organisation")
            .prefetch_related("occasion__dates")
            .alias(first_start=Min("occasion__dates__starts"))
            .order_by("first_start", "pk")
        )
        bookings: list[Booking] = [*rows]
        result.append(ChildBookings(child, _with_positions(bookings)))
    return result


def _with_positions(bookings: list[Booking]) -> list[Booking]:
    for booking in bookings:
        booking.position = waitlist_position(booking)  # type: ignore[attr-defined]
        booking.cancellable = can_cancel(booking)  # type: ignore[attr-defined]
    return bookings


def bookings_of_child(child: Child) -> list[Booking]:
    return list(
        Booking.objects.filter(child=child, status=Booking.Status.CONFIRMED)
        .select_related("occasion__activity")
        .prefetch_related("occasion__dates")
    )


def organiser_occasions(user: AnyUser, period: Period | None = None) -> Any:
    """The occasions whose participants the user may see (own organisations only)."""
    occasions = Occasion.objects.all()
    if not permissions.is_coordinator(user):
        occasions = occasions.filter(activity__organisation__in=permissions.organisation_ids(user))
    if period is not None:
        occasions = occasions.filter(activity__period=period)
    return (
        with_counts(occasions)
        .select_related("activity__period", "activity__organisation")
        .prefetch_related("dates")
        .order_by("starts", "pk")
    )


def organiser_activities(user: AnyUser) -> QuerySet[Activity]:
    activities = Activity.objects.select_related("period", "organisation")
    if not permissions.is_coordinator(user):
        activities = activities.filter(organisation__in=permissions.organisation_ids(user))
    return activities.order_by("-period__holiday_start", "title")


def participants(occasion: Occasion) -> list[Booking]:
    return list(
        Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE)
        .select_related("child__family")
        .order_by("child__last_name", "child__first_name")
    )


def waiting_list(occasion: Occasion) -> list[Booking]:
    return list(
        Booking.objects.filter(occasion=occasion, status=Booking.Status.WAITLISTED)
        .select_related("child")
        .order_by("queued_at", "pk")
    )


@dataclass
class Dashboard:
    occasions: list[Any]
    places: int
    taken: int
    waiting: int
    children: int
    children_without_place: list[Child]
    below_minimum: list[Any]
    fees_due: Decimal
    fees_paid: Decimal
    invoices: int
    fees_not_invoiced: Decimal = Decimal("0")
    credits_not_issued: Decimal = Decimal("0")

    @property
    def fill_rate(self) -> int:
        return round(100 * self.taken / self.places) if self.places else 0


def dashboard(period: Period) -> Dashboard:
    occasions = list(published_occasions(period).order_by("starts", "pk"))
    active = [o for o in occasions if not o.cancelled_at]
    period_children = Child.objects.filter(bookings__occasion__activity__period=period).distinct()
    placed = set(
        Booking.objects.filter(
            occasion__activity__period=period, status__in=Booking.TAKES_PLACE
        ).values_list("child_id", flat=True)
    )
    without = [c for c in period_children.order_by("last_name", "first_name") if c.pk not in placed]
    invoices = Invoice.objects.filter(period=period).exclude(status=Invoice.Status.CANCELLED)
    credit = Q(kind=Invoice.Kind.CREDIT)
    sums = invoices.aggregate(
        due=Sum("total"),
        paid=Sum("paid_amount", filter=~credit),
        refunded=Sum("paid_amount", filter=credit),
    )
    not_invoiced, not_credited = fees_not_invoiced(period=period)
    booking_opened = has_booking_opened(period)
    return Dashboard(
        occasions=occasions,
        places=sum(o.max_places for o in active),
        taken=sum(o.taken for o in active),
        waiting=sum(o.waiting for o in active),
        children=period_children.count(),
        children_without_place=without,
        below_minimum=[o for o in active if is_below_minimum(o, booking_opened=booking_opened)],
        fees_due=sums["due"] or Decimal("0"),
        fees_paid=(sums["paid"] or Decimal("0")) - (sums["refunded"] or Decimal("0")),
        invoices=invoices.count(),
        fees_not_invoiced=not_invoiced,
        credits_not_issued=not_credited,
    )


def has_booking_opened(period: Period) -> bool:
    """Booking (first come, first served) has opened: from then on an occasion below
    its minimum is worth a flag. Before, in the wish phase, nobody could book yet."""
    return timezone.now() >= period.booking_opens


def is_below_minimum(occasion: Any, *, booking_opened: bool) -> bool:
    """An occasion (annotated with ``taken``) to flag: not cancelled, and flagged by the
    minimum check, or below its minimum once booking has opened."""
    if occasion.cancelled_at:
        return False
    if occasion.below_minimum_at:
        return True
    return booking_opened and bool(occasion.min_places) and occasion.taken < occasion.min_places


def with_minimum_flags(occasions: Any) -> list[Any]:
    """The occasions (annotated, ``activity__period`` selected) as a list, each with
    ``below_minimum`` set for the organiser's list."""
    result = list(occasions)
    opened: dict[int, bool] = {}
    for occasion in result:
        period = occasion.activity.period
        if period.pk not in opened:
            opened[period.pk] = has_booking_opened(period)
        occasion.below_minimum = is_below_minimum(occasion, booking_opened=opened[period.pk])
    return result


def fill_rate(occasion: Any) -> int:
    return round(100 * occasion.taken / occasion.max_places) if occasion.max_places else 0


def personal_data(user: User) -> dict[str, Any]:
    """Everything the holiday programme stores about a family (DSGVO Art. 15, 20)."""
    children = []
    for child in Child.objects.filter(family=user).order_by("pk"):
        children.append(
            {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "birth_date": child.birth_date.isoformat(),
                "health_notes": child.health_notes,
                "emergency_contact": child.emergency_contact,
                "consent_given": child.sensitive_consent_at.isoformat()
                if child.sensitive_consent_at
                else None,
                "bookings": [
                    {
                        "activity": b.occasion.activity.title,
                        "programme": b.occasion.activity.period.name,
                        "status": b.status,
                        "booked": b.created_at.isoformat(),
                        "fee": str(b.fee),
                    }
                    for b in child.bookings.select_related("occasion__activity__period")
                ],
            }
        )
    return {
        "children": children,
        "reductions": [
            {"programme": c.period.name, "kind": c.kind.name, "status": c.status}
            for c in ReductionClaim.objects.filter(family=user).select_related("period", "kind")
        ],
        "invoices": [
            {"number": i.number, "total": str(i.total), "status": i.status}
            for i in Invoice.objects.filter(family=user)
        ],
    }
