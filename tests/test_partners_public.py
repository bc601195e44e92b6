"""The public partner list (/partner/) and partner page (/partner/<slug>/)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from tests.factories import (
    AddressFactory,
    ContactPersonFactory,
    DistrictFactory,
    OfferFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partners:list")


def page_text(response) -> str:
    return response.content.decode()


def card_names(response) -> list[str]:
    return re.findall(
        r'<a class="kern-link--stretched" href="/partner/[^"]+">([^<]+)</a>', page_text(response)
    )


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page_text(response), re.S
    )
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- list


def test_the_list_shows_only_public_organisations_by_name(anon_client):
    OrganisationFactory(name="Zirkusschule Manege")
    OrganisationFactory(name="AWO Ortsverein")
    OrganisationFactory(name="Geheimer Arbeitskreis", is_public=False)

    response = anon_client.get(LIST_URL)

    assert response.status_code == 200
    assert card_names(response) == ["AWO Ortsverein", "Zirkusschule Manege"]
    assert "2 partners" in page_text(response)


def test_the_list_filters_by_kind_and_searches_the_name(anon_client):
    OrganisationFactory(name="Kita Regenbogen", kind=Organisation.Kind.EDUCATION)
    OrganisationFactory(name="Kita Sonnenschein", kind=Organisation.Kind.EDUCATION)
    OrganisationFactory(name="Regenbogen-Apotheke", kind=Organisation.Kind.SHOP)

    by_kind = anon_client.get(LIST_URL, {"kind": "geschaeft"})
    by_name = anon_client.get(LIST_URL, {"q": "regenbogen"})
    both = anon_client.get(LIST_URL, {"q": "Regenbogen", "kind": "bildung"})

    assert card_names(by_kind) == ["Regenbogen-Apotheke"]
    assert card_names(by_name) == ["Kita Regenbogen", "Regenbogen-Apotheke"]
    assert card_names(both) == ["Kita Regenbogen"]
    # The form keeps what was searched for.
    assert 'value="Regenbogen"' in page_text(both)


def test_an_empty_result_says_so(anon_client):
    OrganisationFactory(name="Kita Regenbogen")

    response = anon_client.get(LIST_URL, {"q": "Zahnarzt"})

    assert card_names(response) == []
    assert "No partner matches your search" in page_text(response)


def test_the_list_is_paginated_and_keeps_the_filter(anon_client):
    for number in range(25):
        OrganisationFactory(name=f"Verein {number:02d}", kind=Organisation.Kind.ASSOCIATION)
    OrganisationFactory(name="Kita", kind=Organisation.Kind.EDUCATION)

    first = anon_client.get(LIST_URL, {"kind": "verein"})
    second = anon_client.get(LIST_URL, {"kind": "verein", "page": 2})

    assert len(card_names(first)) == 20
    assert card_names(second) == [f"Verein {n}" for n in range(20, 25)]
    assert 'href="?kind=verein&amp;page=2"' in page_text(first)
    assert "Page 2 of 2" in page_text(second)


def test_partners_is_in_the_main_navigation(anon_client):
    html = page_text(anon_client.get("/"))

    nav = html[html.index('class="frh-nav"') :]
    assert f'<a href="{LIST_URL}">Partners</a>' in nav


# --------------------------------------------------------------------------- page


def test_the_partner_page_shows_the_profile(anon_client):
    district = DistrictFactory(name="Südstadt", slug="suedstadt-test")
    organisation = OrganisationFactory(
        name="Familienzentrum Sonnenblume",
        description="Wir bieten **Elterncafé** und Beratung.\n\n- Krabbelgruppe\n- Stillcafé",
        website="https://sonnenblume.example.org",
        email="info@sonnenblume.example.org",
        phone="01234 5678-50",
        instagram_url="https://instagram.com/sonnenblume",
    )
    AddressFactory(
        organisation=organisation,
        label="Familiencafé",
        street="Fliederweg 8",
        district=district,
    )

    response = anon_client.get(organisation.get_absolute_url())

    html = page_text(response)
    assert response.status_code == 200
    assert "<h1" in html and "Familienzentrum Sonnenblume</h1>" in html
    assert "<strong>Elterncafé</strong>" in html
    assert "<li>Krabbelgruppe</li>" in html
    assert 'href="https://sonnenblume.example.org"' in html
    assert 'href="mailto:info@sonnenblume.example.org"' in html
    assert 'href="https://instagram.com/sonnenblume"' in html
    assert "Fliederweg 8<br>12345 Musterstadt" in html
    assert "District: Südstadt" in html


def test_only_contacts_who_agreed_are_shown(anon_client):
    organisation = OrganisationFactory()
    public = ContactPersonFactory(organisation=organisation, name="Monika Brandt")
    ContactPersonFactory(organisation=organisation, name="Geheime Person", is_public=False)

    html = page_text(anon_client.get(organisation.get_absolute_url()))

    assert "Monika Brandt" in html
    assert "Geheime Person" not in html
    assert reverse("partners:contact_vcard", args=[organisation.slug, public.pk]) in html


def test_the_logo_has_its_alternative_text(anon_client, settings, tmp_path):
    from django.core.files.base import ContentFile

    organisation = OrganisationFactory(logo_alt="Logo: eine Sonnenblume")
    organisation.logo.save("logo.png", ContentFile(b"\x89PNG fake"), save=True)

    html = page_text(anon_client.get(organisation.get_absolute_url()))

    assert re.search(
        r'<img class="frh-partner__logo" src="[^"]+logo[^"]*\.png" alt="Logo: eine Sonnenblume"',
        html,
    )


def test_the_page_lists_only_published_offers(anon_client):
    organisation = OrganisationFactory()
    offer = OfferFactory(organisation=organisation, title="Babymassage", published=True)
    OfferFactory(
        organisation=organisation, title="Entwurf Krabbelgruppe", status=Offer.Status.DRAFT
    )
    OfferFactory(organisation=organisation, title="Altes Angebot", status=Offer.Status.ARCHIVED)
    OfferFactory(title="Angebot eines anderen Partners", published=True)

    html = page_text(anon_client.get(organisation.get_absolute_url()))

    # an English page: the untranslated German title is marked as German
    assert f'<a href="/angebote/{offer.slug}/"><span lang="de">Babymassage</span></a>' in html
    for hidden in ("Entwurf Kurs", "Altes Angebot", "Angebot eines anderen"):
        assert hidden not in html


def test_a_partner_without_offers_says_so(anon_client):
    organisation = OrganisationFactory()

    html = page_text(anon_client.get(organisation.get_absolute_url()))

    assert "no offers in the family guide" in html


def test_description_cannot_inject_html_or_script(anon_client):
    organisation = OrganisationFactory(
        description='<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[Klick](javascript:alert(3))"
    )

    html = page_text(anon_client.get(organisation.get_absolute_url()))

    body = html[html.index("<main") :]
    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_json_ld_describes_the_organisation(anon_client):
    organisation = OrganisationFactory(
        name="Caritasverband Musterstadt",
        description="Wir **beraten** Familien & Kinder.\n\n- Schulden",
        email="info@caritas.example.org",
        website="https://caritas.example.org",
    )
    AddressFactory(organisation=organisation, street="Kirchstraße 12")
    ContactPersonFactory(organisation=organisation, name="Monika Brandt", role="Leitung")
    ContactPersonFactory(organisation=organisation, name="Nicht Öffentlich", is_public=False)

    data = json_ld(anon_client.get(organisation.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Caritasverband Musterstadt"
    assert data["description"] == "Wir beraten Familien & Kinder. Schulden"
    assert data["url"] == f"http://testserver/en/partner/{organisation.slug}/"  # the English page
    assert data["sameAs"] == ["https://caritas.example.org"]
    assert data["address"][0]["streetAddress"] == "Kirchstraße 12"
    assert data["location"][0]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 51.400812,
        "longitude": 7.188215,
    }
    assert [point["name"] for point in data["contactPoint"]] == ["Monika Brandt"]


def test_json_ld_cannot_break_out_of_its_script_element(anon_client):
    organisation = OrganisationFactory(
        name="Böse </script><script>alert(1)</script> & Co",
        description="</script><script>alert(2)</script>",
    )

    response = anon_client.get(organisation.get_absolute_url())

    html = page_text(response)
    head = html[: html.index("</head>")]
    assert head.count("<script") == 1
    assert "alert(1)</script>" not in head
    data = json_ld(response)
    assert data["name"] == "Böse </script><script>alert(1)</script> & Co"


def test_a_hidden_organisation_is_not_found_by_the_public(anon_client, family_client):
    organisation = OrganisationFactory(is_public=False)

    assert anon_client.get(organisation.get_absolute_url()).status_code == 404
    assert family_client.get(organisation.get_absolute_url()).status_code == 404


def test_a_hidden_organisation_is_previewed_by_its_own_staff(partner_client, organisation):
    organisation.is_public = False
    organisation.save()

    response = partner_client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert "This page is not public" in page_text(response)
    assert reverse("partners:backoffice_edit", args=[organisation.pk]) in page_text(response)


def test_an_unknown_partner_is_not_found(anon_client):
    assert anon_client.get("/partner/gibt-es-nicht/").status_code == 404
