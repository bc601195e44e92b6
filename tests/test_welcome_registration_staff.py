"""Staff record a registration from a home visit, a phone call or a paper form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.welcome.models import Registration
from tests.factories.welcome import welcome_settings

pytestmark = pytest.mark.django_db

URL = "/verwaltung/babybegruessung/neu/"


def paper_form(**changes: str) -> dict[str, str]:
    data = {
        "channel": "phone",
        "staff_note": "Rief aus der Klinik an.",
        "child_first_name": "Deniz",
        "birth_date": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "first_born": "0",
        "parent_names": "Ayşe Yılmaz",
        "street": "Hauptstraße 5",
        "postcode": "58452",
        "town": "Witten",
        "lived_here_at_birth": "1",
        "language": "tr",
        "email": "",
        "phone": "0170 1234567",
        "delivery": "visit",
        "consent": "on",
    }
    data.update(changes)
    return data


def test_a_phone_call_is_recorded_with_who_took_it(coordinator_client: Client, coordinator) -> None:
    welcome_settings(postcodes="58452")
    response = coordinator_client.post(URL, paper_form())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.channel == "phone" and registration.recorded_by == coordinator
    assert registration.language == "tr" and registration.package_version == "sibling"
    assert registration.staff_note == "Rief aus der Klinik an."
    assert AuditEntry.objects.filter(action="welcome.registration.recorded").exists()
    assert not OutboxMessage.objects.filter(purpose="welcome.confirmation").exists()


def test_the_same_rules_apply_with_a_message_next_to_the_field(coordinator_client: Client) -> None:
    welcome_settings(postcodes="58452")
    response = coordinator_client.post(URL, paper_form(postcode="12345"))
    assert response.status_code == 400
    assert 'id="id_postcode-error"' in response.content.decode()
    assert not Registration.objects.exists()


def test_online_is_not_a_channel_staff_can_choose(coordinator_client: Client) -> None:
    page = coordinator_client.get(URL).content.decode()
    assert 'value="paper"' in page and 'value="online"' not in page


def test_families_and_partners_cannot_record(family_client: Client, partner_client: Client) -> None:
    assert family_client.get(URL).status_code == 404
    assert partner_client.post(URL, paper_form()).status_code == 404
    assert not Registration.objects.exists()
