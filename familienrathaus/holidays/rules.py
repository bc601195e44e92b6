"""The booking rules of a holiday programme as pure functions.

Booking (``services.book``) and the lottery (``familienrathaus.lottery``) both ask these,
so a child the lottery places could also have booked the place, and the other way round.
Nothing here touches the database: the functions take dates and numbers. The small
wrappers at the end (:func:`child_fits_occasion`, :func:`occasion_spans`) read them off
model instances (prefetch ``dates`` to avoid queries).

Ages
----
``Occasion.age_rule`` says how a child's age is counted:

- ``exact``: the age in completed years on the occasion's first day;
- ``school_year``: the age on 30 September of the year of the first day (the cut-off
  date of German school enrolment, so all children of one school year count the same);
- ``birth_year``: the year of the first day minus the year of birth.

``age_tolerance_months`` widens both limits: the child counts as old enough if it
reaches ``age_min`` within that many months after the reference date, and as young
enough if it was still below ``age_max + 1`` that many months before it.

Dates
-----
Two occasions collide when one of their stretches (``(start, end)`` pairs) overlaps one
of the other's, with the period's travel time added after each stretch (so a child can
get from one to the next). With "one activity per day", they also collide when they
share a calendar day (in Europe/Berlin, whatever time zone is active). The rule itself
lives in :mod:`familienrathaus.core.overlap`, which the lottery imports as well;
:func:`dates_collide` and :func:`days_of` here are the same functions.

Places per child
----------------
``Period.places_per_child`` (None: no limit) counts a child's confirmed and held
places; waiting-list entries do not count.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

# The one overlap rule, shared with the lottery (re-exported for booking).
from familienrathaus.core.overlap import Span as Span
from familienrathaus.core.overlap import dates_collide as dates_collide
from familienrathaus.core.overlap import days_of as days_of

if TYPE_CHECKING:
    from familienrathaus.holidays.models import Child, Occasion, Period

EXACT = "exact"
SCHOOL_YEAR = "school_year"
BIRTH_YEAR = "birth_year"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def age_on(birth_date: date, day: date) -> int:
    """Completed years of life on ``day``."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def reference_age(birth_date: date, first_day: date, rule: str, shift_months: int = 0) -> int:
    """The age the rule counts, with the reference date moved by ``shift_months``."""
    if rule == BIRTH_YEAR:
        return first_day.year - birth_date.year
    reference = date(first_day.year, 9, 30) if rule == SCHOOL_YEAR else first_day
    return age_on(birth_date, add_months(reference, shift_months))


def age_problem(
    *,
    birth_date: date,
    first_day: date,
    rule: str,
    age_min: int | None,
    age_max: int | None,
    tolerance_months: int = 0,
) -> str:
    """An empty string if the age fits; "too_young" or "too_old" otherwise."""
    if age_min is not None and (
        reference_age(birth_date, first_day, rule, tolerance_months) < age_min
    ):
        return "too_young"
    if age_max is not None and (
        reference_age(birth_date, first_day, rule, -tolerance_months) > age_max
    ):
        return "too_old"
    return ""


def is_age_eligible(
    *,
    birth_date: date,
    first_day: date,
    rule: str,
    age_min: int | None,
    age_max: int | None,
    tolerance_months: int = 0,
) -> bool:
    return not age_problem(
        birth_date=birth_date,
        first_day=first_day,
        rule=rule,
        age_min=age_min,
        age_max=age_max,
        tolerance_months=tolerance_months,
    )


def has_room_for_another(taken_by_child: int, places_per_child: int | None) -> bool:
    """Whether a child holding ``taken_by_child`` places may get one more."""
    return places_per_child is None or taken_by_child < places_per_child


# ------------------------------------------------------------------- model wrappers


def occasion_spans(occasion: Occasion) -> list[Span]:
    return [(d.starts, d.ends) for d in occasion.dates.all()]


def child_age_problem(child: Child, occasion: Occasion) -> str:
    first_day = occasion.first_day
    if first_day is None:
        return ""
    return age_problem(
        birth_date=child.birth_date,
        first_day=first_day,
        rule=occasion.age_rule,
        age_min=occasion.age_min,
        age_max=occasion.age_max,
        tolerance_months=occasion.age_tolerance_months,
    )


def child_fits_occasion(child: Child, occasion: Occasion) -> bool:
    return not child_age_problem(child, occasion)


def occasions_collide(period: Period, a: Occasion, b: Occasion) -> bool:
    return dates_collide(
        occasion_spans(a),
        occasion_spans(b),
        travel_minutes=period.travel_minutes,
        one_per_day=period.one_per_day,
    )
