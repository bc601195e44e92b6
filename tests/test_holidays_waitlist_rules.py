"""A freed place goes only to a child who may still take it: offering and accepting a
held place check the booking rules again (dates, places per child), as booking does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Occasion
from tests.conftest import english_client
from tests.factories import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db


def _full(occasion: Occasion) -> User:
    """Fill the occasion's only place; returns the family holding it."""
    holder = ChildFactory(first_name="Holder")
    services.book(actor=holder.family, child=holder, occasion=occasion)
    return holder.family


def _free_the_place(family: User, occasion: Occasion) -> None:
    booking = Booking.objects.get(child__family=family, occasion=occasion)
    response = english_client(family).post(
        f"/ferienspass/buchung/{booking.pk}/stornieren/", follow=True
    )
    assert "The booking was cancelled." in response.content.decode()


def test_a_freed_place_skips_a_child_booked_elsewhere_at_that_time() -> None:
    period = PeriodFactory()
    zoo = OccasionFactory(activity__period=period, activity__title="Zoo", max_places=1)
    holder_family = _full(zoo)
    lena, tom = ChildFactory(first_name="Lena"), ChildFactory(first_name="Tom")
    for child in (lena, tom):
        services.book(actor=child.family, child=child, occasion=zoo)
    # While waiting, Lena booked another activity at the same time.
    pool = OccasionFactory(activity__period=period, activity__title="Schwimmbad")
    services.book(actor=lena.family, child=lena, occasion=pool)

    _free_the_place(holder_family, zoo)

    assert Booking.objects.get(child=lena, occasion=zoo).status == Booking.Status.WAITLISTED
    assert Booking.objects.get(child=tom, occasion=zoo).status == Booking.Status.OFFERED


def test_a_freed_place_skips_a_child_with_all_its_places() -> None:
    period = PeriodFactory(places_per_child=1)
    zoo = OccasionFactory(activity__period=period, max_places=1)
    holder_family = _full(zoo)
    lena, tom = ChildFactory(first_name="Lena"), ChildFactory(first_name="Tom")
    for child in (lena, tom):
        services.book(actor=child.family, child=child, occasion=zoo)
    later = OccasionFactory(activity__period=period, day=period.holiday_start + timedelta(days=3))
    services.book(actor=lena.family, child=lena, occasion=later)

    _free_the_place(holder_family, zoo)

    assert Booking.objects.get(child=lena, occasion=zoo).status == Booking.Status.WAITLISTED
    assert Booking.objects.get(child=tom, occasion=zoo).status == Booking.Status.OFFERED


def test_waiting_for_two_dates_of_one_activity_does_not_block_the_offer() -> None:
    period = PeriodFactory()
    activity = ActivityFactory(period=period)
    first = OccasionFactory(activity=activity, max_places=1)
    second = OccasionFactory(
        activity=activity, max_places=1, day=period.holiday_start + timedelta(days=2)
    )
    holder_family = _full(first)
    lena = ChildFactory(first_name="Lena")
    # The lottery may put a child on the waiting lists of two dates of one activity.
    for occasion in (first, second):
        BookingFactory(child=lena, occasion=occasion, status=Booking.Status.WAITLISTED)

    _free_the_place(holder_family, first)

    assert Booking.objects.get(child=lena, occasion=first).status == Booking.Status.OFFERED


def test_taking_a_held_place_checks_the_rules_again() -> None:
    period = PeriodFactory()
    zoo = OccasionFactory(activity__period=period, activity__title="Zoo")
    lena = ChildFactory(first_name="Lena")
    held = BookingFactory(
        child=lena,
        occasion=zoo,
        status=Booking.Status.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=10),
    )
    # Meanwhile the coordination placed Lena elsewhere at the same time.
    pool = OccasionFactory(activity__period=period, activity__title="Schwimmbad")
    BookingFactory(child=lena, occasion=pool, status=Booking.Status.CONFIRMED)

    response = english_client(lena.family).post(
        f"/ferienspass/buchung/{held.pk}/annehmen/", follow=True
    )

    assert "Lena already has “Schwimmbad” at that time." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Booking.Status.OFFERED


def test_taking_a_held_place_still_works() -> None:
    lena = ChildFactory(first_name="Lena")
    held = BookingFactory(
        child=lena,
        status=Booking.Status.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=10),
    )
    response = english_client(lena.family).post(
        f"/ferienspass/buchung/{held.pk}/annehmen/", follow=True
    )
    assert "The place is yours." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Booking.Status.CONFIRMED
