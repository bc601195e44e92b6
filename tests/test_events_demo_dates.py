"""The demo calendar is dated from the day it is loaded: whoever tries the demo sees
dates this month and in the coming weeks, not an empty calendar until some fixed
month; and loading it again creates nothing."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.events import demo
from familienrathaus.events.models import Event, Occurrence
from familienrathaus.partners import demo as partners_demo

pytestmark = pytest.mark.django_db


def local_dates(slug: str) -> list[date]:
    return [
        timezone.localtime(o.start).date()
        for o in Occurrence.objects.filter(event__slug=slug).order_by("start")
    ]


def months_between(first: date, second: date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


def test_the_current_month_and_the_coming_weeks_are_full(anon_client: Client) -> None:
    partners_demo.load()
    demo.load()
    today = timezone.localdate()

    month = anon_client.get(f"/veranstaltungen/monat/{today.year}/{today.month}/")
    count = re.search(r"(\d+) dates? this month", month.content.decode())
    assert count is not None and int(count.group(1)) >= 1  # at least this month's lecture

    upcoming = Occurrence.objects.filter(
        start__gte=timezone.now(), start__lt=timezone.now() + timedelta(days=21)
    )
    assert upcoming.count() >= 3
    listed = anon_client.get("/veranstaltungen/").content.decode()
    assert "frh-event-card__title" in listed


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 11, 21),
        date(2027, 1, 1),
        date(2027, 5, 15),  # the Aktionstag is today
        date(2027, 6, 30),  # this summer's Familienfest is over
        date(2027, 8, 10),  # in the summer break
        date(2027, 12, 31),
        date(2028, 2, 29),
    ],
)
def test_demo_dates_follow_the_day_of_loading(today: date) -> None:
    partners_demo.load()
    created = demo.load(today=today)
    assert created == 48
    year_later = today + timedelta(days=366)

    # The lecture series: the first Tuesday of each of the twelve months from this one.
    lectures = local_dates("vortragsreihe-familie-im-gespraech")
    assert (lectures[0].year, lectures[0].month) == (today.year, today.month)
    assert all(day.weekday() == 1 and day.day <= 7 for day in lectures)
    assert months_between(today, lectures[-1]) <= 11
    if today.month == 8:
        assert len(lectures) == 12  # the break is next summer, after the twelve months
    else:
        assert len(lectures) == 11 and all(day.month != 8 for day in lectures)

    (fest,) = local_dates("familienfest")
    assert fest.month == 6 and fest.weekday() == 5 and today <= fest < year_later
    (aktionstag,) = local_dates("aktionstag-internationaler-tag-der-familie")
    assert (aktionstag.month, aktionstag.day) == (5, 15) and today <= aktionstag < year_later

    meetings = [local_dates(f"buendnistreffen-{n}")[0] for n in range(1, 5)]
    assert all(today < day < year_later for day in meetings)
    assert [months_between(today, day) for day in meetings] == [1, 4, 7, 10]

    workshops = local_dates("familienbeirat-werkstatt")
    assert len(workshops) == 6 and today <= workshops[0] < today + timedelta(days=40)
    assert [months_between(a, b) for a, b in itertools.pairwise(workshops)] == [2] * 5

    partner_starts = [
        timezone.localtime(event.start).date() for event in Event.objects.exclude(organisation=None)
    ]
    assert len(partner_starts) == 40
    assert all(today < day < year_later for day in partner_starts)
    assert sum(1 for day in partner_starts if day <= today + timedelta(days=14)) >= 3
    assert len({(day.year, day.month) for day in partner_starts}) >= 10

    assert demo.load(today=today) == 0


def test_loading_again_later_creates_nothing() -> None:
    """Slugs carry no dates: a month (or a year) later the demo is still complete."""
    partners_demo.load()
    assert demo.load(today=date(2026, 11, 21)) == 48
    assert demo.load(today=date(2026, 12, 21)) == 0
    assert demo.load(today=date(2027, 11, 21)) == 0
    assert Event.objects.count() == 48
