"""The one overlap rule (familienrathaus/core/overlap.py): times as instants, days in
Berlin, whichever time zone the datetimes carry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from familienrathaus.core import overlap

BERLIN = ZoneInfo("Europe/Berlin")


def test_days_are_berlin_days_for_utc_and_other_offsets() -> None:
    late_utc = (datetime(2027, 7, 5, 22, 30, tzinfo=UTC), datetime(2027, 7, 5, 23, 30, tzinfo=UTC))
    assert overlap.days_of([late_utc]) == {date(2027, 7, 6)}
    new_york = timezone(timedelta(hours=-4))
    evening_ny = (
        datetime(2027, 7, 5, 16, 0, tzinfo=new_york),
        datetime(2027, 7, 5, 19, 0, tzinfo=new_york),
    )
    # 22:00-01:00 in Berlin: two Berlin days, one New York day.
    assert overlap.days_of([evening_ny]) == {date(2027, 7, 5), date(2027, 7, 6)}


def test_an_end_at_midnight_does_not_touch_the_next_day() -> None:
    span = (datetime(2027, 7, 5, 20, 0, tzinfo=BERLIN), datetime(2027, 7, 6, 0, 0, tzinfo=BERLIN))
    assert overlap.days_of([span]) == {date(2027, 7, 5)}


def test_naive_times_are_berlin_times() -> None:
    naive = [(datetime(2027, 7, 6, 0, 30), datetime(2027, 7, 6, 1, 30))]
    utc = [(datetime(2027, 7, 5, 22, 45, tzinfo=UTC), datetime(2027, 7, 5, 23, 0, tzinfo=UTC))]
    assert overlap.dates_collide(naive, utc)


def test_overlap_across_the_change_to_summer_time_uses_real_instants() -> None:
    # On 28 March 2027 clocks jump from 02:00 to 03:00: 01:30-03:30 lasts one hour.
    night = [
        (datetime(2027, 3, 28, 1, 30, tzinfo=BERLIN), datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN))
    ]
    # 01:15-01:45 UTC is 03:15-03:45 in Berlin: inside the night above.
    utc = [(datetime(2027, 3, 28, 1, 15, tzinfo=UTC), datetime(2027, 3, 28, 1, 45, tzinfo=UTC))]
    assert overlap.dates_collide(night, utc)
    # 01:30-02:00 UTC (03:30-04:00 in Berlin) only touches it; travel time makes it collide.
    after = [(datetime(2027, 3, 28, 1, 30, tzinfo=UTC), datetime(2027, 3, 28, 2, 0, tzinfo=UTC))]
    assert not overlap.dates_collide(night, after)
    assert overlap.dates_collide(night, after, travel_minutes=15)


def test_collision_names_the_reason() -> None:
    morning = overlap.Timetable.of(
        [(datetime(2027, 7, 5, 9, tzinfo=BERLIN), datetime(2027, 7, 5, 10, tzinfo=BERLIN))]
    )
    evening = overlap.Timetable.of(
        [(datetime(2027, 7, 5, 18, tzinfo=BERLIN), datetime(2027, 7, 5, 19, tzinfo=BERLIN))]
    )
    assert overlap.collision(morning, evening) is None
    assert overlap.collision(morning, evening, one_per_day=True) == overlap.SAME_DAY
    assert overlap.collision(morning, morning) == overlap.OVERLAP
