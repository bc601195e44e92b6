"""Opening hours: the short text form, "open now" in Europe/Berlin, public holidays."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from familienrathaus.places import hours

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mo–Fr 9–18, Sa 9–13", "Mo–Fr 09:00–18:00, Sa 09:00–13:00"),
        ("Mo-Fr 09:00-18:00; Sa 10-14 Uhr", "Mo–Fr 09:00–18:00, Sa 10:00–14:00"),
        ("täglich 11–21", "Mo–So 11:00–21:00"),
        ("Di, Do 9–12 14–17", "Di, Do 09:00–12:00 14:00–17:00"),
        ("Fr–Mo 20–2", "Mo, Fr–So 20:00–02:00"),
    ],
)
def test_the_short_form_is_read_and_written_back(text: str, expected: str) -> None:
    assert hours.format_intervals(hours.parse(text)) == expected


@pytest.mark.parametrize("text", ["", "immer", "Mo–Fr", "9–18", "Mo 25–26", "Xy 9–12"])
def test_unreadable_hours_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(hours.HoursError) as error:
        hours.parse(text)
    assert str(error.value)


def test_open_now_is_judged_in_berlin_time_also_across_daylight_saving() -> None:
    weekly = hours.parse("Mo–So 9–18")
    # 31 March 2025 is a Monday in summer time: 07:30 UTC is 09:30 in Berlin.
    assert hours.is_open(weekly, at=dt.datetime(2025, 3, 31, 7, 30, tzinfo=dt.UTC))
    # 3 February 2025 (winter time): 07:30 UTC is 08:30 in Berlin, still closed.
    assert not hours.is_open(weekly, at=dt.datetime(2025, 2, 3, 7, 30, tzinfo=dt.UTC))
    assert not hours.is_open(weekly, at=at(2025, 3, 31, 18, 0))


def test_hours_past_midnight_count_for_the_next_morning() -> None:
    weekly = hours.parse("Fr 20–2")
    assert hours.is_open(weekly, at=at(2025, 4, 4, 23, 0))  # Friday
    assert hours.is_open(weekly, at=at(2025, 4, 5, 1, 30))  # Saturday morning
    assert not hours.is_open(weekly, at=at(2025, 4, 5, 2, 0))
    always = hours.parse("täglich 0–24")
    assert hours.is_open(always, at=at(2025, 4, 5, 23, 59), holidays_closed=False)


def test_public_holidays_and_exceptions_close_the_place() -> None:
    weekly = hours.parse("Mo–Sa 8–20")
    easter_monday = at(2025, 4, 21, 10, 0)
    assert hours.easter_sunday(2025) == dt.date(2025, 4, 20)
    assert not hours.is_open(weekly, at=easter_monday)
    assert hours.is_open(weekly, at=easter_monday, holidays_closed=False)
    closure = hours.Exception_(dt.date(2025, 4, 22), dt.date(2025, 4, 23), None, None)
    assert not hours.is_open(weekly, [closure], at=at(2025, 4, 22, 10, 0))
    shorter = hours.Exception_(dt.date(2025, 4, 24), dt.date(2025, 4, 24), dt.time(8), dt.time(9))
    assert not hours.is_open(weekly, [shorter], at=at(2025, 4, 24, 10, 0))
    assert hours.is_open(weekly, [shorter], at=at(2025, 4, 24, 8, 30))
