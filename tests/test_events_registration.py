"""Registration for a date: places, waiting list, cancellation by the signed link from the
mail, automatic move-up with mail, the .ics attachment and the reminder the day before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.events import services
from familienrathaus.events.models import Registration
from tests.factories import first_date, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):  # type: ignore[no-untyped-def]
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0


def register(
    client, occurrence, name="Anna Beispiel", email="anna@example.org", adults=1, children=0
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/veranstaltungen/{occurrence.event.slug}/termin/{occurrence.pk}/anmelden/",
        {"name": name, "email": email, "adults": adults, "children": children, "message": ""},
    )


def cancel_link(message: OutboxMessage) -> str:
    # The link opens the page in the language the person registered in (/en/… here).
    match = re.search(
        r"https?://[^/\s]+((?:/[a-z]{2})?/veranstaltungen/abmelden/[^\s]+/)", message.body_text
    )
    assert match, message.body_text
    return match.group(1)


def test_register_confirms_and_mails_an_ics_attachment(anon_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = make_event(
        title="Erste Hilfe am Kind",
        registration_required=True,
        capacity=10,
        online_url="https://meet.example.org/nur-angemeldet",
        online_for_registered_only=True,
    )
    occurrence = first_date(event)
    page = anon_client.get(occurrence.get_absolute_url())
    assert "10 places left." in page.content.decode()
    assert "nur-angemeldet" not in page.content.decode()

    response = register(anon_client, occurrence, adults=2, children=1)
    assert response.status_code == 302
    done = anon_client.get(response["Location"])
    assert "You are registered" in done.content.decode()
    registration = Registration.objects.get()
    assert (registration.status, registration.seats) == ("confirmed", 3)
    assert "7 places left." in anon_client.get(occurrence.get_absolute_url()).content.decode()

    [message] = OutboxMessage.objects.filter(to=["anna@example.org"])
    assert "Registration confirmed" in message.subject
    assert "nur-angemeldet" in message.body_text  # the link for registered participants
    outbox.deliver(message.pk)
    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, mimetype) == ("termin.ics", "text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == occurrence.start
    assert str(vevent["conference"]) == "https://meet.example.org/nur-angemeldet"


def test_full_date_puts_people_on_the_waiting_list_and_moves_them_up(anon_client):
    event = make_event(registration_required=True, capacity=2)
    occurrence = first_date(event)
    for number in range(4):
        assert (
            register(
                anon_client, occurrence, name=f"P{number}", email=f"p{number}@example.org"
            ).status_code
            == 302
        )
    statuses = list(Registration.objects.order_by("pk").values_list("name", "status"))
    assert statuses == [
        ("P0", "confirmed"),
        ("P1", "confirmed"),
        ("P2", "waiting"),
        ("P3", "waiting"),
    ]
    waiting_mail = OutboxMessage.objects.get(to=["p2@example.org"])
    assert "waiting list" in waiting_mail.subject

    # P1 cancels with the link from the mail; P2 (first on the list) moves up and hears so.
    confirmation = OutboxMessage.objects.get(to=["p1@example.org"])
    link = cancel_link(confirmation)
    page = anon_client.get(link)
    assert "Do you want to cancel" in page.content.decode()
    assert anon_client.post(link).status_code == 200
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"P0": "confirmed", "P1": "cancelled", "P2": "confirmed", "P3": "waiting"}
    moved = OutboxMessage.objects.filter(to=["p2@example.org"]).order_by("pk").last()
    assert "A place became free" in moved.subject
    assert moved.purpose.startswith("events.ics:")
    # The link works once; a second cancel changes nothing.
    anon_client.post(link)
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_move_up_never_lets_anyone_overtake(anon_client):
    event = make_event(registration_required=True, capacity=3)
    occurrence = first_date(event)
    register(anon_client, occurrence, name="A", email="a@example.org", adults=2)
    register(anon_client, occurrence, name="B", email="b@example.org", adults=1)
    register(anon_client, occurrence, name="Big", email="big@example.org", adults=2)
    register(anon_client, occurrence, name="Small", email="small@example.org", adults=1)
    # B cancels: one place free; "Big" (2) is first in line and does not fit, so nobody moves.
    anon_client.post(cancel_link(OutboxMessage.objects.get(to=["b@example.org"])))
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses["Big"] == statuses["Small"] == "waiting"


def test_a_forged_cancel_link_is_refused(anon_client):
    event = make_event(registration_required=True, capacity=2)
    register(anon_client, first_date(event))
    link = cancel_link(OutboxMessage.objects.get())
    response = anon_client.post(link[:-5] + "xxxx/")
    assert response.status_code == 404
    assert Registration.objects.get().status == "confirmed"


def test_no_waiting_list_means_fully_booked(anon_client):
    event = make_event(registration_required=True, capacity=1, waiting_list=False)
    occurrence = first_date(event)
    register(anon_client, occurrence, email="one@example.org")
    response = register(anon_client, occurrence, email="two@example.org")
    assert response.status_code == 409
    assert "fully booked" in response.content.decode()
    assert Registration.objects.count() == 1


def test_bad_input_keeps_what_was_typed(anon_client):
    occurrence = first_date(make_event(registration_required=True, capacity=5))
    response = register(anon_client, occurrence, name="Ben", email="not-an-address")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ben"' in html
    assert 'aria-invalid="true"' in html
    response = register(anon_client, occurrence, adults=0, children=0)
    assert "at least one person" in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_closed_after_the_deadline_and_for_cancelled_dates(anon_client, coordinator):
    from familienrathaus.events import services

    soon = timezone.now() + timedelta(hours=2)
    event = make_event(
        registration_required=True,
        capacity=5,
        registration_closes_hours=3,
        start=soon,
        end=soon + timedelta(hours=1),
    )
    response = register(anon_client, first_date(event))
    assert response.status_code == 409
    other = first_date(make_event(registration_required=True, capacity=5))
    services.update_occurrence(
        actor=coordinator, occurrence=other, start=other.start, end=other.end, status="cancelled"
    )
    assert register(anon_client, other).status_code == 409
    assert Registration.objects.count() == 0


def test_cancelling_a_date_tells_the_registered(anon_client, coordinator):
    from familienrathaus.events import services

    occurrence = first_date(make_event(registration_required=True, capacity=5))
    register(anon_client, occurrence, email="fan@example.org")
    services.update_occurrence(
        actor=coordinator, occurrence=occurrence, start=occurrence.start, end=occurrence.end,
        status="cancelled", note="Die Referentin ist erkrankt.",
    )  # fmt: skip
    last = OutboxMessage.objects.filter(to=["fan@example.org"]).order_by("pk").last()
    assert last.subject.startswith("Cancelled:")
    assert "Die Referentin ist erkrankt." in last.body_text
    page = anon_client.get(occurrence.get_absolute_url()).content.decode()
    assert "This event is cancelled." in page


def test_reminder_is_scheduled_for_the_day_before(anon_client):
    occurrence = first_date(make_event(registration_required=True, capacity=5))
    register(anon_client, occurrence)
    task = DBTaskResult.objects.get(task_path__endswith="events.tasks.send_reminder")
    assert task.run_after == occurrence.start - timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_reminder_once(anon_client, smtp_server, run_worker, settings):
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    occurrence = first_date(make_event(title="Babymassage", registration_required=True, capacity=5))
    register(anon_client, occurrence, email="mama@example.org")
    run_worker()  # the confirmation goes out; the reminder waits for its day
    assert [m.subject for m in smtp_server.received] == ["Registration confirmed: Babymassage"]

    # The day before has come.
    DBTaskResult.objects.filter(task_path__endswith="send_reminder").update(
        run_after=timezone.now()
    )
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        start=timezone.now() + timedelta(hours=20), end=timezone.now() + timedelta(hours=21)
    )
    run_worker()
    run_worker()
    subjects = [m.subject for m in smtp_server.received]
    assert subjects == ["Registration confirmed: Babymassage", "Reminder: Babymassage tomorrow"]


@pytest.mark.django_db(transaction=True)
def test_registrations_are_deleted_30_days_after_the_date(anon_client, run_worker):

    past = timezone.now() - timedelta(days=31)
    old = first_date(make_event(registration_required=True, capacity=5))
    recent = first_date(make_event(registration_required=True, capacity=5))
    register(anon_client, old, email="alt@example.org")
    register(anon_client, recent, email="neu@example.org")
    type(old).objects.filter(pk=old.pk).update(start=past, end=past + timedelta(hours=1))
    run_worker()  # starts the daily clean-up when it starts
    assert list(Registration.objects.values_list("email", flat=True)) == ["neu@example.org"]


def test_a_busy_pool_gives_a_friendly_message_and_keeps_the_input(anon_client, monkeypatch):
    from familienrathaus.core.capacity import CapacityBusy
    from familienrathaus.events import services

    def busy(**kwargs):  # type: ignore[no-untyped-def]
        raise CapacityBusy

    occurrence = first_date(make_event(registration_required=True, capacity=5))
    monkeypatch.setattr(services, "register", busy)
    response = register(anon_client, occurrence, name="Geduldige Person")
    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    html = response.content.decode()
    assert "Please send the form again in a moment" in html
    assert 'value="Geduldige Person"' in html


def test_more_places_move_the_waiting_list_up(anon_client, coordinator):
    from familienrathaus.events import services

    event = make_event(registration_required=True, capacity=1)
    occurrence = first_date(event)
    for name in ("Erste", "Zweite", "Dritte"):
        register(anon_client, occurrence, name=name, email=f"{name.lower()}@example.org")
    services.update_event(actor=coordinator, event=event, values={"capacity": 2})
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Erste": "confirmed", "Zweite": "confirmed", "Dritte": "waiting"}
    assert OutboxMessage.objects.filter(
        to=["zweite@example.org"], subject__startswith="A place became free"
    ).exists()

    # More places on this one date only.
    services.update_occurrence(
        actor=coordinator, occurrence=occurrence, start=occurrence.start, end=occurrence.end,
        status="scheduled", capacity_override=5,
    )  # fmt: skip
    assert Registration.objects.get(name="Dritte").status == "confirmed"


def test_cancelling_the_whole_event_tells_everyone(anon_client, coordinator):
    from familienrathaus.events import services

    event = make_event(registration_required=True, capacity=1, title="Sommerfest")
    occurrence = first_date(event)
    register(anon_client, occurrence, email="da@example.org")
    register(anon_client, occurrence, email="warte@example.org")
    services.update_event(actor=coordinator, event=event, values={"event_status": "cancelled"})
    last = OutboxMessage.objects.filter(to=["da@example.org"]).order_by("pk").last()
    assert last.subject == "Cancelled: Sommerfest"
    # Nobody moves up into a cancelled date.
    services.cancel_registration(
        registration_id=Registration.objects.get(email="da@example.org").pk
    )
    assert Registration.objects.get(email="warte@example.org").status == "waiting"


def test_the_registration_form_of_a_full_date_without_waiting_list(anon_client):
    event = make_event(registration_required=True, capacity=1, waiting_list=False)
    occurrence = first_date(event)
    services.register(
        occurrence_id=occurrence.pk, name="Erste", email="a@example.org", adults=1, children=0
    )
    page = anon_client.get(
        f"/veranstaltungen/{event.slug}/termin/{occurrence.pk}/anmelden/"
    ).content.decode()
    assert "waiting list" not in page
    assert "fully booked" in page.lower()
    assert 'name="email"' not in page  # no form that can only fail


def test_waiting_list_message_when_places_are_left_but_too_few(anon_client):
    event = make_event(registration_required=True, capacity=3, waiting_list=True)
    occurrence = first_date(event)
    response = anon_client.post(
        f"/veranstaltungen/{event.slug}/termin/{occurrence.pk}/anmelden/",
        {"name": "Familie Groß", "email": "gross@example.org", "adults": 2, "children": 3},
        follow=True,
    )
    page = response.content.decode()
    assert "You are on the waiting list" in page
    assert "is fully booked" not in page  # three places are free, just not five
    assert "not enough free places" in page
