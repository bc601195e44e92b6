"""The reports' plain geometry (reports/geo.py): no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from familienrathaus.reports import geo

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[7.0, 51.0], [7.2, 51.0], [7.2, 51.2], [7.0, 51.2], [7.0, 51.0]]],
}
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        SQUARE["coordinates"][0],
        [[7.05, 51.05], [7.15, 51.05], [7.15, 51.15], [7.05, 51.15], [7.05, 51.05]],
    ],
}


def test_parse_accepts_polygon_feature_and_multipolygon():
    assert geo.parse_geometry(SQUARE) == SQUARE
    feature = {"type": "Feature", "properties": {"name": "A"}, "geometry": SQUARE}
    assert geo.parse_geometry(feature) == SQUARE
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    assert geo.parse_geometry(multi)["type"] == "MultiPolygon"


@pytest.mark.parametrize(
    ("obj", "words"),
    [
        ({"type": "Point", "coordinates": [7, 51]}, "Polygon"),
        (
            {"type": "Polygon", "coordinates": [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51.1]]]},
            "closed",
        ),
        (
            {"type": "Polygon", "coordinates": [[[700, 51], [7.1, 51], [7.1, 51.1], [700, 51]]]},
            "WGS84",
        ),
        ("nonsense", "GeoJSON"),
    ],
)
def test_parse_rejects_with_a_message(obj, words):
    # The messages are for people: checked in English, whatever an earlier test activated.
    with translation.override("en"), pytest.raises(ValueError, match=words):
        geo.parse_geometry(obj)


def test_features_of_a_collection():
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": SQUARE}],
    }
    assert geo.features_of(collection) == [({"name": "A"}, SQUARE)]
    with pytest.raises(ValueError):
        geo.features_of({"type": "Polygon"})


def test_centroid_contains_and_holes():
    lat, lon = geo.centroid(SQUARE)
    assert lat == pytest.approx(51.1)
    assert lon == pytest.approx(7.1)
    assert geo.contains(SQUARE, 51.1, 7.1)
    assert not geo.contains(SQUARE, 51.3, 7.1)
    assert not geo.contains(WITH_HOLE, 51.1, 7.1)  # in the hole
    assert geo.contains(WITH_HOLE, 51.02, 7.02)


def test_bounds_and_distance():
    assert geo.bounds([SQUARE]) == (51.0, 7.0, 51.2, 7.2)
    # one degree of latitude is about 111 km
    assert geo.distance_km(51.0, 7.0, 52.0, 7.0) == pytest.approx(111.2, abs=0.2)
    assert geo.distance_km(51.0, 7.0, 51.0, 7.0) == 0
