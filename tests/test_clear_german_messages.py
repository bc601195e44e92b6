"""German messages that say what is wrong and what was done (issue 14, point 10)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from familienrathaus.core.models import User
from familienrathaus.events.models import EventStatus
from familienrathaus.holidays.models import Booking, Invoice
from familienrathaus.places.models import Place
from tests.factories.places import place_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def test_an_incomplete_website_gets_an_example_of_a_complete_address(coordinator: User) -> None:
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)
    response = client.post("/verwaltung/orte/neu/", place_data(website="https://bibliothek"))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Bitte geben Sie eine vollständige Internetadresse ein, z. B. https://www.beispiel.de."
        in page
    )
    assert "gültige Adresse" not in page
    assert 'value="https://bibliothek"' in page  # what was typed stays
    assert not Place.objects.exists()


def test_a_cancelled_booking_or_invoice_reads_storniert_a_cancelled_event_abgesagt() -> None:
    with translation.override("de"):
        assert str(Booking.Status.CANCELLED.label) == "storniert"
        assert str(Invoice.Status.CANCELLED.label) == "storniert"
        assert str(EventStatus.CANCELLED.label) == "abgesagt"
