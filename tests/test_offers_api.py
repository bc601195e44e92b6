"""The offers API (/api/v1/offers): public read, write for partner staff with a token."""

from __future__ import annotations

import json

import pytest

from familienrathaus.core import services as core_services
from familienrathaus.core.models import OutboxMessage
from familienrathaus.offers.models import Offer
from tests.factories import OfferFactory, add_details, district, published, theme

pytestmark = pytest.mark.django_db

BASE = "/api/v1/offers"


@pytest.fixture
def token(partner_user) -> dict[str, str]:
    _token, key = core_services.create_api_token(user=partner_user, name="Website")
    return {"Authorization": f"Bearer {key}"}


def send(client, method: str, path: str, body=None, headers=None):
    return getattr(client, method)(
        path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=headers or {},
    )


def test_openapi_describes_the_offers_endpoints(anon_client):
    paths = anon_client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/offers/", "/api/v1/offers/{slug}", "/api/v1/offers/mine"} <= set(paths)
    assert "security" not in paths["/api/v1/offers/"]["get"]
    assert paths["/api/v1/offers/"]["post"]["security"]


def test_public_list_shows_published_offers_with_filters(anon_client):
    add_details(published(title="Krabbelgruppe", slug="krabbelgruppe"))
    published(title="Seniorensport", slug="seniorensport")
    OfferFactory(title="Geheimer Entwurf")

    everything = anon_client.get(BASE + "/").json()
    in_altstadt = anon_client.get(BASE + "/", {"district": "altstadt"}).json()

    assert everything["total"] == 2
    assert {item["title"] for item in everything["items"]} == {"Krabbelgruppe", "Seniorensport"}
    assert [item["slug"] for item in in_altstadt["items"]] == ["krabbelgruppe"]
    item = in_altstadt["items"][0]
    # the client asks for English (Accept-Language): the link is to the English page
    assert item["url"] == "http://testserver/en/angebote/krabbelgruppe/"
    assert item["themes"] == [{"slug": theme().slug, "name": "Gesundheit"}]
    assert {"code": "tr", "name": "Türkisch"} in item["languages"]
    assert isinstance(everything["facets"], dict)


def test_public_detail_only_for_published_offers(anon_client):
    add_details(published(title="Krabbelgruppe", slug="krabbelgruppe", description="**Hallo**"))
    OfferFactory(slug="entwurf")

    response = anon_client.get(BASE + "/krabbelgruppe")
    assert response.status_code == 200
    data = response.json()
    assert data["description_html"] == "<p><strong>Hallo</strong></p>"
    assert data["times"] == [
        {"weekday": 1, "weekday_name": "Tuesday", "opens": "09:00", "closes": "11:00", "note": ""}
    ]
    assert data["locations"][0]["district"] == "Altstadt"
    assert anon_client.get(BASE + "/entwurf").status_code == 404


def new_offer(**changes):
    body = {
        "organisation": "kita-regenbogen",
        "title": "Vorlesestunde",
        "summary": "Wir lesen Bilderbücher vor.",
        "themes": [theme("Bildung und Betreuung").slug],
        "languages": ["de", "uk"],
        "times": [{"weekday": 4, "opens": "15:00", "closes": "16:00"}],
        "locations": [
            {
                "street": "Am Markt 1",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": district("Nordviertel").slug,
                "latitude": "51.402",
                "longitude": "7.191",
            }
        ],
    }
    body.update(changes)
    return body


def test_partner_creates_a_draft_and_submits_it(anon_client, token, coordinator):
    response = send(anon_client, "post", BASE + "/", new_offer(), token)

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["slug"]) == ("draft", "vorlesestunde")
    offer = Offer.objects.get()
    assert [lang.code for lang in offer.languages.order_by("code")] == ["de", "uk"]
    assert offer.locations.get().district.name == "Nordviertel"
    assert [str(t) for t in offer.times.all()] == ["Freitag 15:00–16:00"]  # German test code

    response = send(anon_client, "post", BASE + "/vorlesestunde/submit", None, token)

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert OutboxMessage.objects.filter(purpose="offer.submitted").exists()
    again = send(anon_client, "post", BASE + "/vorlesestunde/submit", None, token)
    assert again.status_code == 409


def test_invalid_input_gets_messages_per_field(anon_client, token):
    body = new_offer(
        title="",
        themes=["gibt-es-nicht"],
        times=[{"weekday": 1, "opens": "10:00", "closes": "09:00"}],
        age_min=10,
        age_max=3,
    )

    response = send(anon_client, "post", BASE + "/", body, token)

    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert errors[("body", "themes")] == "Unknown themes: gibt-es-nicht"
    assert errors[("body", "title")] == "This field is required."
    assert errors[("body", "age_max")].startswith("“Up to age” must not be lower")
    assert errors[("body", "times", "0", "closes")] == "The end must be after the start."
    assert not Offer.objects.exists()


def test_partner_changes_a_draft(anon_client, token, organisation):
    OfferFactory(organisation=organisation, slug="vorlesen", title="Vorlesen")

    response = send(
        anon_client, "patch", BASE + "/vorlesen", {"title": "Vorlesen für Kleine"}, token
    )

    assert response.status_code == 200
    assert response.json()["result"] == "saved"
    assert Offer.objects.get().title == "Vorlesen für Kleine"
    assert Offer.objects.get().slug == "vorlesen"  # addresses stay


def test_changes_to_a_published_offer_wait_for_review(anon_client, token, organisation):
    published(organisation=organisation, slug="vorlesen", title="Vorlesen")

    response = send(anon_client, "patch", BASE + "/vorlesen", {"title": "Vorlesen NEU"}, token)

    assert response.status_code == 200
    data = response.json()
    assert data["result"] == "proposed"
    assert data["offer"]["title"] == "Vorlesen"
    assert data["offer"]["changes_pending"] == "submitted"
    assert anon_client.get(BASE + "/vorlesen").json()["title"] == "Vorlesen"


def test_mine_lists_the_offers_of_the_own_organisations_in_every_state(
    anon_client, token, organisation
):
    OfferFactory(organisation=organisation, title="Eigener Entwurf")
    OfferFactory(title="Fremder Entwurf")

    response = anon_client.get(BASE + "/mine", headers=token)

    assert [item["title"] for item in response.json()] == ["Eigener Entwurf"]
    assert response.json()[0]["status"] == "draft"


def test_writing_needs_a_token(anon_client):
    assert send(anon_client, "post", BASE + "/", new_offer()).status_code == 401
    assert anon_client.get(BASE + "/mine").status_code == 401
