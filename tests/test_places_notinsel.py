"""The Notinsel registry: application, approval, status, sticker, yearly check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.places import services
from familienrathaus.places.models import Notinsel, Place
from tests.factories import NotinselFactory

APPLICATION = {
    "business_name": "Buchhandlung Lesezeichen",
    "street": "Marktplatz 4",
    "postcode": "12345",
    "city": "Musterstadt",
    "opening_hours": "Mo–Fr 9–18, Sa 9–14",
    "contact_name": "Erika Mustermann",
    "contact_email": "info@lesezeichen.example",
    "contact_phone": "01234 5678",
    "rules": "on",
}

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.mark.django_db
def test_a_business_applies_and_gets_a_confirmation_mail(anon_client: Client) -> None:
    response = anon_client.post("/notinseln/mitmachen/", APPLICATION, follow=True)

    assert response.redirect_chain[-1][0] == "/notinseln/mitmachen/danke/"
    notinsel = Notinsel.objects.get()
    assert notinsel.status == Notinsel.Status.APPLIED
    assert notinsel.rules_accepted_at is not None
    assert notinsel.place is None  # not on the map before approval
    mail = OutboxMessage.objects.get(to=["info@lesezeichen.example"])
    assert "Buchhandlung Lesezeichen" in mail.body_text
    assert AuditEntry.objects.filter(action="places.notinsel_applied").exists()


@pytest.mark.django_db
def test_the_application_needs_consent_and_readable_hours_and_keeps_the_input(
    anon_client: Client,
) -> None:
    data = {**APPLICATION, "opening_hours": "immer wenn offen"}
    del data["rules"]

    response = anon_client.post("/notinseln/mitmachen/", data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Please agree to the Notinsel rules." in html
    assert "could not be read" in html
    assert 'value="Buchhandlung Lesezeichen"' in html
    assert not Notinsel.objects.exists()


@pytest.mark.django_db
def test_robots_filling_the_honeypot_are_thanked_but_not_registered(anon_client: Client) -> None:
    response = anon_client.post("/notinseln/mitmachen/", {**APPLICATION, "homepage": "spam"})
    assert response.status_code == 302
    assert not Notinsel.objects.exists()


@pytest.mark.django_db
def test_applications_are_rate_limited(anon_client: Client) -> None:
    for number in range(5):
        data = {**APPLICATION, "business_name": f"Laden {number}"}
        assert anon_client.post("/notinseln/mitmachen/", data).status_code == 302
    response = anon_client.post(
        "/notinseln/mitmachen/", {**APPLICATION, "business_name": "Zu viel"}
    )
    assert response.status_code == 429
    assert Notinsel.objects.count() == 5


@pytest.mark.django_db
def test_the_coordinator_walks_a_notinsel_through_its_statuses(
    coordinator_client: Client, anon_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    notinsel = NotinselFactory(business_name="Apotheke am Markt")
    url = f"/verwaltung/orte/notinseln/{notinsel.pk}/"

    def change(status: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post(
                url, {"change_status": "1", "status-status": status, "status-note": ""}
            )
        assert response.status_code == 302

    change("approved")
    place = Place.objects.get(name="Apotheke am Markt")
    assert not place.is_published
    assert place.kinds.filter(slug="notinsel").exists()
    assert place.hours.count() == 6
    assert "Apotheke am Markt" not in anon_client.get("/karte/").content.decode()

    change("sticker")
    change("active")
    assert "Apotheke am Markt" in anon_client.get("/karte/").content.decode()
    assert "Apotheke am Markt" in anon_client.get("/karte/arten/notinsel.geojson").content.decode()

    change("paused")
    assert "Apotheke am Markt" not in anon_client.get("/karte/").content.decode()
    statuses = [
        entry.changes["status"]["after"]
        for entry in AuditEntry.objects.filter(action="places.notinsel_status").order_by("pk")
    ]
    assert statuses == ["approved", "sticker", "active", "paused"]

    # Not every step is allowed: a paused Notinsel cannot go back to "approved".
    coordinator_client.post(url, {"change_status": "1", "status-status": "approved"})
    notinsel.refresh_from_db()
    assert notinsel.status == Notinsel.Status.PAUSED


@pytest.mark.django_db
def test_the_sticker_poster_is_a_pdf_with_a_qr_code(coordinator_client: Client) -> None:
    notinsel = NotinselFactory(status=Notinsel.Status.APPROVED)

    response = coordinator_client.get(f"/verwaltung/orte/notinseln/{notinsel.pk}/aufkleber.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"/Image" in response.content  # the QR code


@pytest.mark.django_db
def test_only_coordinators_reach_the_registry(
    partner_client: Client, anon_client: Client, coordinator_client: Client
) -> None:
    assert partner_client.get("/verwaltung/orte/notinseln/").status_code == 403
    assert anon_client.get("/verwaltung/orte/notinseln/").status_code == 302
    assert coordinator_client.get("/verwaltung/orte/notinseln/").status_code == 200
    csv = coordinator_client.get("/verwaltung/orte/notinseln/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")


def _check_link(body: str) -> str:
    match = re.search(r"https?://\S+/notinseln/pruefen/\S+/", body)
    assert match, body
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_the_worker_mails_the_yearly_check_and_the_business_confirms_through_the_link(
    run_worker: Callable[[], str], client_for: Callable[[User | None], Client]
) -> None:
    services.ensure_default_kinds()
    year_ago = timezone.now() - dt.timedelta(days=400)
    due = NotinselFactory(
        business_name="Bäckerei Korn", status=Notinsel.Status.ACTIVE, last_confirmed_at=year_ago
    )
    NotinselFactory(
        business_name="Frisch bestätigt",
        status=Notinsel.Status.ACTIVE,
        last_confirmed_at=timezone.now() - dt.timedelta(days=20),
    )
    from familienrathaus.core import periodic
    from familienrathaus.places import tasks

    assert periodic.ensure_all() >= 1  # what the worker does when it starts
    assert not periodic.ensure_scheduled(tasks.yearly_checks)  # one run waits already

    run_worker()

    mails = list(OutboxMessage.objects.filter(purpose="places.notinsel_check"))
    assert [m.to for m in mails] == [[due.contact_email]]
    assert mails[0].status == OutboxMessage.Status.SENT
    # The task scheduled its next run for tomorrow.
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=tasks.yearly_checks.module_path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now() + dt.timedelta(hours=23)

    client = client_for(None)
    link = "/" + _check_link(mails[0].body_text)
    page = client.get(link)
    assert page.status_code == 200
    assert "Bäckerei Korn" in page.content.decode()
    response = client.post(
        link,
        {
            "business_name": "Bäckerei Korn & Söhne",
            "street": due.street,
            "opening_hours": "Mo–Sa 6–18",
            "contact_name": "Karl Korn",
            "contact_phone": "",
            "answer": "continue",
        },
    )
    assert response.status_code == 200
    due.refresh_from_db()
    assert due.business_name == "Bäckerei Korn & Söhne"
    assert due.last_confirmed_at is not None
    assert due.last_confirmed_at > timezone.now() - dt.timedelta(minutes=5)
    assert services.due_for_check() == []
    assert client.get("/notinseln/pruefen/kaputt/").status_code == 404


@pytest.mark.django_db
def test_a_business_can_end_through_the_yearly_check(
    anon_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    notinsel = NotinselFactory(
        status=Notinsel.Status.ACTIVE, last_confirmed_at=timezone.now() - dt.timedelta(days=400)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services._sync_place(notinsel)
    notinsel.place = Place.objects.get(name=notinsel.business_name)
    notinsel.save()
    services.send_due_checks()
    notinsel.refresh_from_db()
    link = services.check_token(notinsel)

    anon_client.post(
        f"/notinseln/pruefen/{link}/",
        {
            "business_name": notinsel.business_name,
            "street": notinsel.street,
            "opening_hours": notinsel.opening_hours,
            "contact_name": notinsel.contact_name,
            "answer": "end",
        },
    )

    notinsel.refresh_from_db()
    assert notinsel.status == Notinsel.Status.ENDED
    assert notinsel.place is not None and not notinsel.place.is_published
    assert anon_client.get(f"/notinseln/pruefen/{link}/").status_code == 404


def test_approving_a_notinsel_without_coordinates_warns_that_it_is_not_on_the_map(
    coordinator_client: Client,
) -> None:
    located = NotinselFactory(business_name="Mit Ort")
    unlocated = NotinselFactory(business_name="Ohne Ort", latitude=None, longitude=None)

    def approve(notinsel: Notinsel) -> str:
        url = f"/verwaltung/orte/notinseln/{notinsel.pk}/"
        data = {"change_status": "1", "status-status": "approved", "status-note": ""}
        return coordinator_client.post(url, data, follow=True).content.decode()

    assert "not on the map" not in approve(located)
    assert "This Notinsel has no coordinates yet, so it is not on the map." in approve(unlocated)
