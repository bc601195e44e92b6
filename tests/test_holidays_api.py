"""The holiday programme in the API: public programme, booking with the same rules."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.core.models import User
from familienrathaus.holidays.models import Booking
from tests.conftest import english_client
from tests.factories import ChildFactory, OccasionFactory

pytestmark = pytest.mark.django_db


def test_public_programme(anon_client: Client) -> None:
    occasion = OccasionFactory(activity__title="Kanutour", max_places=4)
    period = occasion.activity.period
    periods = anon_client.get("/api/v1/holidays/periods").json()
    assert periods[0]["slug"] == period.slug and periods[0]["phase"] == "booking"
    occasions = anon_client.get(f"/api/v1/holidays/periods/{period.slug}/occasions").json()
    assert occasions[0]["activity"] == "Kanutour"
    assert (occasions[0]["places"], occasions[0]["taken"]) == (4, 0)


def test_booking_through_the_api_uses_the_same_rules(family_user: User) -> None:
    occasion = OccasionFactory(max_places=1, age_min=3)
    child = ChildFactory(family=family_user)
    client = english_client(family_user)
    response = client.post(
        "/api/v1/holidays/bookings",
        {"child": child.pk, "occasion": occasion.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed"
    again = client.post(
        "/api/v1/holidays/bookings",
        {"child": child.pk, "occasion": occasion.pk},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert "already booked" in again.json()["detail"]
    other = ChildFactory(family=family_user)
    waiting = client.post(
        "/api/v1/holidays/bookings",
        {"child": other.pk, "occasion": occasion.pk},
        content_type="application/json",
    )
    assert waiting.json()["status"] == "waitlisted" and waiting.json()["position"] == 1
    assert Booking.objects.count() == 2
    mine = client.get("/api/v1/holidays/bookings").json()
    assert {b["child"] for b in mine} == {child.pk, other.pk}
