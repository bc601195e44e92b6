"""GeoJSON (RFC 7946) of the published places: for everything and per kind, cached.

Coordinates are ``[longitude, latitude]`` with at most six decimals (about 10 cm),
there is no ``crs`` member, and the collection carries its ``bbox``. Properties are
kept small (name, kinds, district, address of the place page), so 5,000 places stay
well below 300 KB after gzip.

The documents of the unfiltered map (all places, or one kind) are built once and
kept *gzipped* in the shared cache under a version token; every change to a place or
a kind deletes the token (after the transaction commits), so the next request
builds them anew. Cache keys are per alliance (``core.tenancy.cache_key``), so each
alliance has its own documents and token. Filtered documents ("open now", a district)
are built per request.
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from familienrathaus.core import tenancy
from familienrathaus.places.models import Place, PlaceKind
from familienrathaus.places.selectors import Located

VERSION_KEY = "places:geojson:version"
DOCUMENT_TIMEOUT = 24 * 60 * 60
CONTENT_TYPE = "application/geo+json"


def _coordinate(value: Any) -> float:
    return round(float(value), 6)


def feature(place: Place, kind_slugs: Sequence[str], url_prefix: str = "") -> dict[str, Any]:
    properties: dict[str, Any] = {
        "name": place.name,
        "kinds": list(kind_slugs),
        "url": f"{url_prefix}{place.slug}/" if url_prefix else place.get_absolute_url(),
    }
    if place.district_id is not None:
        properties["district"] = place.district.slug if place.district else None
    if getattr(place, "open_now", None) is not None:
        properties["open"] = place.open_now  # type: ignore[attr-defined]
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": {
            "type": "Point",
            "coordinates": [_coordinate(place.longitude), _coordinate(place.latitude)],
        },
        "properties": properties,
    }


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {"type": "FeatureCollection"}
    if features:
        lons = [f["geometry"]["coordinates"][0] for f in features]
        lats = [f["geometry"]["coordinates"][1] for f in features]
        document["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    document["features"] = features
    return document


def place_features(places: Iterable[Place]) -> list[dict[str, Any]]:
    # One reverse() instead of one per place: 5,000 of them took a second.
    prefix = reverse("places:detail", kwargs={"slug": "x"})[: -len("x/")]
    return [
        feature(place, [kind.slug for kind in place.kinds.all()], prefix)
        for place in places
        if place.latitude is not None and place.longitude is not None
    ]


def located_features(items: Iterable[Located], layer: str) -> list[dict[str, Any]]:
    features = []
    for number, item in enumerate(items, start=1):
        properties: dict[str, Any] = {"name": item.title, "url": item.url, "layer": layer}
        if item.when:
            properties["start"] = item.when
        features.append(
            {
                "type": "Feature",
                "id": f"{layer}-{number}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [_coordinate(item.longitude), _coordinate(item.latitude)],
                },
                "properties": properties,
            }
        )
    return features


def dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def build(kind: PlaceKind | None = None) -> bytes:
    """The unfiltered document, straight from the database: two queries of plain values
    (no model instances, which took most of the time for 5,000 places)."""
    queryset = Place.objects.filter(
        is_published=True, latitude__isnull=False, longitude__isnull=False
    )
    if kind is not None:
        queryset = queryset.filter(kinds=kind)
    rows = list(
        queryset.order_by("pk").values_list(
            "pk", "name", "slug", "latitude", "longitude", "district__slug"
        )
    )
    kinds: dict[int, list[str]] = {}
    links = Place.kinds.through.objects.filter(place__in=queryset).order_by(
        "placekind__position", "placekind__name"
    )
    for place_id, slug in links.values_list("place_id", "placekind__slug"):
        kinds.setdefault(place_id, []).append(slug)
    prefix = reverse("places:detail", kwargs={"slug": "x"})[: -len("x/")]
    features = []
    for pk, name, slug, latitude, longitude, district in rows:
        properties: dict[str, Any] = {"name": name, "kinds": kinds.get(pk, [])}
        properties["url"] = f"{prefix}{slug}/"
        if district is not None:
            properties["district"] = district
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [_coordinate(longitude), _coordinate(latitude)],
                },
                "properties": properties,
            }
        )
    return dumps(collection(features))


@dataclass(frozen=True)
class Document:
    etag: str
    gzipped: bytes

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.gzipped)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return str(version)


def cached(kind: PlaceKind | None = None) -> Document:
    version = _version()
    name = kind.slug if kind is not None else "all"
    key = f"places:geojson:{version}:{name}"
    stored = cache.get(key)
    if stored is not None:
        return Document(*stored)
    content = build(kind)
    document = Document(
        etag=f'"{version[:16]}-{name}"', gzipped=gzip.compress(content, compresslevel=9, mtime=0)
    )
    cache.set(key, (document.etag, document.gzipped), DOCUMENT_TIMEOUT)
    return document


def _forget() -> None:
    cache.delete(VERSION_KEY)


def invalidate() -> None:
    """Forget the cached documents once the current transaction commits: those of the
    alliance active now (the cache keys are per alliance, and the commit may come after
    the alliance's block has ended)."""
    alliance = tenancy.current()
    if alliance is None:
        transaction.on_commit(_forget)
        return

    def forget() -> None:
        with tenancy.activate(alliance):
            _forget()

    transaction.on_commit(forget)
