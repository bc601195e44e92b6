"""The back office of the calendar: partners create and submit, coordinators review;
dates are moved and cancelled; participant lists are printed and downloaded. And the
isolation: partner staff never see or change other organisations' events or
participants, in any view or API endpoint."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.events import services
from familienrathaus.events.models import Event, Registration
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import OrganisationFactory, UserFactory, event_form, first_date, make_event

pytestmark = pytest.mark.django_db


def test_partner_creates_submits_and_coordinator_publishes(
    partner_client, coordinator_client, organisation, anon_client
):
    response = partner_client.post(
        "/verwaltung/veranstaltungen/neu/", event_form(organisation=organisation.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert (event.status, event.organisation) == ("draft", organisation)
    assert anon_client.get(event.get_absolute_url()).status_code == 404  # not public yet

    partner_client.post(f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "submit"})
    event.refresh_from_db()
    assert event.status == "submitted"
    assert OutboxMessage.objects.filter(purpose="event.submitted").exists()
    queue = coordinator_client.get("/verwaltung/veranstaltungen/pruefen/").content.decode()
    assert "Spielenachmittag" in queue

    coordinator_client.post(f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "approve"})
    event.refresh_from_db()
    assert event.status == "published"
    assert anon_client.get(event.get_absolute_url()).status_code == 200
    assert OutboxMessage.objects.filter(
        purpose="event.published", to=["partner@example.org"]
    ).exists()


def test_partner_cannot_publish_themselves(partner_client, organisation):
    event = make_event(organisation=organisation, status="submitted")
    response = partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "approve"}, follow=True
    )
    assert "This step is not possible" in response.content.decode()
    event.refresh_from_db()
    assert event.status == "submitted"


def test_changes_to_a_published_event_wait_for_review(
    partner_client, coordinator_client, organisation, anon_client
):
    event = make_event(organisation=organisation, title="Alter Titel")
    response = partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(organisation=organisation.pk, title="Neuer Titel"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Alter Titel"
    assert event.pending_changes["state"] == "submitted"
    assert "Alter Titel" in anon_client.get(event.get_absolute_url()).content.decode()

    coordinator_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "approve_changes"}
    )
    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    assert event.pending_changes is None


def test_creating_a_monthly_series_with_a_pause(coordinator_client):
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/neu/",
        event_form(
            title="Vortragsreihe",
            start_date="2027-01-05",
            start_time="19:30",
            end_time="21:00",
            frequency="monthly",
            week_of_month="1",
            repeat_until="2027-12-31",
            pause_from="2027-07-01",
            pause_until="2027-08-31",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.organisation is None  # the alliance's own
    dates = [timezone.localtime(o.start) for o in event.occurrences.order_by("start")]
    assert len(dates) == 10
    assert {d.strftime("%H:%M") for d in dates} == {"19:30"}
    assert all(d.weekday() == 1 and d.day <= 7 for d in dates)
    assert date(2027, 7, 6) not in {d.date() for d in dates}


def test_monthly_series_needs_the_week(coordinator_client):
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/neu/", event_form(frequency="monthly")
    )
    assert response.status_code == 200
    assert "which week of the month" in response.content.decode()
    assert 'value="Spielenachmittag"' in response.content.decode()


def test_moving_a_single_date(coordinator_client):
    event = make_event(
        title="Reihe", frequency="weekly", repeat_count=3, registration_required=True, capacity=5
    )
    occurrence = first_date(event)
    new_day = timezone.localtime(occurrence.start).date() + timedelta(days=1)
    response = coordinator_client.post(
        f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/",
        {
            "start_date": new_day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "date_status": "scheduled",
            "title_override": "",
            "note": "Ausnahmsweise vormittags",
        },
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.is_override
    assert timezone.localtime(occurrence.start).strftime("%Y-%m-%d %H:%M") == f"{new_day} 10:00"
    # Expanding the rule again keeps the moved date.
    services.materialise(Event.objects.get(pk=event.pk))
    occurrence.refresh_from_db()
    assert timezone.localtime(occurrence.start).hour == 10
    assert event.occurrences.count() == 3


def _registered_event(organisation):  # type: ignore[no-untyped-def]
    event = make_event(organisation=organisation, registration_required=True, capacity=5)
    occurrence = first_date(event)
    services.register(
        occurrence_id=occurrence.pk, name="Mia Muster", email="mia@example.org",
        adults=1, children=2, message="Rollstuhl",
    )  # fmt: skip
    return event, occurrence


def test_participant_list_as_page_csv_xlsx_and_pdf(partner_client, organisation):
    _event, occurrence = _registered_event(organisation)
    base = f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/"
    page = partner_client.get(base).content.decode()
    assert "Mia Muster" in page and "Rollstuhl" in page

    response = partner_client.get(base + "?format=csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Name", "E-mail", "Adults", "Children"]
    assert rows[1][:4] == ["Mia Muster", "mia@example.org", "1", "2"]

    response = partner_client.get(base + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "Mia Muster"

    response = partner_client.get(base + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_event_list_download(coordinator_client):
    make_event(title="Eins")
    response = coordinator_client.get("/verwaltung/veranstaltungen/?format=csv")
    assert "Eins" in response.content.decode("utf-8-sig")


# ------------------------------------------------------------------- isolation


@pytest.fixture
def other_event(db):  # type: ignore[no-untyped-def]
    other = OrganisationFactory(name="Sportverein", slug="sportverein")
    return _registered_event(other)


def test_partners_never_see_other_organisations_events(partner_client, other_event, organisation):
    event, occurrence = other_event
    mine = make_event(organisation=organisation, title="Unser Fest")
    listing = partner_client.get("/verwaltung/veranstaltungen/").content.decode()
    assert "Unser Fest" in listing
    assert event.title not in listing
    csv_text = partner_client.get("/verwaltung/veranstaltungen/?format=csv").content.decode(
        "utf-8-sig"
    )
    assert event.title not in csv_text and "Unser Fest" in csv_text
    assert partner_client.get(f"/verwaltung/veranstaltungen/{mine.pk}/").status_code == 200

    forbidden = [
        ("get", f"/verwaltung/veranstaltungen/{event.pk}/"),
        ("get", f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/"),
        ("post", f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/"),
        ("post", f"/verwaltung/veranstaltungen/{event.pk}/status/"),
        ("get", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/"),
        ("post", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/"),
        ("get", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/"),
        ("get", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/?format=csv"),
        ("get", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/?format=xlsx"),
        ("get", f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/?format=pdf"),
    ]
    for method, url in forbidden:
        response = getattr(partner_client, method)(
            url, {"step": "archive"} if method == "post" else {}
        )
        assert response.status_code == 404, (method, url, response.status_code)
        assert b"Mia Muster" not in response.content
    event.refresh_from_db()
    assert event.status == "published"


def test_partner_cannot_create_events_for_another_organisation(partner_client, other_event):
    event, _occurrence = other_event
    response = partner_client.post(
        "/verwaltung/veranstaltungen/neu/", event_form(organisation=event.organisation_id)
    )
    assert response.status_code == 200  # not a choice the form offers
    assert Event.objects.count() == 1


def test_api_isolation(partner_user, organisation, other_event):
    event, occurrence = other_event
    mine, my_date = _registered_event(organisation)
    client = english_client(partner_user)
    listing = client.get("/api/v1/events/mine").json()
    assert [e["id"] for e in listing] == [mine.pk]
    assert client.get(f"/api/v1/events/dates/{occurrence.pk}/participants").status_code == 404
    mine_list = client.get(f"/api/v1/events/dates/{my_date.pk}/participants").json()
    assert [p["name"] for p in mine_list] == ["Mia Muster"]
    assert english_client().get("/api/v1/events/mine").status_code == 401
    public = english_client().get("/api/v1/events/").json()
    assert {d["title"] for d in public} == {event.title, mine.title}


def test_coordinators_see_all_and_family_users_nothing(
    coordinator_client, family_client, other_event
):
    event, occurrence = other_event
    assert event.title in coordinator_client.get("/verwaltung/veranstaltungen/").content.decode()
    assert (
        coordinator_client.get(
            f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/"
        ).status_code
        == 200
    )
    assert family_client.get("/verwaltung/veranstaltungen/").status_code == 403
    assert (
        family_client.get(
            f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/"
        ).status_code
        == 403
    )


def test_staff_of_two_organisations_see_both(client_for, other_event, organisation):
    event, _occurrence = other_event
    user = UserFactory(role=Role.PARTNER, email="zwei@example.org")
    add_member(actor=None, organisation=organisation, user=user)
    add_member(actor=None, organisation=event.organisation, user=user)
    listing = client_for(user).get("/verwaltung/veranstaltungen/").content.decode()
    assert event.title in listing
    assert Registration.objects.count() == 1


def test_image_upload_goes_through_the_upload_checks(coordinator_client):

    out = io.BytesIO()
    Image.new("RGB", (80, 40), (200, 90, 30)).save(out, format="PNG")
    picture = SimpleUploadedFile("fest.png", out.getvalue(), "image/png")
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/neu/", event_form(image_file=picture)
    )
    assert response.status_code == 200  # an image needs its alternative text
    assert "Please describe the image" in response.content.decode()

    fake = SimpleUploadedFile("fest.png", b"kein Bild", "image/png")
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/neu/", event_form(image_file=fake, image_alt="Fest")
    )
    assert response.status_code == 200
    assert Event.objects.count() == 0

    picture.seek(0)
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/neu/",
        event_form(image_file=picture, image_alt="Kinder auf der Hüpfburg"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.image and event.image_alt == "Kinder auf der Hüpfburg"


def test_partners_cannot_preview_or_review_other_organisations_drafts(partner_client, organisation):
    other = OrganisationFactory(name="Fremder Verein", slug="fremder-verein")
    draft = make_event(organisation=other, title="Fremder Entwurf", status="submitted")
    own = make_event(organisation=organisation, title="Eigener Entwurf", status="draft")
    assert partner_client.get(draft.get_absolute_url()).status_code == 404
    assert partner_client.get(draft.get_absolute_url() + "kalender.ics").status_code == 404
    assert partner_client.get(own.get_absolute_url()).status_code == 200  # own preview
    assert partner_client.get("/verwaltung/veranstaltungen/pruefen/").status_code == 403
    assert b"Fremder Entwurf" not in partner_client.get("/verwaltung/veranstaltungen/").content


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
