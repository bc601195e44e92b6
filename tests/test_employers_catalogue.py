"""The criteria catalogue, versioned, through the coordinators' editor: the seeded eight
fields, editing a draft, and a catalogue in use that stays as it is while the next
version is edited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from familienrathaus.employers.models import Catalogue, Criterion, FieldOfAction, Round
from tests.factories.employers import (
    CatalogueFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    seeded_catalogue,
)

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


def page(catalogue: Catalogue) -> str:
    return f"/verwaltung/arbeitgeber/kataloge/{catalogue.pk}/"


def test_the_seeded_catalogue_has_the_eight_fields_of_action_in_german(
    coordinator_client: Client,
):
    catalogue = seeded_catalogue()
    names = list(catalogue.fields.values_list("name", flat=True))
    assert names == [
        "Arbeitszeit",
        "Arbeitsorganisation",
        "Arbeitsort",
        "Information und Kommunikation",
        "Führung",
        "Personalentwicklung",
        "Entgeltbestandteile und geldwerte Leistungen",
        "Service für Familien",
    ]
    for field in catalogue.fields.all():
        assert 3 <= field.criteria.count() <= 5
    body = html(coordinator_client.get(page(catalogue)))
    assert "Notfällen ist kurzfristig Freistellung möglich" in body
    assert "minimum requirement" in body


def test_a_coordinator_edits_a_draft_catalogue(coordinator_client: Client):
    catalogue = CatalogueFactory(name="Entwurf")
    response = coordinator_client.post(
        page(catalogue) + "felder/neu/", {"name": "Gesundheit", "description": ""}
    )
    field = FieldOfAction.objects.get(catalogue=catalogue, name="Gesundheit")
    assert response.status_code == 302 and field.key == "gesundheit"
    coordinator_client.post(
        f"/verwaltung/arbeitgeber/felder/{field.pk}/aussagen/neu/",
        {"text": "Es gibt ein Angebot zur Gesundheitsförderung.", "minimum": "on"},
    )
    criterion = Criterion.objects.get(field=field)
    assert criterion.minimum and not criterion.evidence_wanted
    empty = coordinator_client.post(
        f"/verwaltung/arbeitgeber/felder/{field.pk}/aussagen/neu/", {"help_text": "Erklärung"}
    )
    assert empty.status_code == 400 and "Erklärung" in html(empty)
    first = catalogue.fields.order_by("position").first()
    assert first is not None
    coordinator_client.post(f"/verwaltung/arbeitgeber/katalog/feld/{field.pk}/hoch/")
    coordinator_client.post(f"/verwaltung/arbeitgeber/katalog/feld/{field.pk}/hoch/")
    assert catalogue.fields.order_by("position").first() == field


def test_a_running_round_keeps_its_version_while_the_next_one_is_edited(
    coordinator_client: Client,
):
    catalogue = CatalogueFactory(name="Katalog")
    running = RoundFactory(catalogue=catalogue, status=Round.Status.PLANNED)
    coordinator_client.post(
        f"/verwaltung/arbeitgeber/runden/{running.pk}/status/", {"status": "open"}
    )
    participation = ParticipationFactory(round=running)
    answer_all(participation)
    criterion = Criterion.objects.filter(field__catalogue=catalogue).first()
    assert criterion is not None
    planned = RoundFactory(catalogue=catalogue, status=Round.Status.PLANNED)

    # The version in use cannot be changed, only copied.
    refused = coordinator_client.post(
        f"/verwaltung/arbeitgeber/felder/{criterion.field_id}/aussagen/{criterion.pk}/",
        {"text": "Geändert"},
        follow=True,
    )
    assert "cannot be changed" in html(refused)
    assert Criterion.objects.get(pk=criterion.pk).text != "Geändert"

    response = coordinator_client.post(page(catalogue) + "neue-version/")
    copy = Catalogue.objects.get(based_on=catalogue)
    assert response["Location"] == page(copy)
    assert copy.version == 2 and copy.frozen_at is None
    copied = Criterion.objects.get(field__catalogue=copy, key=criterion.key)
    coordinator_client.post(
        f"/verwaltung/arbeitgeber/felder/{copied.field_id}/aussagen/{copied.pk}/",
        {"text": "Neue Fassung der Aussage"},
    )
    assert Criterion.objects.get(pk=copied.pk).text == "Neue Fassung der Aussage"
    assert Criterion.objects.get(pk=criterion.pk).text != "Neue Fassung der Aussage"

    running.refresh_from_db()
    planned.refresh_from_db()
    assert running.catalogue_id == catalogue.pk  # keeps its version
    assert planned.catalogue_id == copy.pk  # a planned round moves on
    # A second click finds the draft instead of making version 3.
    coordinator_client.post(page(catalogue) + "neue-version/")
    assert Catalogue.objects.filter(name="Katalog").count() == 2


def test_a_running_round_cannot_switch_catalogue(coordinator_client: Client):
    round_ = RoundFactory(status=Round.Status.RUNNING)
    other = CatalogueFactory()
    response = coordinator_client.post(
        f"/verwaltung/arbeitgeber/runden/{round_.pk}/bearbeiten/",
        {
            "name": round_.name,
            "catalogue": other.pk,
            "starts_on": round_.starts_on.isoformat(),
            "ends_on": round_.ends_on.isoformat(),
            "certificate_years": "3",
        },
    )
    assert response.status_code == 302  # the disabled field keeps the old value
    round_.refresh_from_db()
    assert round_.catalogue_id != other.pk
