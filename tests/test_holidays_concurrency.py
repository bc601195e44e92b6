"""Concurrency: many families book the last places of one occasion at the same moment.

First the race is shown with the pool lock switched off (``capacity.unprotected``):
every request counts the places before any writes, and the occasion is overbooked.
Then, with the lock on, exactly the places are given and the rest wait in arrival
order. Runs on SQLite (IMMEDIATE transactions) and PostgreSQL (row locks) alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from familienrathaus.core import capacity, tenancy
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Child, Occasion
from tests.conftest import english_client
from tests.factories import ChildFactory, OccasionFactory

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 8
PLACES = 3


def _book_all(occasion: Occasion, children: list[Child], wrap: Callable[[], Any]) -> list[str]:
    errors: list[str] = []
    # A thread starts without the test's alliance (a request would activate its own).
    alliance = tenancy.require()

    def one(child: Child) -> None:
        try:
            with tenancy.activate(alliance), wrap():
                services.book(actor=child.family, child=child.pk, occasion=occasion)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _setup() -> tuple[Occasion, list[Child]]:
    occasion = OccasionFactory(max_places=PLACES)
    occasion = Occasion.objects.select_related("activity__period").get(pk=occasion.pk)
    children = [ChildFactory() for _ in range(REQUESTS)]
    return occasion, children


def test_without_the_lock_the_occasion_is_overbooked(monkeypatch: pytest.MonkeyPatch) -> None:
    occasion, children = _setup()
    barrier = threading.Barrier(REQUESTS, timeout=20)
    # Every request has counted the free places before the first one writes.
    monkeypatch.setattr(capacity, "_between_count_and_write", lambda: barrier.wait())
    errors = _book_all(occasion, children, capacity.unprotected)
    assert errors == []
    confirmed = Booking.objects.filter(occasion=occasion, status="confirmed").count()
    assert confirmed > PLACES  # the race exists


def test_with_the_lock_never_more_bookings_than_places(monkeypatch: pytest.MonkeyPatch) -> None:
    occasion, children = _setup()
    calls: list[int] = []
    monkeypatch.setattr(capacity, "_between_count_and_write", lambda: calls.append(1))

    class Protected:
        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: object) -> None:
            return None

    errors = _book_all(occasion, children, Protected)
    assert errors == []
    assert calls == []  # the unprotected path was never taken
    bookings = list(Booking.objects.filter(occasion=occasion).order_by("queued_at", "pk"))
    assert len(bookings) == REQUESTS
    statuses = [b.status for b in bookings]
    assert statuses.count("confirmed") == PLACES
    # Arrival order: the first PLACES in the queue have the places, the rest wait.
    assert statuses == ["confirmed"] * PLACES + ["waitlisted"] * (REQUESTS - PLACES)


def test_a_busy_lock_asks_to_try_again_instead_of_failing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    occasion, children = _setup()
    child = children[0]

    def busy(*args: object, **kwargs: object) -> None:
        raise capacity.CapacityBusy

    monkeypatch.setattr(capacity, "reserve", busy)
    client = english_client(child.family)
    response = client.post(f"/ferienspass/buchen/{occasion.pk}/", {"child": child.pk}, follow=True)
    assert response.status_code == 200
    assert "Please try again in a moment." in response.content.decode()
    assert not Booking.objects.exists()
