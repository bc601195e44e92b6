"""The concerns API: submitting, the status by tracking token, and for partner staff
the concerns passed to their organisation (never another's, never the family's contact
below "with my name")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Concern
from familienrathaus.core import services as core_services
from familienrathaus.core.models import OutboxMessage
from tests.factories import OrganisationFactory
from tests.factories.concerns import ConcernFactory, MessageFactory, seeded_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post("/api/v1/concerns/", json.dumps(data), content_type="application/json")


def bearer(user: Any) -> Client:
    key = core_services.create_api_token(user=user, name="Website")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_submitting_returns_the_code_and_the_status_link():
    response = post(
        Client(),
        {
            "kind": "suggestion",
            "text": "Mehr Bänke am Spielplatz, bitte.",
            "topic_id": seeded_topic().pk,
            "email": "eltern@example.org",
        },
    )

    assert response.status_code == 201
    body = response.json()
    concern = Concern.objects.get()
    assert body["reference"] == concern.reference
    assert body["status_url"].endswith(f"/anliegen/status/{concern.tracking_token}/")
    assert concern.channel == "api" and concern.privacy == "office_only"
    assert OutboxMessage.objects.filter(purpose="concerns.receipt").exists()


def test_an_anonymous_submission_stores_no_contact():
    response = post(
        Client(),
        {"kind": "complaint", "text": "Zu laut.", "privacy": "anonymous", "email": "x@example.org"},
    )

    assert response.status_code == 201
    assert Concern.objects.get().email == ""


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "wish", "text": "x", "privacy": "anonymous"},
        {"kind": "question", "text": "", "privacy": "anonymous"},
        {"kind": "question", "text": "x" * 5001, "privacy": "anonymous"},
        {"kind": "question", "text": "x", "email": "kein-mail"},
        {"kind": "question", "text": "x"},
        {"kind": "question", "text": "x", "privacy": "anonymous", "topic_id": 999999},
    ],
)
def test_bad_submissions_are_refused_and_store_nothing(data: dict[str, Any]):
    response = post(Client(), data)

    assert response.status_code == 422
    assert not Concern.objects.exists()


def test_submitting_is_rate_limited_like_the_form():
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [
        post(client, {"kind": "question", "text": f"Spam {n}", "privacy": "anonymous"}).status_code
        for n in range(20)
    ]

    assert codes.count(201) <= 3 and codes[-1] == 429


def test_the_status_shows_public_messages_only():
    concern = ConcernFactory(status=Concern.Status.ANSWERED)
    MessageFactory(concern=concern, text="Öffentliche Antwort")
    MessageFactory(concern=concern, kind="note", public=False, text="Interne Notiz")

    response = Client().get(f"/api/v1/concerns/status/{concern.tracking_token}")

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == concern.reference and body["status"] == "answered"
    assert [m["text"] for m in body["messages"]] == ["Öffentliche Antwort"]
    assert "name" not in body and "email" not in body


def test_an_unknown_token_is_not_found():
    assert Client().get("/api/v1/concerns/status/falsch").status_code == 404


def test_a_partner_reads_only_the_concerns_passed_to_it(partner_user: Any, organisation: Any):
    ours = ConcernFactory(organisation=organisation, status="in_progress", name="Familie Yılmaz")
    ConcernFactory(organisation=OrganisationFactory(), status="in_progress", text="Fremd")
    ConcernFactory(text="Noch bei der Koordinierungsstelle")

    response = bearer(partner_user).get("/api/v1/concerns/passed")

    assert response.status_code == 200
    rows = response.json()
    assert [row["reference"] for row in rows] == [ours.reference]
    assert rows[0]["name"] is None and rows[0]["email"] is None  # "office only"


def test_a_partner_sees_the_contact_only_at_with_my_name(partner_user: Any, organisation: Any):
    ConcernFactory(organisation=organisation, status="in_progress", named=True, name="Familie Kaya")

    rows = bearer(partner_user).get("/api/v1/concerns/passed").json()

    assert rows[0]["name"] == "Familie Kaya" and rows[0]["phone"] == "02381 12345"


def test_a_partner_reads_one_passed_concern_without_internal_notes(
    partner_user: Any, organisation: Any
):
    concern = ConcernFactory(organisation=organisation, status="in_progress")
    MessageFactory(concern=concern, kind="note", public=False, text="Nur für das Büro")
    other = ConcernFactory(organisation=OrganisationFactory(), status="in_progress")
    client = bearer(partner_user)

    response = client.get(f"/api/v1/concerns/passed/{concern.reference}")
    foreign = client.get(f"/api/v1/concerns/passed/{other.reference}")

    assert response.status_code == 200
    assert "Nur für das Büro" not in response.content.decode()
    assert response.json()["email"] is None
    assert foreign.status_code == 404


def test_a_family_token_gets_no_passed_concerns(family_user: Any):
    assert bearer(family_user).get("/api/v1/concerns/passed").status_code == 403


def test_without_a_token_the_partner_list_is_closed():
    assert Client().get("/api/v1/concerns/passed").status_code == 401


def test_a_refused_submission_names_the_field_like_every_validation_error():
    response = post(Client(), {"kind": "question", "text": "x", "email": "kein-mail"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "email"]
