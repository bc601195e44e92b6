"""The API under /api/v1/: its OpenAPI document and authentication by personal token."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from familienrathaus.core.models import ApiToken

pytestmark = pytest.mark.django_db

TOKENS_URL = reverse("core:api_tokens")


def openapi_document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_openapi_document_describes_the_api(anon_client):
    document = openapi_document(anon_client)

    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Familienrathaus API"
    assert {"/api/v1/me", "/api/v1/site"} <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert {"scheme": "bearer", "type": "http"}.items() <= schemes["TokenAuth"].items()
    assert schemes["ApiKeyAuth"]["in"] == "header"
    assert schemes["ApiKeyAuth"]["name"] == "X-API-Key"
    assert document["paths"]["/api/v1/me"]["get"]["security"]
    assert "security" not in document["paths"]["/api/v1/site"]["get"]


def test_openapi_document_is_valid(anon_client):
    validator = pytest.importorskip("openapi_spec_validator")

    validator.validate(openapi_document(anon_client))


def test_site_is_public(anon_client):
    response = anon_client.get("/api/v1/site")

    assert response.status_code == 200
    assert response.json()["alliance_name"] == "Lokales Bündnis für Familie"


def create_token(client, name: str = "Website-Import") -> str:
    """Create a token on the back-office page; returns the key it shows once."""
    response = client.post(TOKENS_URL, {"name": name})
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r"<code class=\"frh-token\"[^>]*>(frh_[A-Za-z0-9_-]+)</code>", html)
    assert match, "the new token is not shown"
    return match.group(1)


def me(client, headers: dict[str, str] | None = None):
    return client.get("/api/v1/me", headers=headers or {})


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def api_key(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def test_me_needs_authentication(anon_client):
    assert me(anon_client).status_code == 401
    assert me(anon_client, bearer("frh_not-a-token")).status_code == 401
    assert me(anon_client, api_key("frh_not-a-token")).status_code == 401


def test_token_from_the_back_office_opens_the_api_until_it_is_revoked(
    partner_client, partner_user, anon_client
):
    key = create_token(partner_client)

    # Shown once only.
    assert key not in partner_client.get(TOKENS_URL).content.decode()
    assert key not in ApiToken.objects.values_list("key_hash", flat=True)

    response = me(anon_client, bearer(key))
    assert response.status_code == 200
    assert response.json() == {
        "email": "partner@example.org",
        "name": partner_user.name,
        "role": "partner",
        "organisations": ["Kita Regenbogen"],
    }
    assert me(anon_client, api_key(key)).status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None

    revoked = partner_client.post(reverse("core:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302

    assert me(anon_client, bearer(key)).status_code == 401
    assert me(anon_client, api_key(key)).status_code == 401


def test_token_of_a_deactivated_user_no_longer_works(partner_client, partner_user, anon_client):
    key = create_token(partner_client)
    partner_user.is_active = False
    partner_user.save()

    assert me(anon_client, bearer(key)).status_code == 401


def test_coordinator_creates_a_token_too(coordinator_client, anon_client):
    key = create_token(coordinator_client)

    response = me(anon_client, bearer(key))

    assert response.status_code == 200
    assert response.json()["role"] == "coordinator"


def test_families_cannot_reach_the_token_page(family_client):
    assert family_client.get(TOKENS_URL).status_code == 403
    assert family_client.post(TOKENS_URL, {"name": "Versuch"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_logged_in_browser_session_works_too(family_client):
    response = me(family_client)

    assert response.status_code == 200
    assert response.json()["role"] == "family"


def test_a_coordinator_session_without_second_factor_does_not(client_for, coordinator_without_totp):
    assert me(client_for(coordinator_without_totp)).status_code == 401
