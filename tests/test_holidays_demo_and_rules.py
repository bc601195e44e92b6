"""The demo programme (ready to book, idempotent, fast) and the pure booking rules the
lottery shares."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from familienrathaus.core import demo as core_demo
from familienrathaus.core.models import User
from familienrathaus.holidays import demo, rules
from familienrathaus.holidays.models import Activity, Booking, Child, Occasion, Period
from familienrathaus.partners import demo as partners_demo
from tests.conftest import english_client


@pytest.mark.django_db
def test_demo_programme_is_bookable_right_away() -> None:
    core_demo.load()
    partners_demo.load()
    created = demo.load()  # its time: bench/demo_data.py
    assert created > 0
    period = Period.objects.get(slug=demo.PERIOD_SLUG)
    assert period.name == "Sommerferien 2027" and period.phase == Period.Phase.BOOKING
    assert 55 <= Activity.objects.filter(period=period).count() <= 65
    assert 95 <= Occasion.objects.filter(activity__period=period).count() <= 105
    assert 190 <= Child.objects.count() <= 215
    assert Booking.objects.filter(status="waitlisted").exists()
    # Booked in the past: a family joining a waiting list now queues behind them all.
    assert not Booking.objects.filter(queued_at__gt=timezone.now()).exists()
    assert demo.load() == 0  # idempotent

    family = User.objects.get(email=demo.FAMILY_EMAIL)
    client = english_client(family)
    mia = Child.objects.get(family=family, first_name="Mia")
    page = client.get(f"{period.get_absolute_url()}?child={mia.pk}&free_only=on")
    occasion = page.context["occasions"][0]
    response = client.post(f"/ferienspass/buchen/{occasion.pk}/", {"child": mia.pk}, follow=True)
    assert "Booked: Mia" in response.content.decode()


def test_exact_age_on_the_first_day() -> None:
    first = date(2027, 7, 19)
    kw = {"rule": rules.EXACT, "age_min": 6, "age_max": 9}
    assert rules.is_age_eligible(birth_date=date(2021, 7, 19), first_day=first, **kw)
    assert not rules.is_age_eligible(birth_date=date(2021, 7, 20), first_day=first, **kw)
    assert rules.is_age_eligible(birth_date=date(2017, 7, 20), first_day=first, **kw)
    assert not rules.is_age_eligible(birth_date=date(2017, 7, 19), first_day=first, **kw)
    assert rules.age_problem(birth_date=date(2021, 8, 1), first_day=first, **kw) == "too_young"
    assert rules.age_problem(birth_date=date(2010, 1, 1), first_day=first, **kw) == "too_old"


def test_tolerance_school_year_and_birth_year() -> None:
    first = date(2027, 7, 19)
    late = date(2021, 9, 1)  # six on 1 September, six weeks after the first day
    assert not rules.is_age_eligible(
        birth_date=late, first_day=first, rule=rules.EXACT, age_min=6, age_max=None
    )
    assert rules.is_age_eligible(
        birth_date=late,
        first_day=first,
        rule=rules.EXACT,
        age_min=6,
        age_max=None,
        tolerance_months=2,
    )
    # School year: the age on 30 September counts.
    assert rules.is_age_eligible(
        birth_date=late, first_day=first, rule=rules.SCHOOL_YEAR, age_min=6, age_max=None
    )
    assert not rules.is_age_eligible(
        birth_date=date(2021, 10, 1),
        first_day=first,
        rule=rules.SCHOOL_YEAR,
        age_min=6,
        age_max=None,
    )
    # Birth year: everybody born in 2021 is six in 2027.
    assert rules.is_age_eligible(
        birth_date=date(2021, 12, 31), first_day=first, rule=rules.BIRTH_YEAR, age_min=6, age_max=6
    )


def _span(day: int, start: int, end: int) -> tuple[datetime, datetime]:
    base = timezone.make_aware(datetime(2027, 7, day))
    return base + timedelta(hours=start), base + timedelta(hours=end)


def test_overlap_travel_time_and_one_per_day() -> None:
    morning = [_span(19, 9, 12)]
    noon = [_span(19, 12, 14)]
    evening = [_span(19, 18, 20)]
    trip = [_span(20, 10, 24 + 24 + 15)]  # two nights, until the 22nd
    assert not rules.dates_collide(morning, noon)
    assert rules.dates_collide(morning, noon, travel_minutes=30)
    assert not rules.dates_collide(morning, evening, travel_minutes=60)
    assert rules.dates_collide(morning, evening, one_per_day=True)
    assert rules.dates_collide(trip, [_span(21, 9, 12)])
    assert rules.days_of(trip) == {date(2027, 7, 20), date(2027, 7, 21), date(2027, 7, 22)}
    assert rules.has_room_for_another(2, 3) and not rules.has_room_for_another(3, 3)
    assert rules.has_room_for_another(99, None)
