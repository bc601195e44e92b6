"""Booking counts "one activity per day" in Berlin days, whatever time zone is active.

The rule is the one the lottery uses (familienrathaus/core/overlap.py); the lottery's side
is in tests/test_lottery_allocation.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Child, Occasion, OccasionDate, Period
from tests.factories import ChildFactory, OccasionFactory, PeriodFactory, at

pytestmark = pytest.mark.django_db


def _occasion(
    period: Period, title: str, day: date, starts: tuple[int, int], ends: tuple[int, int]
) -> Occasion:
    """An occasion of ``period`` on ``day`` from ``starts`` to ``ends`` (hour, minute)."""
    occasion = cast(Occasion, OccasionFactory(activity__period=period, activity__title=title))
    occasion.dates.all().delete()
    OccasionDate.objects.create(occasion=occasion, starts=at(day, *starts), ends=at(day, *ends))
    return Occasion.objects.select_related("activity__period").get(pk=occasion.pk)


def test_just_after_midnight_is_the_next_day_even_when_utc_is_active() -> None:
    period = cast(Period, PeriodFactory(one_per_day=True))
    day = period.holiday_start + timedelta(days=1)
    # 00:10-00:50 in Berlin is still the day before in UTC (summer and winter).
    night = _occasion(period, "Nachtwanderung", day, (0, 10), (0, 50))
    morning = _occasion(period, "Schwimmen", day, (10, 0), (12, 0))
    child = cast(Child, ChildFactory(first_name="Noah"))
    with timezone.override("UTC"):
        services.book(actor=child.family, child=child, occasion=night)
        with pytest.raises(ValidationError) as refused:
            services.book(actor=child.family, child=child, occasion=morning)
    assert refused.value.code == "overlap"
    assert "Nachtwanderung" in refused.value.messages[0]
    assert list(Booking.objects.values_list("occasion_id", flat=True)) == [night.pk]


def test_a_late_evening_is_not_the_next_day_even_when_tokyo_is_active() -> None:
    period = cast(Period, PeriodFactory(one_per_day=True))
    day = period.holiday_start + timedelta(days=1)
    # 22:00-23:00 in Berlin: already the next morning in Tokyo, like the next day's date.
    evening = _occasion(period, "Sterne gucken", day - timedelta(days=1), (22, 0), (23, 0))
    morning = _occasion(period, "Schwimmen", day, (10, 0), (12, 0))
    child = cast(Child, ChildFactory())
    with timezone.override("Asia/Tokyo"):
        services.book(actor=child.family, child=child, occasion=evening)
        services.book(actor=child.family, child=child, occasion=morning)
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 2
