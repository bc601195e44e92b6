"""Helpers for the lottery tests: occasions on a day of a period's holidays, and wishes.

The period itself is ``PeriodFactory(wish_phase=True)`` (tests.factories.holidays).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from familienrathaus.holidays.models import Activity, Child, Occasion, Period
from familienrathaus.lottery.models import Wish
from tests.factories.holidays import ActivityFactory, OccasionFactory


def occasion(
    period: Period,
    *,
    day: int = 0,
    start: int = 9,
    end: int = 12,
    places: int = 10,
    activity: Activity | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Occasion:
    """A free occasion on the ``day``-th day (0-based) of the holidays, ``start``–``end``."""
    if activity is None:
        extra = {"title": title} if title else {}
        activity = ActivityFactory.create(period=period, **extra)
    kwargs.setdefault("fee", Decimal("0"))
    made: Occasion = OccasionFactory.create(
        activity=activity,
        max_places=places,
        day=period.holiday_start + timedelta(days=day),
        day__hours=(start, end),
        **kwargs,
    )
    return made


def wish(child: Child, target: Occasion, rank: int, group_code: str = "") -> Wish:
    return Wish.objects.create(
        period=target.activity.period,
        child=child,
        occasion=target,
        rank=rank,
        group_code=group_code,
    )
