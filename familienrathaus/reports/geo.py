"""Plain geometry on GeoJSON outlines of districts: no database, no GIS library.

Coordinates are WGS84 as GeoJSON writes them, ``[longitude, latitude]``. Functions
return and take ``(latitude, longitude)`` where a person thinks of a point.

- :func:`parse_geometry` checks what came from a file or the drawing on the map
  (a Geometry or a Feature; Polygon or MultiPolygon, closed rings, sensible ranges) and
  returns a clean geometry; anything else raises ``ValueError`` with a message a
  coordinator understands (translatable).
- :func:`features_of`: the features of a FeatureCollection (properties, geometry).
- :func:`centroid`, :func:`contains` (ray casting, holes respected), :func:`bounds`,
  :func:`distance_km` (haversine).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

Ring = list[list[float]]
Polygon = list[Ring]

EARTH_RADIUS_KM = 6371.0088


def _polygons(geometry: dict[str, Any]) -> list[Polygon]:
    """The polygons of a (clean) Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _point(value: Any) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise ValueError(_("A corner of the outline is not a pair of coordinates."))
    lon, lat = value[0], value[1]
    if isinstance(lon, bool) or isinstance(lat, bool):
        raise ValueError(_("A corner of the outline is not a pair of coordinates."))
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValueError(_("A corner of the outline is not a pair of coordinates.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError(_("A corner of the outline is not a pair of coordinates."))
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        raise ValueError(
            _(
                "A corner lies outside the valid range (longitude −180 to 180, latitude "
                "−90 to 90). The file must use WGS84 (EPSG:4326) coordinates."
            )
        )
    return [lon, lat]


def _ring(value: Any) -> Ring:
    if not isinstance(value, list | tuple):
        raise ValueError(_("The outline's rings are not lists of corners."))
    points = [_point(p) for p in value]
    if len(points) < 4:
        raise ValueError(_("An outline needs at least three corners."))
    if points[0] != points[-1]:
        raise ValueError(_("An outline's ring is not closed (first and last corner differ)."))
    if len({(p[0], p[1]) for p in points[:-1]}) < 3:
        raise ValueError(_("An outline needs at least three different corners."))
    return points


def _polygon(value: Any) -> Polygon:
    if not isinstance(value, list | tuple) or not value:
        raise ValueError(_("A polygon of the outline has no rings."))
    return [_ring(r) for r in value]


def parse_geometry(obj: Any) -> dict[str, Any]:
    """A clean ``{"type": "Polygon"|"MultiPolygon", "coordinates": ...}`` from a
    Geometry or a Feature; ``ValueError`` with a translatable message otherwise."""
    if not isinstance(obj, dict):
        raise ValueError(_("This is not a GeoJSON object."))
    if obj.get("type") == "Feature":
        obj = obj.get("geometry")
        if not isinstance(obj, dict):
            raise ValueError(_("The feature has no geometry."))
    kind = obj.get("type")
    coordinates = obj.get("coordinates")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(coordinates)}
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise ValueError(_("The multipolygon has no polygons."))
        return {"type": "MultiPolygon", "coordinates": [_polygon(p) for p in coordinates]}
    if kind == "FeatureCollection":
        raise ValueError(_("This is a collection of several areas; please import it as a file."))
    raise ValueError(
        _("An outline must be a Polygon or MultiPolygon (this is “%(kind)s”).")
        % {"kind": str(kind or "?")[:40]}
    )


def features_of(collection: Any) -> list[tuple[dict[str, Any], Any]]:
    """``[(properties, geometry), ...]`` of a FeatureCollection (a single Feature counts
    as a collection of one). The geometries are not checked: :func:`parse_geometry`."""
    if not isinstance(collection, dict):
        raise ValueError(_("The file does not contain a GeoJSON object."))
    if collection.get("type") == "Feature":
        features: Any = [collection]
    elif collection.get("type") == "FeatureCollection":
        features = collection.get("features")
    else:
        raise ValueError(_("The file is not a GeoJSON FeatureCollection."))
    if not isinstance(features, list):
        raise ValueError(_("The file is not a GeoJSON FeatureCollection."))
    result = []
    for feature in features:
        if not isinstance(feature, dict):
            raise ValueError(_("An entry of the collection is not a feature."))
        properties = feature.get("properties")
        result.append((properties if isinstance(properties, dict) else {}, feature.get("geometry")))
    return result


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area (in degrees², planar) and centroid (x=lon, y=lat) of a ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        xs = [p[0] for p in ring[:-1]]
        ys = [p[1] for p in ring[:-1]]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """The area-weighted centre ``(lat, lon)`` of a Polygon or MultiPolygon (holes
    subtracted). Planar in degrees: good enough at the size of a town."""
    total = sx = sy = 0.0
    fallback: list[tuple[float, float]] = []
    for polygon in _polygons(geometry):
        for index, ring in enumerate(polygon):
            area, x, y = _ring_area_centroid(ring)
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            sx += x * weight
            sy += y * weight
            if index == 0:
                fallback.append((y, x))
    if total == 0:
        lat = sum(p[0] for p in fallback) / len(fallback)
        lon = sum(p[1] for p in fallback) / len(fallback)
        return lat, lon
    return sy / total, sx / total


def _in_ring(ring: Ring, lat: float, lon: float) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > lat) != (y1 > lat):
            x_cross = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
            if lon < x_cross:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any], lat: float, lon: float) -> bool:
    """Whether the point lies inside the outline (ray casting; holes excluded)."""
    lat, lon = float(lat), float(lon)
    for polygon in _polygons(geometry):
        if _in_ring(polygon[0], lat, lon) and not any(
            _in_ring(hole, lat, lon) for hole in polygon[1:]
        ):
            return True
    return False


def bounds(geometries: Iterable[dict[str, Any]]) -> tuple[float, float, float, float]:
    """``(min_lat, min_lon, max_lat, max_lon)`` over all outlines; ``ValueError`` when
    there are none."""
    lats: list[float] = []
    lons: list[float] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for lon, lat, *_rest in polygon[0]:
                lats.append(lat)
                lons.append(lon)
    if not lats:
        raise ValueError("no outlines")
    return min(lats), min(lons), max(lats), max(lons)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
