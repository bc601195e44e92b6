"""The waiting list is first come, first served, in events and in the holiday programme.

The rule (``familienrathaus.core.capacity``): while anyone waits, a newcomer queues behind
them even if places are free on paper; a freed place goes to the first one waiting, and
if that request needs more places than are free, they stay held for it. The page says so
and tells each person their position.

The ordering race is shown first without the pool lock (a later single person overtakes
a family that arrived first), then with it, in real threads on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from django.test import Client

from familienrathaus.core import capacity
from familienrathaus.core.models import OutboxMessage
from familienrathaus.events import services
from familienrathaus.events.models import Registration
from familienrathaus.events.services import registration as registration_module
from tests.factories import first_date, make_event


def _url(occurrence, suffix: str = "anmelden/") -> str:  # type: ignore[no-untyped-def]
    return f"/veranstaltungen/{occurrence.event.slug}/termin/{occurrence.pk}/{suffix}"


def _post(occurrence, name: str, adults: int, children: int = 0, *, protected: bool) -> int:  # type: ignore[no-untyped-def]
    """One request in this thread (a context variable: each thread decides itself)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    data = {"name": name, "email": f"{name.lower()}@example.org", "adults": adults}
    data["children"] = children
    try:
        if protected:
            return client.post(_url(occurrence), data).status_code
        with capacity.unprotected():
            return client.post(_url(occurrence), data).status_code
    finally:
        connections.close_all()


def _family_then_single(occurrence, family_inside: threading.Event, *, protected: bool) -> None:  # type: ignore[no-untyped-def]
    """The family of two posts first; the single person posts once the family's request
    has counted the places (``family_inside`` is set), before it has finished."""
    codes: dict[str, int] = {}

    def family() -> None:
        codes["family"] = _post(occurrence, "Familie", 1, 1, protected=protected)

    def single() -> None:
        assert family_inside.wait(timeout=30)
        codes["single"] = _post(occurrence, "Single", 1, protected=protected)

    threads = [
        threading.Thread(target=family, name="family"),
        threading.Thread(target=single, name="single"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert codes == {"family": 302, "single": 302}


def _status(occurrence, name: str) -> str:  # type: ignore[no-untyped-def]
    return Registration.objects.get(occurrence=occurrence, name=name).status


@pytest.fixture
def one_place_left(settings):  # type: ignore[no-untyped-def]
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    occurrence = first_date(make_event(registration_required=True, capacity=2, waiting_list=True))
    services.register(
        occurrence_id=occurrence.pk, name="Erste", email="erste@example.org", adults=1, children=0
    )
    return occurrence


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_a_later_single_overtakes_the_family(one_place_left, monkeypatch):
    """The proof that the next test can fail: the family counts one free place (too few,
    it waits) but has not written yet when the single person counts: nobody seems to wait,
    so the single person takes the last place although the family came first."""
    family_inside = threading.Event()

    def widen() -> None:
        if threading.current_thread().name == "family":
            family_inside.set()
            time.sleep(0.6)

    monkeypatch.setattr(capacity, "_between_count_and_write", widen)
    _family_then_single(one_place_left, family_inside, protected=False)
    assert _status(one_place_left, "Familie") == "waiting"
    assert _status(one_place_left, "Single") == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_with_the_lock_the_single_queues_behind_the_family(one_place_left, monkeypatch):
    original = registration_module._mail
    family_inside = threading.Event()

    def slow_mail(registration, kind):  # type: ignore[no-untyped-def]
        if registration.name == "Familie":
            family_inside.set()
            time.sleep(0.6)  # still inside the pool's lock when the single person arrives
        original(registration, kind)

    monkeypatch.setattr(registration_module, "_mail", slow_mail)
    _family_then_single(one_place_left, family_inside, protected=True)
    assert _status(one_place_left, "Familie") == "waiting"
    assert _status(one_place_left, "Single") == "waiting"
    family = Registration.objects.get(occurrence=one_place_left, name="Familie")
    single = Registration.objects.get(occurrence=one_place_left, name="Single")
    assert services.waiting_position(family) == 1
    assert services.waiting_position(single) == 2

    # The first person cancels: two places free, the family (first in line) gets them.
    services.cancel_registration(
        registration_id=Registration.objects.get(occurrence=one_place_left, name="Erste").pk
    )
    assert _status(one_place_left, "Familie") == "confirmed"
    assert _status(one_place_left, "Single") == "waiting"
    assert services.waiting_position(Registration.objects.get(pk=single.pk)) == 1


@pytest.mark.django_db
def test_free_places_are_held_for_the_first_one_waiting(settings):
    """A family of two waits; one place is freed: it stays held for the family, the page
    says 'Warteliste' instead of '1 Platz frei', and a later single person queues behind
    the family, told its position on the page and in the mail."""
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    occurrence = first_date(make_event(registration_required=True, capacity=2, waiting_list=True))
    for name in ("Anna", "Ben"):
        services.register(
            occurrence_id=occurrence.pk,
            name=name,
            email=f"{name}@example.org",
            adults=1,
            children=0,
        )
    family = services.register(
        occurrence_id=occurrence.pk, name="Familie", email="f@example.org", adults=1, children=1
    )
    assert family.status == "waiting"
    anna = Registration.objects.get(occurrence=occurrence, name="Anna")
    services.cancel_registration(registration_id=anna.pk)
    assert _status(occurrence, "Familie") == "waiting"  # one place is not enough for two

    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    page = client.get(occurrence.get_absolute_url()).content.decode()
    assert "Noch 1 Platz frei" not in page
    assert "Warteliste" in page
    form = client.get(_url(occurrence)).content.decode()
    assert "Noch 1 Platz frei" not in form
    assert "1 Person wartet" in form

    OutboxMessage.objects.all().delete()
    response = client.post(
        _url(occurrence),
        {"name": "Single", "email": "single@example.org", "adults": 1, "children": 0},
        follow=True,
    )
    assert _status(occurrence, "Single") == "waiting"
    text = response.content.decode()
    assert "Sie stehen auf der Warteliste" in text or "Warteliste" in text
    assert "Nr. 2 auf der Warteliste" in text
    message = OutboxMessage.objects.get(to__icontains="single@example.org")
    assert "Nr. 2 auf der Warteliste" in message.body_text

    # Ben cancels: two places free, the family moves up, the single person is next.
    ben = Registration.objects.get(occurrence=occurrence, name="Ben")
    services.cancel_registration(registration_id=ben.pk)
    assert _status(occurrence, "Familie") == "confirmed"
    assert _status(occurrence, "Single") == "waiting"


def test_next_in_line_stops_at_the_first_that_does_not_fit():
    queue = [("family", 2), ("single", 1), ("other", 1)]
    chosen = capacity.next_in_line(queue, free=1, seats=lambda r: r[1])
    assert chosen == []  # the place stays held for the family
    chosen = capacity.next_in_line(queue, free=3, seats=lambda r: r[1])
    assert [name for name, _s in chosen] == ["family", "single"]
    # Passed over only when the rules no longer allow it at all.
    chosen = capacity.next_in_line(
        queue, free=1, seats=lambda r: r[1], eligible=lambda r: r[0] != "family"
    )
    assert [name for name, _s in chosen] == ["single"]
    assert capacity.free_for_newcomers(places=5, taken=2, waiting=1) == 0
    assert capacity.free_for_newcomers(places=5, taken=2) == 3
    assert capacity.free_for_newcomers(places=None, taken=2, waiting=4) is None
