"""The API refuses what cannot or should not be stored with a 4xx and a message, never
a 500: a lone surrogate or NUL in a JSON string (issue 13, point 7), a description of a
million characters, absurd numbers and dates (issue 13, point 4)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core import limits
from familienrathaus.core import services as core_services
from familienrathaus.core.models import User
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from tests.factories import ChildFactory, OccasionFactory, OfferFactory, form_data, theme

pytestmark = pytest.mark.django_db

LONE_SURROGATE = '"x\\ud800y"'  # JSON text: valid JSON, but no UTF-8 string


@pytest.fixture
def token(partner_user: User) -> dict[str, str]:
    _token, key = core_services.create_api_token(user=partner_user, name="Website")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def send(client: Client, method: str, path: str, body: str, headers: dict[str, str]) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def offer_body(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organisation": organisation.slug,
        "title": "Stillcafé",
        "summary": "Ein Treffen für Stillende.",
        "themes": [theme().slug],
    }
    body.update(changes)
    return body


def test_lone_surrogate_is_refused_on_every_writing_endpoint(
    anon_client: Client, organisation: Organisation, token: dict[str, str], family_user: User
) -> None:
    offer = OfferFactory(organisation=organisation)
    family_key = core_services.create_api_token(user=family_user, name="App")[1]
    family = {"HTTP_AUTHORIZATION": f"Bearer {family_key}"}
    requests = [
        ("patch", f"/api/v1/partners/{organisation.slug}", '{"description": %s}', token),
        ("post", "/api/v1/offers/", None, token),
        ("patch", f"/api/v1/offers/{offer.slug}", '{"summary": %s}', token),
        ("post", "/api/v1/holidays/bookings", '{"child": 1, "occasion": 1, "x": %s}', family),
    ]
    for method, path, template, headers in requests:
        if template is None:
            body = json.dumps(offer_body(organisation, description="PLACEHOLDER"))
            body = body.replace('"PLACEHOLDER"', LONE_SURROGATE)
        else:
            body = template % LONE_SURROGATE
        response = send(anon_client, method, path, body, headers)

        assert response.status_code == 400, (path, response.status_code, response.content)
        assert "surrogate" in response.json()["detail"], path
    organisation.refresh_from_db()
    assert organisation.description == ""


def test_nul_character_is_refused(
    anon_client: Client, organisation: Organisation, token: dict[str, str]
) -> None:
    response = send(
        anon_client,
        "patch",
        f"/api/v1/partners/{organisation.slug}",
        json.dumps({"description": "a\u0000b"}),
        token,
    )

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_nul_in_a_query_is_refused(anon_client: Client) -> None:
    response = anon_client.get("/api/v1/offers/", {"q": "a\x00b"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_broken_json_is_a_clear_400(anon_client: Client, token: dict[str, str]) -> None:
    response = send(anon_client, "post", "/api/v1/offers/", "{not json", token)

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_a_million_characters_of_description_are_refused(
    anon_client: Client, organisation: Organisation, token: dict[str, str]
) -> None:
    huge = "Wort " * 200_000
    created = send(
        anon_client,
        "post",
        "/api/v1/offers/",
        json.dumps(offer_body(organisation, description=huge)),
        token,
    )
    offer = OfferFactory(organisation=organisation)
    changed = send(
        anon_client,
        "patch",
        f"/api/v1/offers/{offer.slug}",
        json.dumps({"description": huge}),
        token,
    )
    profile = send(
        anon_client,
        "patch",
        f"/api/v1/partners/{organisation.slug}",
        json.dumps({"description": huge}),
        token,
    )

    for response in (created, changed, profile):
        assert response.status_code == 422, response.content[:300]
        detail = response.json()["detail"][0]
        assert detail["loc"][-1] == "description"
        assert str(limits.TEXT_DESCRIPTION) in detail["msg"]
    assert not Offer.objects.filter(title="Stillcafé").exists()


def test_the_longest_allowed_description_is_saved(
    anon_client: Client, organisation: Organisation, token: dict[str, str]
) -> None:
    text = "x" * limits.TEXT_DESCRIPTION
    response = send(
        anon_client,
        "post",
        "/api/v1/offers/",
        json.dumps(offer_body(organisation, description=text)),
        token,
    )

    assert response.status_code == 201, response.content[:300]
    assert Offer.objects.get(title="Stillcafé").description == text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"valid_from": "0001-01-01"}, "valid_from"),
        ({"valid_until": "9999-12-31"}, "valid_until"),
        ({"age_min": -1}, "age_min"),
        ({"age_max": 500}, "age_max"),
    ],
)
def test_absurd_numbers_and_dates_are_refused_by_the_offers_api(
    anon_client: Client,
    organisation: Organisation,
    token: dict[str, str],
    changes: dict[str, Any],
    field: str,
) -> None:
    response = send(
        anon_client,
        "post",
        "/api/v1/offers/",
        json.dumps(offer_body(organisation, **changes)),
        token,
    )

    assert response.status_code == 422, response.content[:300]
    assert response.json()["detail"][0]["loc"][-1] == field


def test_ids_beyond_any_database_integer_are_422(family_user: User) -> None:
    key = core_services.create_api_token(user=family_user, name="App")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    OccasionFactory()
    ChildFactory(family=family_user)

    booked = client.post(
        "/api/v1/holidays/bookings",
        {"child": 10**30, "occasion": 1},
        content_type="application/json",
    )
    participants = client.get(f"/api/v1/events/dates/{10**30}/participants")

    assert booked.status_code == 422
    assert participants.status_code == 422


def test_offer_form_refuses_a_million_characters_next_to_the_field(
    partner_client: Client,
) -> None:
    huge = "Wort " * 200_000
    response = partner_client.post("/verwaltung/angebote/neu/", form_data(description=huge))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "description" in errors
    assert "20000" in errors["description"][0].replace(".", "").replace("\u202f", "")
    assert not Offer.objects.exists()
    assert 'maxlength="20000"' in response.content.decode()
