"""Staff enter a family's call or visit; coordinators edit the emergency numbers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Concern, ConcernSettings
from familienrathaus.core.models import AuditEntry, OutboxMessage
from tests.factories import PostcardFactory
from tests.factories.concerns import seeded_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def entry(**changes: Any) -> dict[str, Any]:
    data = {
        "channel": "phone",
        "kind": "help",
        "topic": str(seeded_topic().pk),
        "text": "Mutter ruft an: Wohnung wird gekündigt, drei Kinder.",
        "privacy": "named",
        "name": "Frau Schulz",
        "email": "",
        "phone": "02381 44556",
    }
    data.update(changes)
    return data


def test_a_coordinator_enters_a_phone_call_for_the_family(coordinator_client: Client, coordinator):
    response = coordinator_client.post("/verwaltung/anliegen/erfassen/", entry())

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert (concern.channel, concern.entered_by, concern.user) == ("phone", coordinator, None)
    assert concern.privacy == "named" and concern.phone == "02381 44556"
    page = coordinator_client.get(response["Location"]).content.decode()
    assert concern.reference in page


def test_a_visit_with_an_address_sends_the_family_its_receipt(coordinator_client: Client):
    coordinator_client.post(
        "/verwaltung/anliegen/erfassen/",
        entry(channel="visit", email="schulz@example.org", privacy="office_only"),
    )

    assert Concern.objects.get().channel == "visit"
    assert OutboxMessage.objects.get(purpose="concerns.receipt").to == ["schulz@example.org"]


def test_the_staff_form_needs_call_or_visit(coordinator_client: Client):
    response = coordinator_client.post("/verwaltung/anliegen/erfassen/", entry(channel="form"))

    assert response.status_code == 400
    assert "Mutter ruft an" in response.content.decode()
    assert not Concern.objects.exists()


def test_families_and_partners_cannot_enter_on_behalf(family_client: Client, partner_client):
    assert family_client.get("/verwaltung/anliegen/erfassen/").status_code == 403
    assert partner_client.post("/verwaltung/anliegen/erfassen/", entry()).status_code == 403
    assert not Concern.objects.exists()


def test_coordinators_edit_the_emergency_numbers_and_the_form_shows_them(
    coordinator_client: Client, anon_client: Client
):
    text = "Polizei: 110\nKrisendienst Musterstadt: 02381 999 000"
    response = coordinator_client.post(
        "/verwaltung/anliegen/einstellungen/",
        {"emergency_text": text, "redact_after_days": "365", "delete_after_days": "730"},
    )

    assert response.status_code == 302
    assert ConcernSettings.load().emergency_text == text
    assert AuditEntry.objects.filter(action="concerns.settings.update").exists()
    page = anon_client.get("/anliegen/").content.decode()
    assert 'href="tel:02381999000"' in page and "Krisendienst Musterstadt" in page


def test_a_bad_retention_period_is_marked_and_the_text_kept(coordinator_client: Client):
    response = coordinator_client.post(
        "/verwaltung/anliegen/einstellungen/",
        {"emergency_text": "Neue Nummern", "redact_after_days": "0", "delete_after_days": "730"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "between 1 and 3650" in page and "Neue Nummern" in page
    assert "116 111" in ConcernSettings.load().emergency_text


def test_only_coordinators_reach_the_settings(partner_client: Client):
    assert partner_client.get("/verwaltung/anliegen/einstellungen/").status_code == 403


def test_the_settings_page_shows_the_page_each_postcard_needs(
    coordinator_client: Client, anon_client: Client
):
    card = PostcardFactory(code="praxis-nord", headline="Kurzer Draht zum Rat – Praxis Nord")
    anon_client.post(
        "/anliegen/?karte=praxis-nord",
        {
            "kind": "question",
            "text": "Wo finde ich eine Hebamme?",
            "privacy": "anonymous",
            "karte": "praxis-nord",
        },
    )

    page = coordinator_client.get("/verwaltung/anliegen/einstellungen/").content.decode()

    assert "Kurzer Draht zum Rat – Praxis Nord" in page
    assert "/anliegen/?karte=praxis-nord" in page
    assert Concern.objects.get().postcard == card
    assert '<td class="kern-table__cell">1</td>' in page


def test_a_coordinator_leads_a_postcard_to_the_form_in_one_click(
    coordinator_client: Client, anon_client: Client
):
    card = PostcardFactory(code="praxis-sued", target_path="/angebote/")
    response = coordinator_client.post(
        "/verwaltung/anliegen/einstellungen/postkarte/", {"postcard": card.pk}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.target_path == "/anliegen/?karte=praxis-sued"
    # The scan leads to the form, and what is sent there is counted for the card.
    assert anon_client.get("/k/praxis-sued")["Location"] == "/anliegen/?karte=praxis-sued"
    assert AuditEntry.objects.filter(action="postcard.update").exists()


def test_a_coordinator_makes_a_new_postcard_for_the_form(coordinator_client: Client):
    response = coordinator_client.post("/verwaltung/anliegen/einstellungen/postkarte/")
    card = PostcardFactory._meta.model.objects.get()
    assert response["Location"] == f"/verwaltung/postkarten/{card.pk}/"
    assert card.target_path == f"/anliegen/?karte={card.code}"
    assert card.headline == "Kurzer Draht zum Rat"
    page = coordinator_client.get(
        "/verwaltung/anliegen/einstellungen/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert f"/anliegen/?karte={card.code}</code> – bereits eingetragen" in page
    assert f'name="postcard" value="{card.pk}"' not in page


def test_partners_cannot_point_postcards(partner_client: Client):
    card = PostcardFactory(code="praxis-west", target_path="/angebote/")
    response = partner_client.post(
        "/verwaltung/anliegen/einstellungen/postkarte/", {"postcard": card.pk}
    )
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.target_path == "/angebote/"
