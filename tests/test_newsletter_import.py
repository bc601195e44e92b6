"""Importing subscribers (with their consent proof) through the shared import framework."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.newsletter.models import Subscriber, Topic
from tests.factories import SubscriberFactory, TopicFactory, confirm, csv_bytes, latest_run, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

HEADER = ["E-Mail", "Sprache", "Themen", "Einwilligung am", "Version", "Bestätigt am"]


def test_confirmed_addresses_with_consent_proof_are_imported(coordinator_client: Client) -> None:
    TopicFactory(name="Ferienspaß", slug="ferienspass")
    SubscriberFactory(email="abgemeldet@example.org", status="unsubscribed")
    rows = [
        HEADER,
        ["neu@example.org", "de", "Ferienspaß", "01.03.2025 10:00", "2025-01", "01.03.2025 10:05"],
        ["abgemeldet@example.org", "de", "", "01.03.2025 10:00", "2025-01", "01.03.2025 10:05"],
    ]
    page = upload(coordinator_client, "infobrief-abonnenten", csv_bytes(rows), "abos.csv")
    assert page.context["counts"] == {"new": 1, "updated": 0, "unchanged": 1, "failed": 0}
    confirm(coordinator_client, latest_run())
    imported = Subscriber.objects.get(email="neu@example.org")
    assert imported.status == "active" and imported.source == "import"
    assert imported.consent_version == "2025-01"
    assert imported.confirmed_at and imported.consent_requested_at
    assert [t.slug for t in imported.topics.all()] == ["ferienspass"]
    # An import never re-subscribes somebody who unsubscribed.
    assert Subscriber.objects.get(email="abgemeldet@example.org").status == "unsubscribed"


def test_rows_without_consent_proof_fail(coordinator_client: Client) -> None:
    rows = [HEADER, ["ohne@example.org", "de", "", "", "", ""]]
    page = upload(coordinator_client, "infobrief-abonnenten", csv_bytes(rows), "abos.csv")
    assert page.context["counts"]["failed"] == 1
    assert not Subscriber.objects.exists()


def test_the_export_imports_again_without_resubscribing_anybody(
    coordinator_client: Client,
) -> None:
    """Moving the list to another installation: export there, import here."""
    TopicFactory(name="Ferienspaß", slug="ferienspass")
    active = SubscriberFactory(email="aktiv@example.org")
    active.topics.set(Topic.objects.all())
    SubscriberFactory(email="abgemeldet@example.org", status="unsubscribed")
    SubscriberFactory(email="gesperrt@example.org", status="disabled")
    exported = coordinator_client.get("/verwaltung/infobrief/abonnenten/?format=csv").content
    assert b";subscription form;" in exported  # the source in words, not "form"
    Subscriber.objects.all().delete()

    page = upload(coordinator_client, "infobrief-abonnenten", exported, "export.csv")
    assert page.context["counts"]["new"] == 1
    confirm(coordinator_client, latest_run())
    imported = Subscriber.objects.get()
    assert imported.email == "aktiv@example.org"
    assert imported.status == "active"
    assert imported.consent_version == active.consent_version
    assert [t.slug for t in imported.topics.all()] == ["ferienspass"]
