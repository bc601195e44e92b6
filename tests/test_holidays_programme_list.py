"""Choosing holiday activities on a phone: the programme one week at a time with a jump
list of the weeks, filters kept in the URL by every week link, clashes with the chosen
child's bookings and full or waiting-list occasions marked in the list itself, the
details one tap away, and a fixed number of queries however long the programme."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from familienrathaus.holidays.models import Activity, Booking, Period
from tests.factories import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _monday_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def period() -> Period:
    start = _monday_after(date.today() + timedelta(days=60))
    return PeriodFactory(
        name="Sommer", slug="sommer", holiday_start=start, holiday_end=start + timedelta(days=20)
    )


def _occasion(period: Period, title: str, day: date, **values):  # type: ignore[no-untyped-def]
    hours = values.pop("hours", (9, 12))
    activity = ActivityFactory(period=period, title=title, slug=slugify(title), **values)
    return OccasionFactory(activity=activity, day=day, day__hours=hours)


def _german(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client(headers={"accept-language": "de"})
    if user is not None:
        client.force_login(user)
    return client


def _titles(html: str) -> list[str]:
    return re.findall(r'<h4 class="kern-heading-small"><a href="[^"]*">([^<]+)</a>', html)


def test_one_week_per_page_with_a_jump_list_that_keeps_the_filters(period: Period) -> None:
    start = period.holiday_start
    _occasion(period, "Waldtag", start)
    _occasion(period, "Bastelstunde", start + timedelta(days=2), category="creative")
    _occasion(period, "Kanutour", start + timedelta(days=7))
    _occasion(period, "Malen am See", start + timedelta(days=9), category="creative")
    _occasion(period, "Zirkus", start + timedelta(days=15))
    client = _german()
    url = f"/ferienspass/{period.slug}/"

    page = client.get(url).content.decode()
    assert "5 Termine" in page
    assert _titles(page) == ["Waldtag", "Bastelstunde"]
    assert "Woche 1: " in page
    assert 'href="?woche=2#results"' in page and 'href="?woche=3#results"' in page
    assert 'rel="next"' in page

    week_two = client.get(url, {"woche": 2}).content.decode()
    assert _titles(week_two) == ["Kanutour", "Malen am See"]
    assert 'rel="prev"' in week_two and 'rel="next"' in week_two

    # A filter stays in the URL: the week links carry it, and the weeks count only matches.
    creative = client.get(url, {"category": "creative", "woche": 2}).content.decode()
    assert _titles(creative) == ["Malen am See"]
    assert 'href="?category=creative&amp;woche=1#results"' in creative
    assert "woche=3" not in creative  # no creative occasion in week 3
    # The details are one tap away: the title and a button lead to the occasion.
    assert re.search(r'href="/ferienspass/[^"]*#termin-\d+"', creative)


def test_full_and_waiting_list_occasions_are_marked_in_the_list(period: Period) -> None:
    start = period.holiday_start
    full = _occasion(period, "Reiterhof", start)
    full.max_places = 1
    full.save()
    BookingFactory(occasion=full)
    BookingFactory(occasion=full, status=Booking.Status.WAITLISTED)
    held = _occasion(period, "Kletterpark", start + timedelta(days=1))
    held.max_places = 2
    held.save()
    BookingFactory(occasion=held)
    BookingFactory(occasion=held, status=Booking.Status.WAITLISTED)  # one place on paper
    page = _german().get(f"/ferienspass/{period.slug}/").content.decode()
    card = page.split('id="termin-')
    reiterhof = next(c for c in card if "Reiterhof" in c)
    kletterpark = next(c for c in card if "Kletterpark" in c)
    assert "voll – Warteliste (1)" in reiterhof
    assert "Warteliste: 1 Kind wartet" in kletterpark
    assert "Plätzen belegt" not in kletterpark  # not offered as free: someone waits
    # On the occasion's page the button says where the child goes: the waiting list.
    family = UserFactory(role="family")
    ChildFactory(family=family, first_name="Ida")
    detail = _german(family).get(held.activity.get_absolute_url()).content.decode()
    assert "<bdi>Ida</bdi> auf die Warteliste setzen" in detail
    assert "Für <bdi>Ida</bdi> buchen" not in detail
    assert re.search(r'"remainingAttendeeCapacity":\s*0\b', detail)  # held, not free
    # "Only with free places" leaves out both.
    free = _german().get(f"/ferienspass/{period.slug}/", {"free_only": "on"}).content.decode()
    assert "Reiterhof" not in free and "Kletterpark" not in free


def test_clashes_with_the_childs_bookings_show_in_the_list(period: Period) -> None:
    family = UserFactory(role="family")
    child = ChildFactory(family=family, first_name="Mia")
    start = period.holiday_start
    booked = _occasion(period, "Theater", start, hours=(9, 12))
    BookingFactory(child=child, occasion=booked)
    _occasion(period, "Töpfern", start, hours=(10, 13))  # overlaps the theatre
    _occasion(period, "Fußball", start, hours=(15, 17))  # after it, with travel time
    page = _german(family).get(f"/ferienspass/{period.slug}/", {"child": child.pk}).content.decode()
    cards = page.split('id="termin-')
    toepfern = next(c for c in cards if "Töpfern</a>" in c)
    fussball = next(c for c in cards if "Fußball</a>" in c)
    theater = next(c for c in cards if "Theater</a>" in c)
    assert "Überschneidung: <bdi>Mia</bdi> hat „<bdi>Theater</bdi>“" in toepfern
    assert "Überschneidung" not in fussball
    assert "Mia: bestätigt" in theater


def test_queries_do_not_grow_with_the_programme(period: Period) -> None:
    family = UserFactory(role="family")
    child = ChildFactory(family=family, first_name="Leon")
    client = _german(family)
    url = f"/ferienspass/{period.slug}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"child": child.pk})
        assert response.status_code == 200
        return len(queries)

    for n in range(4):
        occasion = _occasion(period, f"Angebot {n}", period.holiday_start + timedelta(days=n))
        BookingFactory(child=child, occasion=occasion) if n == 0 else None
    count()  # the first request fills caches (site settings, session)
    small = count()
    for n in range(4, 40):
        _occasion(period, f"Angebot {n}", period.holiday_start + timedelta(days=n % 5))
    assert Activity.objects.filter(period=period).count() == 40
    assert count() == small
    assert small <= 25


def test_the_wish_form_offers_time_price_and_the_details() -> None:
    period = PeriodFactory(wish_phase=True, name="Herbst", slug="herbst")
    family = UserFactory(role="family")
    child = ChildFactory(family=family, first_name="Mia")
    start = period.holiday_start
    canoe = _occasion(period, "Kanutour", start, hours=(9, 12))
    _occasion(period, "Kürbisschnitzen", start + timedelta(days=1), hours=(14, 17))
    canoe.fee = Decimal("12.50")
    canoe.save()
    page = (
        _german(family)
        .get(f"/ferienspass/{period.slug}/wuensche/kind/{child.pk}/")
        .content.decode()
    )
    day = start.strftime("%d.%m.")
    # In the choices themselves: the time and the price.
    option = rf'<option value="{canoe.pk}"[^>]*>Kanutour, \w+ {day} 09:00–12:00, 12,50 €'
    assert re.search(option, page)
    # And per option a link to its details.
    assert f'href="/ferienspass/aktivitaet/kanutour/#termin-{canoe.pk}"' in page
    assert "Kürbisschnitzen</a>" in page
