"""The public map page, its list and filters, place pages and printable lists."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.places import selectors
from familienrathaus.places.models import OpeningException
from tests.factories import OrganisationFactory, PlaceFactory, kind, make_event, make_offer

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_map_page_names_its_geojson_and_lists_the_places_without_javascript(
    anon_client: Client,
) -> None:
    PlaceFactory(name="Stadtbibliothek", kinds=[kind("still-und-wickelort")])
    PlaceFactory(name="Nicht veröffentlicht", is_published=False)

    response = anon_client.get("/karte/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<link rel="alternate" type="application/geo+json" href="/karte/orte.geojson"' in html
    assert 'href="/karte/arten/notinsel.geojson"' in html
    assert "Stadtbibliothek" in html
    assert "Nicht veröffentlicht" not in html
    assert "Load map" in html  # two-click: nothing from the tile server before the click
    # On a phone the list starts far down: a link jumps there, to a heading that exists.
    assert 'href="#list-heading">Straight to the list of places<' in html
    assert 'id="list-heading"' in html
    assert (
        "tile.openstreetmap.org/{z}" in html
        and "<img" not in html.split('id="places-map"')[1].split("</section>")[0]
    )
    assert "<script>" not in html and " style=" not in html  # strict CSP: static files only


def test_the_list_filters_by_kind_district_and_open_now(anon_client: Client) -> None:
    north = District.objects.create(name="Nordviertel", slug="nordviertel")
    PlaceFactory(
        name="Apotheke Nord",
        kinds=[kind("notinsel")],
        district=north,
        opening="täglich 0–24",
        closed_on_public_holidays=False,
    )
    closed = PlaceFactory(
        name="Bäckerei Nord", kinds=[kind("notinsel")], district=north, opening="täglich 0–24"
    )
    today = timezone.localdate()
    OpeningException.objects.create(place=closed, starts_on=today, ends_on=today)
    PlaceFactory(name="Spielplatz Süd", kinds=[kind("spielplatz")])

    by_kind = anon_client.get("/karte/", {"art": "notinsel"}).content.decode()
    assert "Apotheke Nord" in by_kind and "Bäckerei Nord" in by_kind
    assert "Spielplatz Süd" not in by_kind

    by_district = anon_client.get("/karte/", {"ortsteil": "nordviertel"}).content.decode()
    assert "Spielplatz Süd" not in by_district and "Apotheke Nord" in by_district

    open_now = anon_client.get("/karte/", {"art": "notinsel", "offen": "on"}).content.decode()
    assert "Apotheke Nord" in open_now
    assert "Bäckerei Nord" not in open_now
    assert "open now" in open_now


def test_the_place_page_says_whether_it_is_open_and_carries_schema_org_place(
    anon_client: Client,
) -> None:
    place = PlaceFactory(
        name="Rathaus Musterstadt",
        kinds=[kind("still-und-wickelort")],
        opening="täglich 0–24",
        closed_on_public_holidays=False,
        amenities=["changing_table", "step_free"],
    )

    response = anon_client.get(place.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "Open now" in html
    assert "Changing table" in html and "Step-free access" in html
    data = json_ld(html)
    assert data["@type"] == "Place"
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": float(place.latitude),
        "longitude": float(place.longitude),
    }
    assert len(data["openingHoursSpecification"]) == 7
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    assert data["openingHoursSpecification"][0]["closes"] == "24:00"


def test_a_closure_today_shows_closed_with_the_reason(anon_client: Client) -> None:
    place = PlaceFactory(name="Bibliothek", opening="täglich 0–24")
    today = timezone.localdate()
    OpeningException.objects.create(
        place=place, starts_on=today, ends_on=today + dt.timedelta(days=2), note="Inventur"
    )

    html = anon_client.get(place.get_absolute_url()).content.decode()

    assert "Closed now" in html
    assert "Inventur" in html
    assert not selectors.is_open_now(selectors.published_place(place.slug))  # type: ignore[arg-type]


def test_unpublished_places_have_no_page(anon_client: Client) -> None:
    place = PlaceFactory(is_published=False)
    assert anon_client.get(place.get_absolute_url()).status_code == 404


def test_the_printable_list_of_a_district_is_a_pdf(anon_client: Client) -> None:
    district = District.objects.create(name="Altstadt", slug="altstadt")
    PlaceFactory(name="Rathaus", district=district, opening="Mo–Fr 8–16")

    response = anon_client.get("/karte/ortsteile/altstadt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert anon_client.get("/karte/ortsteile/nirgendwo.pdf").status_code == 404


def test_offers_with_a_location_are_their_own_layer(anon_client: Client) -> None:
    from familienrathaus.offers.models import Offer, OfferLocation

    offer = make_offer(OrganisationFactory(), "Elterncafé", status=Offer.Status.PUBLISHED)
    OfferLocation.objects.create(
        offer=offer, street="Markt 1", postcode="12345", city="Musterstadt",
        latitude="51.400000", longitude="7.190000",
    )  # fmt: skip
    draft = make_offer(OrganisationFactory(), "Entwurf")
    OfferLocation.objects.create(
        offer=draft, street="Markt 2", postcode="12345", city="Musterstadt",
        latitude="51.400000", longitude="7.190000",
    )  # fmt: skip

    data = json.loads(anon_client.get("/karte/ebenen/angebote.geojson").content)

    assert [f["properties"]["name"] for f in data["features"]] == ["Elterncafé"]
    assert data["features"][0]["geometry"]["coordinates"] == [7.19, 51.4]
    events = anon_client.get("/karte/ebenen/veranstaltungen.geojson")
    assert events.status_code == 200 and json.loads(events.content)["type"] == "FeatureCollection"


def test_the_map_is_in_the_main_navigation(anon_client: Client) -> None:
    html = anon_client.get("/").content.decode()
    assert 'href="/karte/"' in html


def test_upcoming_events_with_coordinates_are_a_layer_of_their_own(anon_client: Client) -> None:
    from familienrathaus.events.models import Event

    make_event(title="Familienfest im Park", latitude="51.401000", longitude="7.191000")
    make_event(title="Ohne Ort auf der Karte")
    make_event(
        title="Noch ein Entwurf", status=Event.Status.DRAFT, latitude="51.4", longitude="7.19"
    )

    data = json.loads(anon_client.get("/karte/ebenen/veranstaltungen.geojson").content)

    assert [f["properties"]["name"] for f in data["features"]] == ["Familienfest im Park"]
    feature = data["features"][0]
    assert feature["geometry"]["coordinates"] == [7.191, 51.401]
    assert feature["properties"]["url"].startswith("/")
    assert feature["properties"]["start"]


def test_the_csp_allows_pictures_from_the_configured_tile_server_only(
    anon_client: Client, settings: Any
) -> None:
    def img_src() -> list[str]:
        policy = anon_client.get("/karte/")["Content-Security-Policy"]
        return next(p for p in policy.split(";") if p.strip().startswith("img-src")).split()

    assert img_src() == ["img-src", "'self'", "data:", "https://tile.openstreetmap.org"]
    settings.PLACES_TILE_URL = "https://{s}.karten.example.org/{z}/{x}/{y}.png"
    assert img_src() == ["img-src", "'self'", "data:", "https://*.karten.example.org"]
    # The browser fetches no data from the tile server.
    connect_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"]
    assert connect_src == ["'self'"]


def test_the_api_lists_published_places_with_the_same_filters(anon_client: Client) -> None:
    PlaceFactory(
        name="Apotheke Nord",
        kinds=[kind("notinsel")],
        opening="täglich 0–24",
        closed_on_public_holidays=False,
    )
    PlaceFactory(name="Spielplatz", kinds=[kind("spielplatz")])
    PlaceFactory(name="Versteckt", kinds=[kind("notinsel")], is_published=False)

    everything = anon_client.get("/api/v1/places/").json()
    assert sorted(p["name"] for p in everything) == ["Apotheke Nord", "Spielplatz"]
    notinseln = anon_client.get("/api/v1/places/", {"kind": "notinsel", "open_now": "true"}).json()
    assert [p["name"] for p in notinseln] == ["Apotheke Nord"]
    assert notinseln[0]["open_now"] is True
    assert notinseln[0]["opening_hours"] == "Mo–So 00:00–24:00"
    kinds = anon_client.get("/api/v1/places/kinds").json()
    assert {"slug": "notinsel", "name": "Notinsel"}.items() <= kinds[0].items()
