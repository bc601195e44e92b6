"""The coordinator's settings of the welcome: the rules take effect on the parents' form,
a new consent text becomes a new version, the Kita office's accounts, the QR code of the
short link for flyers; nobody else reaches the screen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core.models import AuditEntry
from familienrathaus.welcome import permissions
from familienrathaus.welcome.selectors import settings as settings_selectors
from tests.factories.core import UserFactory
from tests.factories.welcome import welcome_settings

pytestmark = pytest.mark.django_db

URL = "/verwaltung/babybegruessung/einstellungen/"


def values(**changes: Any) -> dict[str, Any]:
    row = settings_selectors.get()
    data = {
        "intro": row.intro,
        "town_name": "Witten",
        "office_hours": "Di 8–18 Uhr, Do 8–18 Uhr",
        "postcodes": "58452, 58453",
        "age_limit_months": "12",
        "moved_in_months": "6",
        "grant_enabled": "on",
        "grant_amount": "100.00",
        "proof_required": row.proof_required,
        "consent_text": row.consent_text,
        "kita_deadline_months": "6",
        "kita_registration_url": "",
        "kita_office_email": "",
        "kita_office_accounts": "",
        "followup_ages": "3,12,36",
        "retention_months": "12",
        "payment_retention_years": "10",
    }
    data.update(changes)
    return data


def test_the_coordinator_changes_the_rules_and_the_form_follows(
    coordinator_client: Client, anon_client: Client
) -> None:
    response = coordinator_client.post(
        URL, values(grant_amount="150.00", postcodes="58452;58454 58455", age_limit_months="6")
    )
    assert response.status_code == 302
    row = settings_selectors.get()
    assert row.postcode_list == ["58452", "58454", "58455"]
    assert row.grant_amount == 150
    page = anon_client.get("/babybegruessung/anmelden/").content.decode()
    assert "150.00 €" in page
    assert AuditEntry.objects.filter(action="welcome.settings.changed").exists()


def test_a_german_coordinator_types_the_amount_with_a_comma(coordinator_client: Client) -> None:
    german = {"HTTP_ACCEPT_LANGUAGE": "de"}
    response = coordinator_client.post(URL, values(grant_amount="120,50"), **german)
    assert response.status_code == 302
    assert settings_selectors.get().grant_amount == Decimal("120.50")
    assert 'value="120,50"' in coordinator_client.get(URL, **german).content.decode()


def test_a_new_consent_text_is_a_new_version(coordinator_client: Client) -> None:
    coordinator_client.post(URL, values())
    assert settings_selectors.get().consent_version == 1  # same text: same version
    coordinator_client.post(URL, values(consent_text="Wir speichern nur, was nötig ist."))
    row = settings_selectors.get()
    assert row.consent_version == 2
    assert "Current version: 2" in coordinator_client.get(URL).content.decode()


def test_wrong_values_get_a_message_next_to_the_field(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        URL,
        values(
            postcodes="58452, Witten Mitte!",
            followup_ages="3, zwölf",
            kita_office_accounts="unbekannt@example.org",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("postcodes", "followup_ages", "kita_office_accounts"):
        assert f'id="id_{field}-error"' in page
    assert "unbekannt@example.org" in page  # nothing typed is lost
    assert settings_selectors.get().postcodes == ""


def test_the_kita_office_accounts_see_the_kita_interests_only(coordinator_client: Client) -> None:
    office = UserFactory(email="kita-buero@example.org")
    response = coordinator_client.post(URL, values(kita_office_accounts="Kita-Buero@example.org"))
    assert response.status_code == 302
    assert permissions.can_see_kita_interests(office)
    assert not permissions.can_manage(office)
    page = coordinator_client.get(URL).content.decode()
    assert "kita-buero@example.org" in page
    coordinator_client.post(URL, values(kita_office_accounts=""))
    assert not permissions.can_see_kita_interests(office)


def test_the_qr_code_of_the_short_link_for_flyers(
    coordinator_client: Client, settings: Any
) -> None:
    settings.SITE_URL = "https://familie.example.org"
    page = coordinator_client.get(URL).content.decode()
    assert "https://familie.example.org/baby/" in page
    png = coordinator_client.get(URL + "qr.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = coordinator_client.get(URL + "qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert coordinator_client.get(URL + "qr.gif").status_code == 404


def test_only_coordinators_reach_the_settings(
    family_client: Client, partner_client: Client, anon_client: Client
) -> None:
    welcome_settings()
    assert family_client.get(URL).status_code == 404
    assert partner_client.get(URL).status_code == 404
    assert partner_client.get(URL + "qr.png").status_code == 404
    assert anon_client.get(URL).status_code == 302
