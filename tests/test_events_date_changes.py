"""When the dates of an event move or drop out of a series, the registrations stay with
their dates, reminders follow the new time and the registered hear about it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from familienrathaus.events import services
from tests.factories import event_form, first_date, make_event

pytestmark = pytest.mark.django_db


def test_a_date_moved_earlier_still_gets_its_reminder(coordinator):
    from django_tasks_db.models import DBTaskResult

    event = make_event(registration_required=True, capacity=10)
    occurrence = first_date(event)
    services.register(
        occurrence_id=occurrence.pk, name="Eva", email="eva@example.org", adults=1, children=0
    )

    def reminder_times() -> list:  # type: ignore[type-arg]
        return sorted(
            task.run_after
            for task in DBTaskResult.objects.filter(task_path__endswith="send_reminder")
        )

    assert reminder_times() == [occurrence.start - services.REMINDER_BEFORE]
    # Moved three days earlier: the reminder queued for the old day would come too late.
    new_start = occurrence.start - timedelta(days=3)
    services.update_occurrence(
        actor=coordinator,
        occurrence=occurrence,
        start=new_start,
        end=new_start + timedelta(hours=2),
        status="scheduled",
    )
    assert new_start - services.REMINDER_BEFORE in reminder_times()


def test_new_times_of_the_event_reach_the_registered(coordinator_client):
    from django_tasks_db.models import DBTaskResult

    from familienrathaus.core.models import OutboxMessage

    event = make_event(title="Elternabend Schule", registration_required=True, capacity=10)
    occurrence = first_date(event)
    services.register(
        occurrence_id=occurrence.pk, name="Eva", email="eva@example.org", adults=1, children=0
    )
    start = occurrence.start.astimezone(services.recurrence.BERLIN)
    response = coordinator_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            title="Elternabend Schule",
            start_date=(start.date() - timedelta(days=2)).isoformat(),
            start_time="17:00",
            end_time="19:00",
            registration_required="on",
            capacity="10",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    occurrence.refresh_from_db()
    assert occurrence.start.astimezone(services.recurrence.BERLIN).hour == 17
    changed = OutboxMessage.objects.filter(to=["eva@example.org"]).order_by("-pk").first()
    assert changed is not None and "17:00" in changed.body_text
    reminders = DBTaskResult.objects.filter(task_path__endswith="send_reminder")
    assert occurrence.start - services.REMINDER_BEFORE in {t.run_after for t in reminders}


def test_a_series_moved_to_another_time_keeps_its_dates_and_registrations(coordinator):
    event = make_event(
        title="Krabbeltreff", frequency="weekly", repeat_count=4, registration_required=True
    )
    dates = list(event.occurrences.order_by("start"))
    registration = services.register(
        occurrence_id=dates[1].pk, name="Ole", email="ole@example.org", adults=1, children=1
    )
    values = {
        "start": event.start - timedelta(minutes=30),
        "end": event.end - timedelta(minutes=30),
    }
    services.update_event(actor=coordinator, event=event, values=values)
    after = list(event.occurrences.order_by("start"))
    assert [o.pk for o in after] == [o.pk for o in dates]  # the same four dates …
    assert all(o.date_status == "scheduled" and not o.is_orphan for o in after)
    assert [o.start for o in after] == [o.start - timedelta(minutes=30) for o in dates]
    registration.refresh_from_db()
    assert registration.occurrence_id == dates[1].pk  # … with their registrations


def test_a_date_dropped_from_the_series_tells_its_registered(coordinator):
    from familienrathaus.core.models import OutboxMessage

    event = make_event(
        title="Babytreff", frequency="weekly", repeat_count=4, registration_required=True
    )
    dates = list(event.occurrences.order_by("start"))
    services.register(
        occurrence_id=dates[2].pk,
        name="Ida",
        email="ida@example.org",
        adults=1,
        children=1,
        language="en",
    )
    services.update_event(actor=coordinator, event=event, values={"repeat_count": 2})
    dates[2].refresh_from_db()
    assert dates[2].is_cancelled
    subjects = list(
        OutboxMessage.objects.filter(to=["ida@example.org"]).values_list("subject", flat=True)
    )
    assert "Cancelled: Babytreff" in subjects
