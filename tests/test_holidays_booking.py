"""Booking a holiday occasion through the site, as a family would: two clicks, clear
messages for every rule, the waiting list with its position, a freed place offered to
the next child and held for a while, cancellation within the deadline."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Child, Occasion
from tests.conftest import english_client
from tests.factories import (
    ActivityFactory,
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def book(client: Client, occasion: Occasion, child: Child) -> str:
    """Click "Book for …" on the activity page; the message the family sees."""
    page = client.get(occasion.activity.get_absolute_url())
    assert page.status_code == 200
    response = client.post(f"/ferienspass/buchen/{occasion.pk}/", {"child": child.pk}, follow=True)
    assert response.status_code == 200
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def family() -> User:
    return UserFactory(email="eltern@example.org")


@pytest.fixture
def client(family: User) -> Client:
    return english_client(family)


def test_two_clicks_book_a_place(client: Client, family: User) -> None:
    child = ChildFactory(family=family, first_name="Mia")
    occasion = OccasionFactory(activity__title="Waldabenteuer")
    page = client.get(occasion.activity.get_absolute_url())
    assert "Book for <bdi>Mia</bdi>" in page.content.decode()  # the name isolated (Arabic)
    message = book(client, occasion, child)
    assert "Booked: Mia has a place in “Waldabenteuer”." in message
    booking = Booking.objects.get(child=child)
    assert booking.status == Booking.Status.CONFIRMED
    assert AuditEntry.objects.filter(action="holidays.booking.confirmed").exists()
    mine = client.get("/ferienspass/meine-buchungen/").content.decode()
    assert "Waldabenteuer" in mine and "confirmed" in mine


def test_full_occasion_puts_children_on_the_waiting_list_with_position(
    client: Client, family: User
) -> None:
    occasion = OccasionFactory(max_places=1)
    someone = ChildFactory()
    services.book(actor=someone.family, child=someone, occasion=occasion)
    first = ChildFactory(family=family, first_name="Ben")
    second = ChildFactory(family=family, first_name="Ida")
    assert "waiting list at position 1" in book(client, occasion, first)
    assert "waiting list at position 2" in book(client, occasion, second)
    page = client.get("/ferienspass/meine-buchungen/").content.decode()
    assert "position 1" in page and "position 2" in page


@pytest.mark.parametrize(
    ("birth_years_ago", "expected"),
    [(4, "Mia is too young for this activity."), (15, "Mia is too old for this activity.")],
)
def test_age_is_checked(client: Client, family: User, birth_years_ago: int, expected: str) -> None:
    occasion = OccasionFactory(age_min=6, age_max=12)
    first_day = occasion.first_day
    assert first_day is not None
    child = ChildFactory(
        family=family,
        first_name="Mia",
        birth_date=first_day.replace(year=first_day.year - birth_years_ago),
    )
    assert expected in book(client, occasion, child)
    assert not Booking.objects.exists()


def test_age_tolerance_lets_a_nearly_old_enough_child_in(client: Client, family: User) -> None:
    occasion = OccasionFactory(age_min=6, age_tolerance_months=2)
    first_day = occasion.first_day
    assert first_day is not None
    # Six a month after the first day: within the tolerance of two months.
    birth = first_day.replace(year=first_day.year - 6) + timedelta(days=30)
    child = ChildFactory(family=family, first_name="Ole", birth_date=birth)
    assert "Booked" in book(client, occasion, child)


def test_overlapping_dates_are_refused_with_travel_time(client: Client, family: User) -> None:
    period = PeriodFactory(travel_minutes=60)
    morning = OccasionFactory(
        activity__period=period, activity__title="Töpfern", day__hours=(9, 12)
    )
    afternoon = OccasionFactory(
        activity__period=period, activity__title="Klettern", day__hours=(12, 15)
    )
    later = OccasionFactory(activity__period=period, activity__title="Backen", day__hours=(13, 16))
    child = ChildFactory(family=family, first_name="Lea")
    assert "Booked" in book(client, occasion=morning, child=child)
    assert "Lea already has “Töpfern” at that time." in book(client, afternoon, child)
    assert "Booked" in book(client, later, child)


def test_one_activity_per_day(client: Client, family: User) -> None:
    period = PeriodFactory(one_per_day=True)
    morning = OccasionFactory(activity__period=period, day__hours=(9, 10))
    evening = OccasionFactory(
        activity__period=period, activity__title="Sterne", day__hours=(20, 22)
    )
    child = ChildFactory(family=family, first_name="Noah")
    assert "Booked" in book(client, morning, child)
    assert "already has" in book(client, evening, child)


def test_places_per_child(client: Client, family: User) -> None:
    period = PeriodFactory(places_per_child=1)
    first = OccasionFactory(activity__period=period)
    second = OccasionFactory(activity__period=period, day=period.holiday_start + timedelta(days=1))
    child = ChildFactory(family=family, first_name="Emil")
    assert "Booked" in book(client, first, child)
    assert "Emil already has 1 places, the most this programme allows." in book(
        client, second, child
    )


def test_the_same_activity_twice_is_refused(client: Client, family: User) -> None:
    activity = ActivityFactory()
    one = OccasionFactory(activity=activity)
    other = OccasionFactory(
        activity=activity, day=activity.period.holiday_start + timedelta(days=2)
    )
    child = ChildFactory(family=family, first_name="Finn")
    assert "Booked" in book(client, one, child)
    assert "Finn already has this activity on another date." in book(client, other, child)
    assert "Finn is already booked for this occasion." in book(client, one, child)


def test_booking_before_opening_is_refused(client: Client, family: User) -> None:
    period = PeriodFactory(booking_opens=timezone.now() + timedelta(days=1))
    occasion = OccasionFactory(activity__period=period)
    child = ChildFactory(family=family)
    assert "Booking for this programme is not open." in book(client, occasion, child)


def test_cancelling_offers_the_place_to_the_next_and_holds_it(client: Client, family: User) -> None:
    occasion = OccasionFactory(max_places=1, activity__title="Zirkus")
    child = ChildFactory(family=family, first_name="Ella")
    book(client, occasion, child)
    waiting_family = UserFactory(email="warteliste@example.org")
    waiting = ChildFactory(family=waiting_family, first_name="Paul")
    services.book(actor=waiting_family, child=waiting, occasion=occasion)

    booking = Booking.objects.get(child=child)
    response = client.post(f"/ferienspass/buchung/{booking.pk}/stornieren/", follow=True)
    assert "The booking was cancelled." in response.content.decode()
    offered = Booking.objects.get(child=waiting)
    assert offered.status == Booking.Status.OFFERED
    assert offered.offer_expires_at is not None
    held = offered.offer_expires_at - timezone.now()
    assert timedelta(hours=47) < held <= timedelta(hours=48)
    mail = OutboxMessage.objects.get(to=["warteliste@example.org"], purpose__contains="offered")
    assert "Zirkus" in mail.subject and "Paul" in mail.body_text

    other = english_client(waiting_family)
    page = other.get("/ferienspass/meine-buchungen/").content.decode()
    assert 'Take the place<span class="kern-sr-only">: Zirkus' in page
    response = other.post(f"/ferienspass/buchung/{offered.pk}/annehmen/", follow=True)
    assert "The place is yours." in response.content.decode()
    offered.refresh_from_db()
    assert offered.status == Booking.Status.CONFIRMED


def test_a_held_place_not_taken_moves_on(family: User) -> None:
    occasion = OccasionFactory(max_places=1)
    holder = ChildFactory(family=family)
    services.book(actor=family, child=holder, occasion=occasion)
    nexts = [ChildFactory() for _ in range(2)]
    for child in nexts:
        services.book(actor=child.family, child=child, occasion=occasion)
    services.cancel_booking(actor=family, booking=Booking.objects.get(child=holder))
    first = Booking.objects.get(child=nexts[0])
    assert first.status == Booking.Status.OFFERED
    assert services.expire_offers(now=timezone.now() + timedelta(hours=49)) == 1
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert Booking.objects.get(child=nexts[1]).status == Booking.Status.OFFERED


def test_cancellation_deadline(client: Client, family: User) -> None:
    period = PeriodFactory(
        holiday_start=timezone.localdate() + timedelta(days=2), cancellation_days=3
    )
    occasion = OccasionFactory(activity__period=period)
    child = ChildFactory(family=family)
    booking = services.book(actor=family, child=child, occasion=occasion)
    page = client.get("/ferienspass/meine-buchungen/").content.decode()
    assert "Cancel " not in page
    response = client.post(f"/ferienspass/buchung/{booking.pk}/stornieren/", follow=True)
    assert "The cancellation deadline has passed." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancelling_an_occasion_notifies_everyone_and_frees_the_fees(
    partner_client: Client, organisation: object, family: User
) -> None:
    occasion = OccasionFactory(activity__organisation=organisation, fee=Decimal("12.00"))
    child = ChildFactory(family=family)
    services.book(actor=family, child=child, occasion=occasion)
    response = partner_client.post(
        f"/verwaltung/ferienspass/termine/{occasion.pk}/absagen/",
        {"reason": "Die Leiterin ist krank."},
        follow=True,
    )
    assert "Cancelled; 1 families were told." in response.content.decode()
    assert Booking.objects.get(child=child).status == Booking.Status.CANCELLED
    mail = OutboxMessage.objects.exclude(purpose__startswith="holidays.ics:").get(to=[family.email])
    assert "Die Leiterin ist krank." in mail.body_text
    assert services.invoice_lines(period=occasion.activity.period, family=family) == []


def test_below_minimum_is_flagged(coordinator: User) -> None:
    period = PeriodFactory(
        holiday_start=timezone.localdate() + timedelta(days=5), minimum_check_days=7
    )
    low = OccasionFactory(activity__period=period, min_places=3)
    assert services.flag_below_minimum() == 1
    low.refresh_from_db()
    assert low.below_minimum_at is not None
    assert OutboxMessage.objects.filter(purpose="holidays.below_minimum").exists()
    assert services.flag_below_minimum() == 0  # once


def test_anonymous_visitors_are_sent_to_log_in(anon_client: Client) -> None:
    occasion = OccasionFactory()
    page = anon_client.get(occasion.activity.get_absolute_url()).content.decode()
    assert "Log in to book" in page
    response = anon_client.post(f"/ferienspass/buchen/{occasion.pk}/", {"child": 1})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_programme_filters_by_child_age_day_category_and_free_places(
    client: Client, family: User
) -> None:
    period = PeriodFactory()
    small = OccasionFactory(activity__period=period, activity__title="Für Kleine", age_max=7)
    big = OccasionFactory(
        activity__period=period,
        activity__title="Für Große",
        age_min=10,
        activity__category="sport",
        day=period.holiday_start + timedelta(days=1),
    )
    full = OccasionFactory(activity__period=period, activity__title="Schon voll", max_places=1)
    other = ChildFactory()
    services.book(actor=other.family, child=other, occasion=full)
    child = ChildFactory(family=family, birth_date=date(period.holiday_start.year - 11, 1, 1))
    url = period.get_absolute_url()

    def titles(query: str) -> set[str]:
        page = client.get(url + query).content.decode()
        return {t for t in ("Für Kleine", "Für Große", "Schon voll") if t in page}

    assert titles("") == {"Für Kleine", "Für Große", "Schon voll"}
    assert titles(f"?child={child.pk}") == {"Für Große", "Schon voll"}
    assert titles(f"?day={big.first_day:%Y-%m-%d}") == {"Für Große"}
    assert titles("?category=sport") == {"Für Große"}
    assert titles("?free_only=on") == {"Für Kleine", "Für Große"}
    assert small.pk and full.pk


def test_activity_page_has_schema_org_events(anon_client: Client) -> None:
    import json
    import re

    occasion = OccasionFactory(activity__title="Sternwarte", age_min=8, age_max=12)
    page = anon_client.get(occasion.activity.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    events = json.loads(match.group(1))["@graph"]
    assert events[0]["@type"] == "Event" and events[0]["name"] == "Sternwarte"
    assert events[0]["typicalAgeRange"] == "8-12"
    assert events[0]["remainingAttendeeCapacity"] == 10


def test_remaining_places_can_be_booked_while_the_programme_runs(
    client: Client, family: User
) -> None:
    today = timezone.localdate()
    period = PeriodFactory(
        holiday_start=today - timedelta(days=3),
        holiday_end=today + timedelta(days=20),
        booking_opens=timezone.now() - timedelta(days=30),
    )
    past = OccasionFactory(activity__period=period, day=today - timedelta(days=1))
    coming = OccasionFactory(activity__period=period, day=today + timedelta(days=2))
    child = ChildFactory(family=family, first_name="Jan")
    assert "This occasion has already begun." in book(client, past, child)
    assert "Booked" in book(client, coming, child)
