"""Appointments of the Babybegrüßung: coordinators create them from a weekly pattern
(public holidays left out), families choose and change one by their secret link and
get a mail in their language with an .ics file; a slot is never overbooked, also when
many families choose at once (the race is shown first without the lock, as in
``tests/test_events_concurrency.py``), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from familienrathaus.core import capacity, outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.welcome.models import Registration, Slot
from tests.factories.welcome import RegistrationFactory, SlotFactory

SLOTS = "/verwaltung/babybegruessung/termine/"


def html(response: Any) -> str:
    return response.content.decode()


def choice(registration: Registration) -> str:
    return f"/babybegruessung/termin/{registration.guide_token}/"


def pickup_family(**kwargs: Any) -> Registration:
    return RegistrationFactory(delivery=Registration.Delivery.PICKUP, **kwargs)


# --------------------------------------------------------------------------- the pattern


@pytest.mark.django_db
def test_the_long_office_hours_for_8_weeks_leave_out_public_holidays(coordinator_client: Client):
    data = {
        "kind": "pickup",
        "weekdays": ["1", "3"],  # Tuesday, Thursday
        "first_day": "2027-05-03",
        "weeks": 8,
        "start": "08:00",
        "end": "18:00",
        "minutes": 20,
        "capacity": 1,
        "place": "Rathaus, Familienbüro",
    }
    response = coordinator_client.post(f"{SLOTS}neu/", data, follow=True)
    body = html(response)
    # 16 Tuesdays and Thursdays; Ascension (6 May) and Corpus Christi (27 May) are
    # holidays in North Rhine-Westphalia: 14 days of 30 appointments each.
    assert "420 appointments were created." in body
    assert "Left out for public holidays: 05/06/2027, 05/27/2027." in body
    slots = list(Slot.objects.order_by("starts_at"))
    first, last = timezone.localtime(slots[0].starts_at), timezone.localtime(slots[-1].ends_at)
    assert (first.date(), first.time()) == (dt.date(2027, 5, 4), dt.time(8, 0))
    assert (last.date(), last.time()) == (dt.date(2027, 6, 24), dt.time(18, 0))
    assert {timezone.localdate(s.starts_at).weekday() for s in slots} == {1, 3}

    again = coordinator_client.post(f"{SLOTS}neu/", data, follow=True)
    assert "0 appointments were created." in html(again)
    assert "420 existed already and were kept." in html(again)
    assert Slot.objects.count() == 420


@pytest.mark.django_db
def test_a_pattern_with_mistakes_keeps_what_was_typed(coordinator_client: Client):
    response = coordinator_client.post(
        f"{SLOTS}neu/",
        {
            "kind": "visit",
            "first_day": "2027-05-03",
            "weeks": 4,
            "start": "18:00",
            "end": "08:00",
            "minutes": 45,
            "capacity": 1,
            "place": "bei der Familie",
        },
    )
    assert response.status_code == 400
    body = html(response)
    assert "Choose at least one weekday." in body
    assert "The office hours must end after the first appointment." in body
    assert 'value="bei der Familie"' in body and 'value="45"' in body
    assert not Slot.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_sees_who_booked_and_removes_only_free_slots(coordinator_client: Client):
    booked = SlotFactory()
    free = SlotFactory(starts_at=booked.starts_at + dt.timedelta(hours=1))
    family = pickup_family(reference="BB-2026-0777", slot=booked)
    body = html(coordinator_client.get(SLOTS))
    assert "1 of 2 booked" in body and family.reference in body  # the day: 2 places

    coordinator_client.post(f"{SLOTS}{booked.pk}/loeschen/")
    coordinator_client.post(f"{SLOTS}{free.pk}/loeschen/")
    assert list(Slot.objects.all()) == [booked]


# --------------------------------------------------------------------------- the family


@pytest.mark.django_db
def test_a_family_chooses_and_changes_its_appointment_and_gets_a_mail_with_ics(
    settings: Any, anon_client: Client
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    morning = SlotFactory()
    later = SlotFactory(starts_at=morning.starts_at + dt.timedelta(minutes=20))
    taken = SlotFactory(starts_at=morning.starts_at + dt.timedelta(minutes=40))
    visit = SlotFactory(kind=Slot.Kind.VISIT, starts_at=morning.starts_at + dt.timedelta(hours=2))
    pickup_family(slot=taken)
    family = pickup_family(language="de", email="familie@example.org")

    body = html(anon_client.get(choice(family)))
    assert family.reference in body
    assert f'value="{morning.pk}"' in body and f'value="{later.pk}"' in body
    assert f'value="{taken.pk}"' not in body  # full
    start = timezone.localtime(morning.starts_at)
    assert f"{start:%H:%M}–{start + dt.timedelta(minutes=20):%H:%M}" in body
    assert f'value="{visit.pk}"' not in body  # a pick-up family sees pick-up slots only

    response = anon_client.post(choice(family), {"slot": morning.pk}, follow=True)
    assert "Vielen Dank! Ihr Termin ist gebucht." in html(response)  # the family's language
    assert Registration.objects.get(pk=family.pk).slot == morning

    [message] = OutboxMessage.objects.filter(to=["familie@example.org"])
    assert message.subject.startswith("Ihr Termin für das Begrüßungspaket")
    assert family.reference in message.subject
    assert choice(family) in message.body_text
    assert outbox.deliver(message.pk) == "sent"
    [(filename, content, mimetype)] = mail.outbox[0].attachments
    assert (filename, mimetype) == ("termin.ics", "text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == morning.starts_at
    assert str(event["location"]) == morning.place

    anon_client.post(choice(family), {"slot": later.pk})
    assert Registration.objects.get(pk=family.pk).slot == later
    changed = OutboxMessage.objects.filter(to=["familie@example.org"]).order_by("pk").last()
    assert changed is not None and changed.subject.startswith("Ihr Termin wurde geändert")

    anon_client.post(choice(family), {"cancel": "1"})
    assert Registration.objects.get(pk=family.pk).slot is None


@pytest.mark.django_db
def test_the_coordinator_reads_the_chosen_appointment_in_the_history(
    anon_client: Client, coordinator_client: Client
):
    slot = SlotFactory()
    family = pickup_family()
    anon_client.post(choice(family), {"slot": slot.pk})
    page = html(coordinator_client.get(f"/verwaltung/babybegruessung/{family.pk}/"))
    history = page.split('id="verlauf"')[1]
    assert f"{timezone.localtime(slot.starts_at):%d.%m.%Y %H:%M}" in history  # not its number


@pytest.mark.django_db
def test_the_mail_is_in_the_familys_language(anon_client: Client):
    slot = SlotFactory()
    family = pickup_family(language="tr", email="aile@example.org")
    page = anon_client.get(choice(family))
    assert "Hoş geldin paketinizi ne zaman alacağınızı seçin" in html(page)
    assert page["Cache-Control"] == "private, no-store"  # a secret link's page
    assert page["Referrer-Policy"] == "same-origin"
    anon_client.post(choice(family), {"slot": slot.pk})
    [message] = OutboxMessage.objects.filter(to=["aile@example.org"])
    assert message.subject.startswith("Hoş geldin paketi için randevunuz")


@pytest.mark.django_db
def test_a_slot_taken_meanwhile_is_refused_with_a_message(anon_client: Client):
    slot = SlotFactory()
    family = pickup_family()
    page = html(anon_client.get(choice(family)))
    assert f'value="{slot.pk}"' in page
    pickup_family(slot=slot)  # someone else was quicker
    response = anon_client.post(choice(family), {"slot": slot.pk})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen anderen." in html(response)
    assert Registration.objects.get(pk=family.pk).slot is None


@pytest.mark.django_db
def test_an_unknown_link_is_404(anon_client: Client):
    assert anon_client.get("/babybegruessung/termin/nicht-bekannt/").status_code == 404


# --------------------------------------------------------------------------- many at once


def _hammer(slot: Slot, families: list[Registration], *, protected: bool = True) -> list[int]:
    barrier = threading.Barrier(len(families))

    def one(family: Registration) -> int:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        url = choice(family)
        barrier.wait(timeout=60)
        try:
            if not protected:
                with capacity.unprotected():
                    return client.post(url, {"slot": slot.pk}).status_code
            for _attempt in range(30):  # "many are choosing, send it again" (429)
                status = client.post(url, {"slot": slot.pk}).status_code
                if status != 429:
                    return status
                time.sleep(0.1)
            return status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(families)) as pool:
        return list(pool.map(one, families))


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_race_overbooks_a_slot(monkeypatch: Any):
    """The proof that the test below can fail: 12 families who count the free places
    at the same moment all see one left, and more than 2 get it."""
    slot = SlotFactory(capacity=2)
    families = [pickup_family() for _ in range(12)]
    monkeypatch.setattr(capacity, "_between_count_and_write", lambda: time.sleep(0.3))
    statuses = _hammer(slot, families, protected=False)
    assert set(statuses) <= {302}
    assert Registration.objects.filter(slot=slot).count() > 2


@pytest.mark.django_db(transaction=True)
def test_many_families_at_once_never_overbook_a_slot():
    slot = SlotFactory(capacity=2)
    families = [pickup_family() for _ in range(20)]
    statuses = _hammer(slot, families)
    assert Counter(statuses) == {302: 2, 400: 18}  # every one answered, no 5xx
    assert Registration.objects.filter(slot=slot).count() == 2
    assert OutboxMessage.objects.filter(purpose__startswith="welcome.slot-ics:").count() == 2
