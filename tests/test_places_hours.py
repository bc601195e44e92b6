"""Opening hours: the short text form, "open now" in Europe/Berlin, the state's public holidays."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from familienrathaus.core import calendar
from familienrathaus.core.forms import SiteSettingsForm
from familienrathaus.core.models import SiteSettings
from familienrathaus.core.selectors import site_settings
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


@pytest.mark.django_db
def test_public_holidays_and_exceptions_close_the_place() -> None:
    weekly = hours.parse("Mo–Sa 8–20")
    easter_monday = at(2025, 4, 21, 10, 0)
    assert not hours.is_open(weekly, at=easter_monday)
    assert hours.is_open(weekly, at=easter_monday, holidays_closed=False)
    closure = hours.Exception_(dt.date(2025, 4, 22), dt.date(2025, 4, 23), None, None)
    assert not hours.is_open(weekly, [closure], at=at(2025, 4, 22, 10, 0))
    shorter = hours.Exception_(dt.date(2025, 4, 24), dt.date(2025, 4, 24), dt.time(8), dt.time(9))
    assert not hours.is_open(weekly, [shorter], at=at(2025, 4, 24, 10, 0))
    assert hours.is_open(weekly, [shorter], at=at(2025, 4, 24, 8, 30))


# Public holidays of the alliance's state (core.calendar, from the ``holidays`` package).
FRONLEICHNAM_2027 = at(2027, 5, 27, 10, 0)  # a Thursday
REFORMATIONSTAG_2025 = at(2025, 10, 31, 10, 0)  # a Friday
ALLERHEILIGEN_2027 = at(2027, 11, 1, 10, 0)  # a Monday


def _in_state(state: str) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"federal_state": state})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "closed_in", "open_in"),
    [
        (FRONLEICHNAM_2027, ["NW", "BY", "BW", "HE", "RP", "SL"], ["NI", "SN", "BE", "HH"]),
        (REFORMATIONSTAG_2025, ["SN", "NI", "BB", "TH"], ["NW", "BY", "BW"]),
        (ALLERHEILIGEN_2027, ["BY", "NW", "BW", "RP", "SL"], ["NI", "SN", "BE"]),
    ],
)
def test_state_holidays_close_places_only_in_the_states_that_keep_them(
    moment: dt.datetime, closed_in: list[str], open_in: list[str]
) -> None:
    weekly = hours.parse("Mo–Sa 8–20")
    for state in closed_in:
        _in_state(state)
        assert not hours.is_open(weekly, at=moment), state
        with translation.override("en"):
            reason = hours.closed_reason((), holidays_closed=True, at=moment)
        assert "public holiday" in reason
    for state in open_in:
        _in_state(state)
        assert hours.is_open(weekly, at=moment), state
        assert hours.closed_reason((), holidays_closed=True, at=moment) == ""


@pytest.mark.django_db
def test_the_holiday_is_named_in_the_closed_reason() -> None:
    _in_state("NW")
    with translation.override("de"):
        reason = hours.closed_reason((), holidays_closed=True, at=FRONLEICHNAM_2027)
    assert "Fronleichnam" in reason


@pytest.mark.django_db
def test_without_settings_the_default_state_is_nordrhein_westfalen() -> None:
    SiteSettings.objects.all().delete()
    assert calendar.federal_state() == "NW"
    assert not hours.is_open(hours.parse("Mo–Sa 8–20"), at=FRONLEICHNAM_2027)


def test_working_days_skip_weekends_and_the_states_holidays() -> None:
    # Wednesday 26 May 2027, the day before Fronleichnam.
    wednesday = dt.date(2027, 5, 26)
    assert calendar.add_working_days(wednesday, 1, state="NI") == dt.date(2027, 5, 27)
    assert calendar.add_working_days(wednesday, 1, state="NW") == dt.date(2027, 5, 28)
    assert calendar.add_working_days(wednesday, 3, state="NW") == dt.date(2027, 6, 1)
    assert calendar.add_working_days(dt.date(2027, 6, 1), -3, state="NW") == wednesday
    assert calendar.add_working_days(wednesday, 0, state="NW") == wednesday
    assert not calendar.is_working_day(dt.date(2027, 5, 29), state="NI")  # Saturday
    assert not calendar.is_working_day(dt.date(2025, 10, 31), state="SN")
    assert calendar.is_working_day(dt.date(2025, 10, 31), state="NW")
    assert dt.date(2025, 11, 19) in calendar.public_holidays(2025, state="SN")  # Buß- und Bettag
    assert dt.date(2025, 11, 19) not in calendar.public_holidays(2025, state="BY")


@pytest.mark.django_db
def test_a_coordinator_sets_the_state_in_the_site_settings(coordinator_client) -> None:
    page = coordinator_client.get(reverse("core:site_settings"))
    assert 'name="federal_state"' in page.content.decode()
    # Everything as it is, only the state changes.
    current = SiteSettingsForm(instance=site_settings()).initial
    data = {
        name: value for name, value in current.items() if value not in (None, "") and name != "logo"
    }
    data["federal_state"] = "SN"
    response = coordinator_client.post(reverse("core:site_settings"), data)
    assert response.status_code == 302
    assert calendar.federal_state() == "SN"
    assert not hours.is_open(hours.parse("Mo–Sa 8–20"), at=REFORMATIONSTAG_2025)
