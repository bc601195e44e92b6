"""The family account: children with optional, consented health notes that are deleted
after the season (with a log entry), an iCal feed per child, a printable overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from familienrathaus.core import periodic
from familienrathaus.core.models import AuditEntry, User
from familienrathaus.holidays import services, tasks
from familienrathaus.holidays.models import Child
from tests.factories import ChildFactory, OccasionFactory, PeriodFactory

pytestmark = pytest.mark.django_db


def test_adding_a_child_with_health_notes_needs_consent(family_client: Client) -> None:
    data = {
        "first_name": "Mia",
        "last_name": "Muster",
        "birth_date": "2018-05-03",
        "health_notes": "Allergie gegen Nüsse",
        "emergency_contact": "Oma, 0123 456",
    }
    response = family_client.post("/ferienspass/familie/kind/neu/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please agree to the storage" in page
    assert "Allergie gegen Nüsse" in page  # nothing typed is lost
    assert not Child.objects.exists()

    response = family_client.post("/ferienspass/familie/kind/neu/", {**data, "consent": "on"})
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.health_notes == "Allergie gegen Nüsse"
    assert child.sensitive_consent_at is not None
    entry = AuditEntry.objects.get(action="holidays.child.save")
    assert "Nüsse" not in str(entry.changes)  # never in the log


def test_withdrawing_consent_deletes_the_notes(family_client: Client, family_user: User) -> None:
    child = ChildFactory(family=family_user)
    child.health_notes = "Asthma"
    services.save_child(actor=family_user, child=child, consent=True)
    response = family_client.post(
        f"/ferienspass/familie/kind/{child.pk}/",
        {"first_name": child.first_name, "last_name": "Muster", "birth_date": "2018-01-01"},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.health_notes == "" and child.sensitive_consent_at is None


def test_health_notes_are_deleted_after_the_period_with_a_log_entry(family_user: User) -> None:
    period = PeriodFactory(
        holiday_start=timezone.localdate() - timedelta(days=40),
        holiday_end=timezone.localdate() - timedelta(days=20),
        booking_opens=timezone.now() - timedelta(days=60),
        sensitive_data_days=14,
    )
    occasion = OccasionFactory(activity__period=period)
    child = ChildFactory(family=family_user)
    child.health_notes = "Epilepsie"
    services.save_child(actor=family_user, child=child, consent=True)
    services.place_children(period=period, placements=[(child, occasion)], waitlist=[], actor=None)
    keeper_period = PeriodFactory()
    keeper = ChildFactory(family=family_user, first_name="Bleibt")
    keeper.emergency_contact = "Papa 0171"
    services.save_child(actor=family_user, child=keeper, consent=True)
    services.book(
        actor=family_user, child=keeper, occasion=OccasionFactory(activity__period=keeper_period)
    )

    result = tasks.run_housekeeping()
    assert result["sensitive_data_deleted"] == 1
    child.refresh_from_db()
    keeper.refresh_from_db()
    assert child.health_notes == "" and child.sensitive_deleted_at is not None
    assert keeper.emergency_contact == "Papa 0171"
    assert AuditEntry.objects.filter(
        action="holidays.child.sensitive_data_deleted", object_id=str(child.pk)
    ).exists()


def test_housekeeping_task_runs_and_schedules_itself_once() -> None:
    from django_tasks_db.models import DBTaskResult

    assert periodic.ensure_scheduled(tasks.housekeeping) is True
    assert periodic.ensure_scheduled(tasks.housekeeping) is False
    assert DBTaskResult.objects.filter(task_path=tasks.TASK_PATH).count() == 1


def test_ical_feed_per_child(family_client: Client, family_user: User) -> None:
    occasion = OccasionFactory(activity__title="Zeltlager", activity__meeting_point="Bootshaus")
    child = ChildFactory(family=family_user, first_name="Ida")
    services.book(actor=family_user, child=child, occasion=occasion)
    page = family_client.get("/ferienspass/meine-buchungen/").content.decode()
    assert f"/ferienspass/kalender/{child.feed_token}.ics" in page
    response = Client().get(f"/ferienspass/kalender/{child.feed_token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Zeltlager (Ida)"
    assert str(events[0]["LOCATION"]) == "Bootshaus"
    assert Client().get("/ferienspass/kalender/falsch.ics").status_code == 404


def test_printable_overview_is_a_pdf(family_client: Client, family_user: User) -> None:
    child = ChildFactory(family=family_user, first_name="Theo")
    services.book(
        actor=family_user, child=child, occasion=OccasionFactory(activity__title="Töpfern")
    )
    response = family_client.get("/ferienspass/meine-buchungen.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_deleting_a_child_cancels_its_bookings_and_frees_the_place(
    family_client: Client, family_user: User
) -> None:
    occasion = OccasionFactory(max_places=1)
    child = ChildFactory(family=family_user)
    services.book(actor=family_user, child=child, occasion=occasion)
    waiting = ChildFactory()
    services.book(actor=waiting.family, child=waiting, occasion=occasion)
    response = family_client.post(f"/ferienspass/familie/kind/{child.pk}/loeschen/")
    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    assert waiting.bookings.get().status == "offered"


def test_family_downloads_its_data_and_can_delete_its_account(
    family_client: Client, family_user: User, coordinator: User
) -> None:
    child = ChildFactory(family=family_user, first_name="Lotte")
    child.health_notes = "Laktose"
    services.save_child(actor=family_user, child=child, consent=True)
    services.book(
        actor=family_user, child=child, occasion=OccasionFactory(activity__title="Backen")
    )
    data = family_client.get("/ferienspass/familie/daten.json").json()
    assert data["children"][0]["first_name"] == "Lotte"
    assert data["children"][0]["health_notes"] == "Laktose"
    assert data["children"][0]["bookings"][0]["activity"] == "Backen"

    period = child.bookings.get().occasion.activity.period
    services.issue_invoices(actor=coordinator, period=period)
    from familienrathaus.core import services as core_services
    from familienrathaus.holidays.models import Invoice

    core_services.delete_account(user=family_user)
    assert not Child.objects.filter(pk=child.pk).exists()
    invoice = Invoice.objects.get()
    assert invoice.family is None and invoice.payer_email == family_user.email


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_housekeeping_and_it_comes_back(run_worker: object) -> None:
    from django_tasks_db.models import DBTaskResult

    occasion = OccasionFactory(max_places=1)
    holder, waiting = ChildFactory(), ChildFactory()
    services.book(actor=holder.family, child=holder, occasion=occasion)
    services.book(actor=waiting.family, child=waiting, occasion=occasion)
    services.cancel_booking(actor=holder.family, booking=holder.bookings.get())
    offered = waiting.bookings.get()
    offered.offer_expires_at = timezone.now() - timedelta(minutes=1)
    offered.save()
    periodic.ensure_scheduled(tasks.housekeeping)
    run_worker()  # type: ignore[operator]
    offered.refresh_from_db()
    assert offered.status == "cancelled"  # not taken in time: moved on
    waiting_next = DBTaskResult.objects.filter(task_path=tasks.TASK_PATH, status="READY")
    assert waiting_next.count() == 1  # the next run is queued


def test_the_activity_page_shows_what_each_child_already_has(
    family_client: Client, family_user: User
) -> None:
    mia = ChildFactory(family=family_user, first_name="Mia")
    ben = ChildFactory(family=family_user, first_name="Ben")
    occasion = OccasionFactory(max_places=1)
    services.book(actor=family_user, child=mia, occasion=occasion)
    services.book(actor=family_user, child=ben, occasion=occasion)

    page = family_client.get(occasion.activity.get_absolute_url()).content.decode()

    assert "Mia: confirmed" in page
    assert "Ben: on the waiting list – position 1" in page
    assert "Book for <bdi>Mia</bdi>" not in page
    assert "Put <bdi>Ben</bdi> on the waiting list" not in page
