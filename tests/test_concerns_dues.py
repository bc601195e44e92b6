"""Due dates in working days, against dates computed by hand from a wall calendar.

Nordrhein-Westfalen unless a test says otherwise. The holidays used below:
2026: Karfreitag 3 April, Ostermontag 6 April, 1 May, Fronleichnam 4 June (NW, not NI),
25/26 December; 2027: 1 January, Heilige Drei Könige 6 January (BY, not NW),
Karfreitag 26 March, Easter Sunday 28 March (also the change to summer time),
Ostermontag 29 March. Summer time starts on the last Sunday of March (29 March 2026)
and ends on the last Sunday of October (25 October 2026).
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import pytest

from familienrathaus.concerns import dues
from familienrathaus.core.models import SiteSettings
from tests.factories import at

D = dt.date


def test_ten_working_days_across_easter_and_first_of_may():
    # Thursday before Good Friday. Fri 3 and Mon 6 April are holidays:
    # 7,8,9,10,13,14,15,16,17,20 April -> the 10th working day is Monday 20 April;
    # then 21,22,23,24,27,28,29,30 April, (1 May holiday), 4, 5 May -> 20th is 5 May.
    result = dues.due_dates(at(D(2026, 4, 2), 10), state="NW")
    assert result == dues.Dues(first_answer=D(2026, 4, 20), close=D(2026, 5, 5))


def test_christmas_and_new_year_in_nrw():
    # Wed 23 Dec 2026: 24 Dec (a working day) 1, 28 2, 29 3, 30 4, 31 5,
    # (1 Jan holiday) 4 Jan 6, 5 Jan 7, 6 Jan 8 (no holiday in NW), 7 Jan 9, 8 Jan 10.
    assert dues.due_dates(at(D(2026, 12, 23), 9), state="NW").first_answer == D(2027, 1, 8)


def test_epiphany_counts_in_bavaria_but_not_in_nrw():
    # The same as above, but 6 January is a holiday in Bayern: 7 Jan 8, 8 Jan 9, 11 Jan 10.
    assert dues.due_dates(at(D(2026, 12, 23), 9), state="BY").first_answer == D(2027, 1, 11)


def test_corpus_christi_is_a_holiday_of_some_states_only():
    # Wed 3 June 2026, five working days. NW: (4 June holiday) 5, 8, 9, 10, 11 June.
    # Niedersachsen: 4, 5, 8, 9, 10 June.
    received = at(D(2026, 6, 3), 14)
    assert dues.due_dates(received, first_answer_days=5, state="NW").first_answer == D(2026, 6, 11)
    assert dues.due_dates(received, first_answer_days=5, state="NI").first_answer == D(2026, 6, 10)


def test_sunday_evening_when_summer_time_starts():
    # Sun 29 March 2026, 21:30 (CEST, 19:30 UTC): counted from Monday 30 March:
    # 30, 31 March, 1, 2 April, (3 and 6 April holidays) 7, 8, 9, 10, 13, 14 April.
    received = at(D(2026, 3, 29), 21, 30)
    assert received.utcoffset() == dt.timedelta(hours=2)
    assert dues.due_dates(received, state="NW").first_answer == D(2026, 4, 14)


def test_half_past_midnight_after_the_change_to_summer_time_is_monday():
    # Mon 30 March 2026, 00:30 CEST is 22:30 UTC on Sunday: it arrived on Monday, so the
    # count starts on Tuesday: 31 March, 1, 2, 7, 8, 9, 10, 13, 14, 15 April.
    received = dt.datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert dues.received_on(received) == D(2026, 3, 30)
    assert dues.due_dates(received, state="NW").first_answer == D(2026, 4, 15)


def test_sunday_evening_when_summer_time_ends():
    # Sun 25 October 2026, 23:30 CET (22:30 UTC), after the clocks went back:
    # 26, 27, 28, 29, 30 October, 2, 3, 4, 5, 6 November (1 November is a Sunday).
    received = at(D(2026, 10, 25), 23, 30)
    assert received.utcoffset() == dt.timedelta(hours=1)
    assert dues.due_dates(received, state="NW").first_answer == D(2026, 11, 6)
    # 00:30 on Monday 26 October is still Sunday in UTC; counted from Tuesday: 27 … 30
    # October, 2 … 6 November, 9 November.
    late = dt.datetime(2026, 10, 25, 23, 30, tzinfo=UTC)
    assert dues.due_dates(late, state="NW").first_answer == D(2026, 11, 9)


def test_easter_sunday_2027_is_also_the_change_to_summer_time():
    # Sun 28 March 2027, 22:00 CEST. (29 March Ostermontag) 30, 31 March, 1, 2, 5, 6, 7,
    # 8, 9, 12 April; closing after 20: 13, 14, 15, 16, 19, 20, 21, 22, 23, 26 April.
    result = dues.due_dates(at(D(2027, 3, 28), 22), state="NW")
    assert result == dues.Dues(first_answer=D(2027, 4, 12), close=D(2027, 4, 26))


def test_targets_come_from_the_topic_and_default_without_one():
    class Topic:
        first_answer_days = 3
        closing_days = 5

    # Fri 24 Dec 2027: (25, 26 Dec weekend) 27, 28, 29 Dec; closing 30, 31 Dec.
    received = at(D(2027, 12, 24), 8)
    assert dues.for_topic(received, Topic(), state="NW") == dues.Dues(
        D(2027, 12, 29), D(2027, 12, 31)
    )
    assert dues.for_topic(received, None, state="NW") == dues.due_dates(received, state="NW")


@pytest.mark.django_db
def test_the_state_comes_from_the_site_settings():
    received = at(D(2026, 6, 3), 14)
    SiteSettings.objects.update_or_create(pk=1, defaults={"federal_state": "NI"})
    assert dues.due_dates(received, first_answer_days=5).first_answer == D(2026, 6, 10)
    SiteSettings.objects.update_or_create(pk=1, defaults={"federal_state": "NW"})
    assert dues.due_dates(received, first_answer_days=5).first_answer == D(2026, 6, 11)


class _Concern:
    def __init__(self, **fields: object) -> None:
        self.first_answer_due = D(2026, 4, 20)
        self.close_due = D(2026, 5, 5)
        self.first_answer_at: dt.datetime | None = None
        self.closed_at: dt.datetime | None = None
        self.__dict__.update(fields)


def test_overdue_only_after_the_due_day_has_ended():
    concern = _Concern()
    assert not dues.is_overdue(concern, on=D(2026, 4, 20))
    assert dues.first_answer_overdue(concern, on=D(2026, 4, 21))
    answered = _Concern(first_answer_at=at(D(2026, 4, 15), 9))
    assert not dues.is_overdue(answered, on=D(2026, 5, 5))
    assert dues.close_overdue(answered, on=D(2026, 5, 6))
    closed = _Concern(closed_at=at(D(2026, 4, 15), 9))
    assert not dues.is_overdue(closed, on=D(2027, 1, 1))
