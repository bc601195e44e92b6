"""The one rule for "one child cannot take part in both": overlapping times, same day.

Pure Python, no Django: holiday booking (:mod:`familienrathaus.holidays.rules`) and the
lottery (:mod:`familienrathaus.lottery.allocation`, which must stay free of Django) both
import this module, so a child the lottery places could also have booked the place, and
the other way round.

The rule
    Two occasions collide when one of their stretches (``(start, end)`` pairs) overlaps
    one of the other's, with the travel time added after each stretch (so a child can
    get from one to the next; touching stretches do not overlap without travel time).
    With "one activity per day" they also collide when they share a calendar day.

Time zones
    Calendar days are those of :data:`LOCAL_ZONE` (Europe/Berlin), whatever time zone
    the caller has activated or the datetimes carry: an aware datetime is converted,
    a naive one is taken as a local time there. A stretch from 23:30 to 00:30 local
    time (21:30 to 22:30 UTC in summer) touches two days; one at 00:30 local time
    (22:30 UTC the day before) lies on the local day, not on the UTC one. Overlap is
    compared on instants, so a stretch across the change to or from summer time lasts
    as long as it really does.

For many comparisons (the lottery) prepare each occasion once with
:meth:`Timetable.of` and ask :func:`collision`; for one comparison (booking) call
:func:`dates_collide` with the spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Berlin")

Span = tuple[datetime, datetime]

# Why two occasions collide (stable codes; the lottery reports them per wish).
OVERLAP = "overlap"
SAME_DAY = "day"


def local(value: datetime, zone: tzinfo = LOCAL_ZONE) -> datetime:
    """``value`` as an aware datetime in ``zone`` (a naive one counts as local there)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def days_of(spans: Iterable[Span], zone: tzinfo = LOCAL_ZONE) -> frozenset[date]:
    """The local calendar days the stretches touch (an end at midnight does not count)."""
    days: set[date] = set()
    for start, end in spans:
        first, last_moment = local(start, zone), local(end, zone)
        day = first.date()
        last = (last_moment - timedelta(microseconds=1)).date() if last_moment > first else day
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


@dataclass(frozen=True, slots=True)
class Timetable:
    """An occasion's stretches prepared for many comparisons: instants in seconds and
    the local days they touch."""

    stretches: tuple[tuple[float, float], ...]
    days: frozenset[date]

    @classmethod
    def of(cls, spans: Iterable[Span], zone: tzinfo = LOCAL_ZONE) -> Timetable:
        spans = list(spans)
        return cls(
            stretches=tuple(
                (local(start, zone).timestamp(), local(end, zone).timestamp())
                for start, end in spans
            ),
            days=days_of(spans, zone),
        )


def overlaps(a: Timetable, b: Timetable, *, travel_minutes: int = 0) -> bool:
    """Whether a stretch of ``a`` overlaps one of ``b``, with travel time between."""
    gap = travel_minutes * 60.0
    return any(
        a_start < b_end + gap and b_start < a_end + gap
        for a_start, a_end in a.stretches
        for b_start, b_end in b.stretches
    )


def share_a_day(a: Timetable, b: Timetable) -> bool:
    """Whether ``a`` and ``b`` touch one local calendar day."""
    return not a.days.isdisjoint(b.days)


def collision(
    a: Timetable, b: Timetable, *, travel_minutes: int = 0, one_per_day: bool = False
) -> str | None:
    """:data:`OVERLAP`, :data:`SAME_DAY` (only with ``one_per_day``) or None."""
    if overlaps(a, b, travel_minutes=travel_minutes):
        return OVERLAP
    if one_per_day and share_a_day(a, b):
        return SAME_DAY
    return None


def dates_collide(
    a: Sequence[Span], b: Sequence[Span], *, travel_minutes: int = 0, one_per_day: bool = False
) -> bool:
    """Whether one child cannot take part in both: overlapping (with travel time), or on
    the same local day when only one activity per day is allowed."""
    return (
        collision(
            Timetable.of(a),
            Timetable.of(b),
            travel_minutes=travel_minutes,
            one_per_day=one_per_day,
        )
        is not None
    )
