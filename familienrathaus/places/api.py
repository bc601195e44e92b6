"""The places part of the API (/api/v1/places): public read access to the map's places.

The same places as the public map and list (published ones only), with the same
filters; the GeoJSON at ``/karte/orte.geojson`` is the format for map software.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from familienrathaus.places import hours, selectors
from familienrathaus.places.models import Place

router = Router(tags=["places"])


class KindOut(Schema):
    slug: str
    name: str
    icon_url: str


class PlaceOut(Schema):
    slug: str
    name: str
    kinds: list[str]
    street: str
    postcode: str
    city: str
    district: str | None
    latitude: float | None
    longitude: float | None
    opening_hours: str
    open_now: bool
    amenities: list[str]
    url: str


class PlaceFilters(Schema):
    kind: str = Field("", max_length=100, description="Slug of a kind of place")
    district: str = Field("", max_length=100, description="Slug of a district")
    open_now: bool = False


def _place(request: HttpRequest, place: Place) -> PlaceOut:
    return PlaceOut(
        slug=place.slug,
        name=place.name,
        kinds=[kind.slug for kind in place.kinds.all()],
        street=place.street,
        postcode=place.postcode,
        city=place.city,
        district=place.district.slug if place.district else None,
        latitude=float(place.latitude) if place.latitude is not None else None,
        longitude=float(place.longitude) if place.longitude is not None else None,
        opening_hours=hours.format_intervals(selectors.intervals(place)),
        open_now=bool(getattr(place, "open_now", False)),
        amenities=list(place.amenities),
        url=request.build_absolute_uri(place.get_absolute_url()),
    )


@router.get("/kinds", response=list[KindOut], summary="Kinds of places")
def list_kinds(request: HttpRequest) -> list[KindOut]:
    from django.templatetags.static import static

    return [
        KindOut(
            slug=kind.slug,
            name=kind.name,
            icon_url=request.build_absolute_uri(static(kind.icon_path)),
        )
        for kind in selectors.kinds()
    ]


@router.get("/", response=list[PlaceOut], summary="Published places")
def list_places(request: HttpRequest, filters: Query[PlaceFilters]) -> list[PlaceOut]:
    """``open_now`` is judged in Europe/Berlin at the time of the request."""
    kind = selectors.kind_by_slug(filters.kind) if filters.kind else None
    district = (
        selectors.districts().filter(slug=filters.district).first() if filters.district else None
    )
    if (filters.kind and kind is None) or (filters.district and district is None):
        return []
    places = selectors.published_places(
        selectors.Filters(kind=kind, district=district, open_now=filters.open_now)
    )
    return [_place(request, place) for place in places]
