"""The family hears about every step of a holiday booking by mail, through the outbox:
the confirmation with dates, meeting point, what to bring, the fee and an .ics file; a
waiting-list place with its position; moving up; a cancellation. One mail per step."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.holidays.models import Booking, Child, Occasion, OccasionDate
from tests.factories import ChildFactory, OccasionFactory, UserFactory
from tests.factories.core import at

pytestmark = pytest.mark.django_db


def german_client(user: User) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(user)
    return client


def theatre(max_places: int = 10) -> Occasion:
    occasion = OccasionFactory(
        activity__title="Theater-Werkstatt (für Jüngere)",
        activity__meeting_point="Stadthalle, Probebühne",
        activity__what_to_bring="Bequeme Kleidung und etwas zu trinken",
        fee=Decimal("18.00"),
        max_places=max_places,
    )
    first = occasion.first_day
    for offset in (1, 2):
        day = first + timedelta(days=offset)
        OccasionDate.objects.create(occasion=occasion, starts=at(day, 9), ends=at(day, 12))
    return occasion


def book(client: Client, occasion: Occasion, child: Child) -> None:
    response = client.post(f"/ferienspass/buchen/{occasion.pk}/", {"child": child.pk})
    assert response.status_code == 302


@pytest.fixture
def family() -> User:
    return UserFactory(email="familie@example.org")


@pytest.fixture
def mia(family: User) -> Child:
    return ChildFactory(family=family, first_name="Mia")


def test_a_booking_is_confirmed_by_mail_with_details_fee_and_ics(
    family: User, mia: Child, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    occasion = theatre()
    book(german_client(family), occasion, mia)
    booking = Booking.objects.get(child=mia)
    [message] = OutboxMessage.objects.filter(to=[family.email])
    assert message.subject == "Buchung bestätigt: Theater-Werkstatt (für Jüngere) (Mia)"
    body = message.body_text
    assert "Mia hat einen Platz bei „Theater-Werkstatt (für Jüngere)“." in body
    for date in occasion.dates.all():
        assert date.starts.strftime("%d.%m.%Y") in body
    assert "Treffpunkt: Stadthalle, Probebühne" in body
    assert "Was mitzubringen ist: Bequeme Kleidung und etwas zu trinken" in body
    assert "Gebühr: 18,00 €" in body and "18.00" not in body
    assert "/ferienspass/meine-buchungen/" in body

    assert outbox.deliver(message.pk) == "sent"
    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, mimetype) == ("ferienspass.ics", "text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 3
    assert {str(e["location"]) for e in events} == {"Stadthalle, Probebühne"}
    assert str(events[0]["summary"]) == "Theater-Werkstatt (für Jüngere) (Mia)"
    assert str(events[0]["uid"]).startswith(f"holidays-{booking.pk}-")


def test_the_waiting_list_mail_names_the_position(family: User, mia: Child) -> None:
    occasion = theatre(max_places=1)
    first = ChildFactory()
    book(german_client(first.family), occasion, first)
    book(german_client(family), occasion, mia)
    assert Booking.objects.get(child=mia).status == Booking.Status.WAITLISTED
    [message] = OutboxMessage.objects.filter(to=[family.email])
    assert message.subject == "Warteliste: Theater-Werkstatt (für Jüngere) (Mia)"
    assert "Mia steht auf der Warteliste, auf Platz 1." in message.body_text
    assert not message.purpose.startswith("holidays.ics:")  # no place, no calendar entry


def test_moving_up_and_cancelling_each_send_one_mail(family: User, mia: Child) -> None:
    occasion = theatre(max_places=1)
    holder = ChildFactory(first_name="Ben", family=UserFactory(email="ben@example.org"))
    holder_client = german_client(holder.family)
    book(holder_client, occasion, holder)
    book(german_client(family), occasion, mia)
    held = Booking.objects.get(child=holder)

    url = f"/ferienspass/buchung/{held.pk}/stornieren/"
    assert holder_client.post(url).status_code == 302
    assert holder_client.post(url).status_code == 302  # a second tab: nothing happens twice
    cancelled = OutboxMessage.objects.filter(
        to=["ben@example.org"], subject__startswith="Buchung storniert"
    )
    [message] = cancelled
    assert (
        "Die Buchung von Ben für „Theater-Werkstatt (für Jüngere)“ ist storniert."
        in message.body_text
    )

    [offer] = OutboxMessage.objects.filter(
        to=[family.email], subject__startswith="Ein Platz ist frei"
    )
    assert "Mia ist von der Warteliste nachgerückt" in offer.body_text
    assert "Gebühr: 18,00 €" in offer.body_text

    moved_up = Booking.objects.get(child=mia)
    response = german_client(family).post(f"/ferienspass/buchung/{moved_up.pk}/annehmen/")
    assert response.status_code == 302
    [confirmed] = OutboxMessage.objects.filter(
        to=[family.email], purpose__startswith="holidays.ics:"
    )
    assert confirmed.purpose == f"holidays.ics:{moved_up.pk}"
    assert "Mia ist von der Warteliste nachgerückt und hat einen Platz" in confirmed.body_text


def test_a_refused_booking_sends_no_mail(family: User, mia: Child) -> None:
    occasion = theatre()
    client = german_client(family)
    book(client, occasion, mia)
    book(client, occasion, mia)  # already booked: refused
    assert OutboxMessage.objects.filter(to=[family.email]).count() == 1
