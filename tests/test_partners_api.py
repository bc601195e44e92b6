"""/api/v1/partners: public read; partner staff change their own profile with a token."""

from __future__ import annotations

import json

import pytest

from familienrathaus.core.models import AuditEntry
from familienrathaus.core.services import create_api_token
from familienrathaus.partners.models import Organisation
from tests.factories import (
    AddressFactory,
    ContactPersonFactory,
    DistrictFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partners"


def bearer(user) -> dict[str, str]:
    _token, key = create_api_token(user=user, name="Test")
    return {"Authorization": f"Bearer {key}"}


def patch(client, slug: str, data: dict, headers: dict | None = None):
    return client.patch(
        f"{BASE}/{slug}", json.dumps(data), content_type="application/json", headers=headers or {}
    )


# --------------------------------------------------------------------------- read


def test_the_list_is_public_and_shows_only_public_organisations(anon_client):
    OrganisationFactory(name="Kita Regenbogen", slug="kita-regenbogen", kind="bildung")
    OrganisationFactory(name="Verborgen", is_public=False)

    response = anon_client.get(f"{BASE}/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["slug"] == "kita-regenbogen"
    assert item["kind"] == "bildung"
    assert item["kind_label"] == "Daycare or school"
    # An English answer (Accept-Language) links the English page.
    assert item["url"] == "http://testserver/en/partner/kita-regenbogen/"


def test_the_list_filters_searches_and_pages(anon_client):
    for number in range(5):
        OrganisationFactory(name=f"Sportverein {number}", kind="verein")
    OrganisationFactory(name="Sportgeschäft Lauf", kind="geschaeft")

    filtered = anon_client.get(f"{BASE}/", {"kind": "verein", "page_size": 2, "page": 3})
    searched = anon_client.get(f"{BASE}/", {"q": "lauf"})

    assert filtered.json()["count"] == 5
    assert filtered.json()["page"] == 3
    assert [i["name"] for i in filtered.json()["items"]] == ["Sportverein 4"]
    assert [i["name"] for i in searched.json()["items"]] == ["Sportgeschäft Lauf"]


@pytest.mark.parametrize(
    "params", [{"kind": "raumschiff"}, {"page": 0}, {"page_size": 101}], ids=str
)
def test_wrong_list_parameters_are_refused(anon_client, params):
    assert anon_client.get(f"{BASE}/", params).status_code == 422


def test_the_detail_has_addresses_and_only_public_contacts(anon_client):
    organisation = OrganisationFactory(slug="caritas", description="**Beratung**")
    district = DistrictFactory(name="Altstadt", slug="altstadt-api")
    AddressFactory(organisation=organisation, street="Kirchstraße 12", district=district)
    public = ContactPersonFactory(organisation=organisation, name="Monika Brandt")
    ContactPersonFactory(organisation=organisation, name="Geheim", is_public=False)

    response = anon_client.get(f"{BASE}/caritas")

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "**Beratung**"
    assert body["addresses"] == [
        {
            "label": "",
            "street": "Kirchstraße 12",
            "postcode": "12345",
            "city": "Musterstadt",
            "district": "Altstadt",
            "latitude": 51.400812,
            "longitude": 7.188215,
        }
    ]
    assert [c["name"] for c in body["contacts"]] == ["Monika Brandt"]
    assert body["contacts"][0]["vcard_url"].endswith(f"/partner/caritas/kontakt/{public.pk}.vcf")


def test_a_hidden_or_unknown_organisation_is_not_found(anon_client):
    OrganisationFactory(slug="verborgen", is_public=False)

    assert anon_client.get(f"{BASE}/verborgen").status_code == 404
    assert anon_client.get(f"{BASE}/gibt-es-nicht").status_code == 404


# --------------------------------------------------------------------------- write


def test_staff_change_their_own_profile_with_a_token(anon_client, partner_user, organisation):
    response = patch(
        anon_client,
        organisation.slug,
        {"description": "Neu: *Waldgruppe*", "website": "https://kita.example.org"},
        bearer(partner_user),
    )

    assert response.status_code == 200
    assert response.json()["description"] == "Neu: *Waldgruppe*"
    organisation.refresh_from_db()
    assert organisation.website == "https://kita.example.org"
    assert organisation.name == "Kita Regenbogen"  # not sent, not changed
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == partner_user
    assert set(entry.changes) == {"description", "website"}


def test_staff_cannot_change_another_organisation(anon_client, partner_user):
    other = OrganisationFactory(name="Fremder Verein")

    response = patch(anon_client, other.slug, {"name": "Übernommen"}, bearer(partner_user))

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Fremder Verein"
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_staff_cannot_make_their_organisation_trusted(anon_client, partner_user, organisation):
    response = patch(anon_client, organisation.slug, {"is_trusted": True}, bearer(partner_user))

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.is_trusted is False


def test_coordinators_change_any_organisation(anon_client, coordinator):
    other = OrganisationFactory(name="Fremder Verein")

    response = patch(
        anon_client, other.slug, {"phone": "01234 1111", "is_trusted": True}, bearer(coordinator)
    )

    assert response.status_code == 200
    other.refresh_from_db()
    assert other.phone == "01234 1111"
    assert other.is_trusted is True


def test_writing_needs_a_token(anon_client, organisation):
    assert patch(anon_client, organisation.slug, {"name": "X"}).status_code == 401
    organisation.refresh_from_db()
    assert organisation.name == "Kita Regenbogen"


def test_invalid_values_are_refused_with_the_field_named(anon_client, partner_user, organisation):
    response = patch(
        anon_client,
        organisation.slug,
        {"email": "kein-mail", "website": "nicht eine url", "name": ""},
        bearer(partner_user),
    )

    assert response.status_code == 422
    fields = {error["loc"][-1] for error in response.json()["detail"]}
    assert fields == {"email", "website", "name"}
    organisation.refresh_from_db()
    assert organisation.email == ""


def test_the_alt_text_of_an_existing_logo_cannot_be_emptied(
    anon_client, partner_user, organisation
):
    from django.core.files.base import ContentFile

    organisation.logo_alt = "Logo"
    organisation.logo.save("logo.png", ContentFile(b"png"), save=True)

    response = patch(anon_client, organisation.slug, {"logo_alt": ""}, bearer(partner_user))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "logo_alt"]


def test_an_unknown_kind_is_refused(anon_client, partner_user, organisation):
    response = patch(anon_client, organisation.slug, {"kind": "raumschiff"}, bearer(partner_user))

    assert response.status_code == 422
    assert Organisation.objects.get(pk=organisation.pk).kind == "bildung"


def test_the_openapi_document_has_the_partner_endpoints(anon_client):
    document = anon_client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/partners/", "/api/v1/partners/{slug}"} <= set(document["paths"])
    assert "security" not in document["paths"]["/api/v1/partners/"]["get"]
    assert document["paths"]["/api/v1/partners/{slug}"]["patch"]["security"]
