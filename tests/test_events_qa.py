"""Findings of the QA walk through the calendar, each with the test that shows it."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from familienrathaus.events import services
from familienrathaus.events.models import Registration
from tests.factories import first_date, make_event
from tests.test_events_backoffice import event_form

pytestmark = pytest.mark.django_db


def picture(name: str = "fest.png", colour: tuple[int, int, int] = (200, 90, 30)):  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", (80, 40), colour).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


def test_an_image_sent_with_changes_waiting_for_review_is_kept_and_published(
    partner_client, coordinator_client, organisation
):
    event = make_event(organisation=organisation, title="Sommerfest")
    response = partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            title="Sommerfest im Park",
            image_file=picture(),
            image_alt="Kinder auf der Hüpfburg",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.image  # the published version is unchanged …
    proposed = event.pending_changes["values"]["image"]
    assert event.image.field.storage.exists(proposed)  # … and the new image is kept

    # The reviewer sees, in words, what would change, and the new image.
    page = coordinator_client.get(f"/verwaltung/veranstaltungen/{event.pk}/").content.decode()
    assert "Sommerfest im Park" in page
    assert 'alt="Kinder auf der Hüpfburg"' in page
    assert "registration_closes_hours" not in page  # no field names, no unchanged fields

    # A second edit without a new upload keeps the proposed image.
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            title="Sommerfest im Stadtpark",
            image_alt="Kinder auf der Hüpfburg",
        ),
    )
    event.refresh_from_db()
    assert event.pending_changes["values"]["image"] == proposed

    coordinator_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"transition": "approve_changes"}
    )
    event.refresh_from_db()
    assert event.title == "Sommerfest im Stadtpark"
    assert event.image.name == proposed
    assert event.image_alt == "Kinder auf der Hüpfburg"


def test_a_withdrawn_proposal_deletes_its_image(partner_client, organisation):
    event = make_event(organisation=organisation)
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(organisation=organisation.pk, image_file=picture(), image_alt="Ein Bild"),
    )
    event.refresh_from_db()
    proposed = event.pending_changes["values"]["image"]
    storage = event.image.field.storage
    assert storage.exists(proposed)
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"transition": "withdraw_changes"}
    )
    event.refresh_from_db()
    assert event.pending_changes is None
    assert not storage.exists(proposed)


def test_rss_and_atom_need_no_query_per_item(anon_client):
    for number in range(12):
        make_event(title=f"Treffen {number}")
    for path in ("/veranstaltungen/rss/", "/veranstaltungen/atom/"):
        with CaptureQueriesContext(connection) as queries:
            response = anon_client.get(path)
        assert response.status_code == 200
        assert response.content.count(b"Treffen") >= 12
        assert len(queries) <= 8, path


def test_the_manage_page_needs_no_query_per_date(coordinator_client):
    event = make_event(
        title="Krabbelgruppe",
        frequency="weekly",
        repeat_count=20,
        registration_required=True,
        capacity=5,
        waiting_list=True,
    )
    occurrence = first_date(event)
    for number in range(3):
        services.register(
            occurrence_id=occurrence.pk,
            name=f"Person {number}",
            email=f"p{number}@example.org",
            adults=1,
            children=1,
        )
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(f"/verwaltung/veranstaltungen/{event.pk}/")
    page = response.content.decode()
    assert "4 / 5" in page  # two confirmed registrations of two people each
    assert len(queries) <= 25
    assert Registration.objects.filter(status="waiting").count() == 1


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


def test_a_second_edit_starts_from_the_waiting_proposal(partner_client, organisation):
    from familienrathaus.core.models import Theme

    theme = Theme.objects.order_by("pk").first()
    event = make_event(organisation=organisation, title="Basteln")
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(organisation=organisation.pk, title="Basteln im Advent", themes=[theme.pk]),
    )
    page = partner_client.get(f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/")
    html = page.content.decode()
    assert 'value="Basteln im Advent"' in html
    checkbox = re.search(rf'<input[^>]*name="themes" value="{theme.pk}"[^>]*>', html)
    assert checkbox is not None and "checked" in checkbox.group(0)
    event.refresh_from_db()
    assert event.title == "Basteln"  # the published version stays as it is


def test_a_series_of_one_date_says_date_not_dates(anon_client):
    """The count is a plural (``ngettext``): “1 date”, and in German “1 Termin”. As a
    plain msgid, makemessages had matched it fuzzily to “%(counter)s Seite”, which
    crashed the German page of every series with a count (KeyError: 'counter')."""
    event = make_event(title="Einmal-Reihe", frequency="weekly", repeat_count=1)
    page = anon_client.get(event.get_absolute_url()).content.decode()
    assert "1 date" in page and "1 dates" not in page


def test_addresses_spell_umlauts_the_german_way(coordinator_client):
    from familienrathaus.places.models import Place

    event = make_event(title="Vortrag „Familie im Gespräch“ über Größe")
    assert event.slug == "vortrag-familie-im-gespraech-ueber-groesse"
    from tests.test_places_backoffice import place_data

    response = coordinator_client.post(
        "/verwaltung/orte/neu/", place_data(name="Bäckerei Müller, Schillerstraße 16")
    )
    place = Place.objects.filter(name__startswith="Bäckerei").first()
    assert place is not None, response.content.decode()[:3000]
    assert place.slug == "baeckerei-mueller-schillerstrasse-16"


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
        occurrence_id=dates[2].pk, name="Ida", email="ida@example.org", adults=1, children=1
    )
    with translation.override("en"):
        services.update_event(actor=coordinator, event=event, values={"repeat_count": 2})
    dates[2].refresh_from_db()
    assert dates[2].is_cancelled
    subjects = list(
        OutboxMessage.objects.filter(to=["ida@example.org"]).values_list("subject", flat=True)
    )
    assert "Cancelled: Babytreff" in subjects
