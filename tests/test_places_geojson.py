"""GeoJSON of the places (RFC 7946): structure, coordinates, caching, compression."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from familienrathaus.places import demo
from familienrathaus.places.models import Place
from tests.factories import PlaceFactory, kind, make_event

pytestmark = pytest.mark.django_db

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _position(position: Any, where: str) -> None:
    assert isinstance(position, list) and len(position) in (2, 3), where
    assert all(isinstance(n, int | float) and not isinstance(n, bool) for n in position), where
    lon, lat = position[0], position[1]
    assert -180 <= lon <= 180, f"{where}: longitude {lon} out of range"
    assert -90 <= lat <= 90, f"{where}: latitude {lat} out of range"
    for number in position:
        decimals = repr(float(number)).split(".")[1] if "." in repr(float(number)) else ""
        assert len(decimals.rstrip("0")) <= 6, f"{where}: more than 6 decimals in {number}"


def validate_rfc7946(document: Any) -> None:
    """Fail unless ``document`` is a FeatureCollection of Point features per RFC 7946."""
    assert isinstance(document, dict)
    assert document.get("type") == "FeatureCollection"
    assert "crs" not in document, "RFC 7946 removed the crs member"
    assert isinstance(document.get("features"), list)
    points = []
    for index, feature in enumerate(document["features"]):
        where = f"features[{index}]"
        assert feature.get("type") == "Feature", where
        assert "crs" not in feature, where
        assert "properties" in feature and (
            feature["properties"] is None or isinstance(feature["properties"], dict)
        ), where
        if "id" in feature:
            assert isinstance(feature["id"], str | int) and not isinstance(feature["id"], bool)
        geometry = feature.get("geometry")
        assert geometry is None or geometry.get("type") in GEOMETRY_TYPES, where
        if geometry is not None and geometry["type"] == "Point":
            _position(geometry["coordinates"], where)
            points.append(geometry["coordinates"])
    if "bbox" in document:
        bbox = document["bbox"]
        assert isinstance(bbox, list) and len(bbox) == 4
        west, south, east, north = bbox
        assert south <= north
        for lon, lat in (p[:2] for p in points):
            assert south <= lat <= north and west <= lon <= east, f"{lon},{lat} outside bbox"


def get_json(client: Client, url: str, **headers: str) -> tuple[Any, Any]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body), response


def test_all_places_are_a_valid_rfc7946_feature_collection_in_lon_lat_order(
    anon_client: Client,
) -> None:
    PlaceFactory(name="Rathaus", latitude=Decimal("51.400150"), longitude=Decimal("7.189630"))
    PlaceFactory(name="Versteckt", is_published=False)

    document, _ = get_json(anon_client, "/karte/orte.geojson")

    validate_rfc7946(document)
    names = [f["properties"]["name"] for f in document["features"]]
    assert names == ["Rathaus"]
    assert document["features"][0]["geometry"]["coordinates"] == [7.18963, 51.40015]
    assert document["features"][0]["properties"]["url"] == "/karte/orte/" + (
        Place.objects.get(name="Rathaus").slug + "/"
    )


def test_the_demo_town_validates_and_every_demo_place_lies_in_the_town_area(
    anon_client: Client,
) -> None:
    demo.load()
    document, _ = get_json(anon_client, "/karte/orte.geojson")
    validate_rfc7946(document)
    west, south, east, north = demo.TOWN_AREA
    assert len(document["features"]) >= 100
    for place in Place.objects.all():
        assert place.latitude is not None and place.longitude is not None, place.name
        assert south <= float(place.latitude) <= north, place.name
        assert west <= float(place.longitude) <= east, place.name
    per_kind, _ = get_json(anon_client, "/karte/arten/notinsel.geojson")
    validate_rfc7946(per_kind)
    assert 45 <= len(per_kind["features"]) <= 60
    assert all("notinsel" in f["properties"]["kinds"] for f in per_kind["features"])


def test_per_kind_documents_hold_only_that_kind(anon_client: Client) -> None:
    PlaceFactory(name="Wickelraum Rathaus", kinds=[kind("still-und-wickelort")])
    PlaceFactory(name="Spielplatz Park", kinds=[kind("spielplatz")])

    document, _ = get_json(anon_client, "/karte/arten/still-und-wickelort.geojson")

    assert [f["properties"]["name"] for f in document["features"]] == ["Wickelraum Rathaus"]
    assert anon_client.get("/karte/arten/gibt-es-nicht.geojson").status_code == 404


def test_the_document_is_served_gzipped_and_cached_until_a_place_changes(
    anon_client: Client, django_assert_max_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    place = PlaceFactory(name="Erster Ort")
    first, response = get_json(anon_client, "/karte/orte.geojson", accept_encoding="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    etag = response["ETag"]

    with django_assert_max_num_queries(2):  # the cache lookups only, no place query
        again, _ = get_json(anon_client, "/karte/orte.geojson", accept_encoding="gzip")
    assert again == first
    assert (
        anon_client.get("/karte/orte.geojson", headers={"if-none-match": etag}).status_code == 304
    )

    with django_capture_on_commit_callbacks(execute=True):
        place.name = "Umbenannter Ort"
        place.save()
        PlaceFactory(name="Neuer Ort")

    changed, response = get_json(anon_client, "/karte/orte.geojson")
    assert "Content-Encoding" not in response  # this client did not ask for gzip
    assert sorted(f["properties"]["name"] for f in changed["features"]) == [
        "Neuer Ort",
        "Umbenannter Ort",
    ]
    assert response["ETag"] != etag


def test_filtered_documents_follow_the_open_now_and_district_filters(anon_client: Client) -> None:
    PlaceFactory(name="Immer offen", opening="täglich 0–24", closed_on_public_holidays=False)
    PlaceFactory(name="Ohne Zeiten")

    document, _ = get_json(anon_client, "/karte/orte.geojson?offen=on")

    validate_rfc7946(document)
    assert [f["properties"]["name"] for f in document["features"]] == ["Immer offen"]


def test_the_events_layer_shows_upcoming_events_with_a_place(anon_client: Client) -> None:
    """The events app fills the map's events layer (through core.registries)."""
    make_event(title="Picknick im Park", latitude="51.4", longitude="7.19")
    make_event(title="Ohne Ort")

    document, _ = get_json(anon_client, "/karte/ebenen/veranstaltungen.geojson")

    [feature] = document["features"]
    assert feature["geometry"]["coordinates"] == [7.19, 51.4]
    assert "Picknick im Park" in json.dumps(feature["properties"], ensure_ascii=False)
