"""Reads of the places app: the places on the map, their hours, the registry."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from familienrathaus.core import registries
from familienrathaus.core.models import District
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.places import hours
from familienrathaus.places.models import (
    NOTINSEL_SLUG,
    Notinsel,
    OpeningException,
    OpeningHours,
    Place,
    PlaceKind,
)

logger = logging.getLogger(__name__)


def kinds() -> QuerySet[PlaceKind]:
    return PlaceKind.objects.all()


def kinds_with_counts() -> QuerySet[PlaceKind]:
    """The kinds for the back office, each with its number of places (one query)."""
    return PlaceKind.objects.annotate(place_count=Count("places", distinct=True))


def kind_by_slug(slug: str) -> PlaceKind | None:
    return PlaceKind.objects.filter(slug=slug).first()


def districts() -> QuerySet[District]:
    return District.objects.all()


def _with_details(queryset: QuerySet[Place]) -> QuerySet[Place]:
    today = hours.local_now().date()
    return queryset.select_related("district", "organisation").prefetch_related(
        "kinds",
        "hours",
        Prefetch(
            "exceptions",
            queryset=OpeningException.objects.filter(ends_on__gte=today - dt.timedelta(days=1)),
        ),
    )


def intervals(place: Place) -> list[hours.Interval]:
    return [hours.Interval(h.weekday, h.opens, h.closes) for h in place.hours.all()]


def exceptions(place: Place) -> list[hours.Exception_]:
    return [
        hours.Exception_(e.starts_on, e.ends_on, e.opens, e.closes) for e in place.exceptions.all()
    ]


def is_open_now(place: Place, *, at: dt.datetime | None = None) -> bool:
    return hours.is_open(
        intervals(place),
        exceptions(place),
        holidays_closed=place.closed_on_public_holidays,
        at=at,
    )


def has_hours(place: Place) -> bool:
    return bool(place.hours.all())


@dataclass(frozen=True)
class Filters:
    kind: PlaceKind | None = None
    district: District | None = None
    open_now: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.district or self.open_now)


def published_places(filters: Filters = Filters(), *, at: dt.datetime | None = None) -> list[Place]:
    """Published places matching the filters, each with ``open_now`` set."""
    queryset = Place.objects.filter(is_published=True)
    if filters.kind is not None:
        queryset = queryset.filter(kinds=filters.kind)
    if filters.district is not None:
        queryset = queryset.filter(district=filters.district)
    places = list(_with_details(queryset.distinct()))
    result = []
    for place in places:
        place.open_now = is_open_now(place, at=at)  # type: ignore[attr-defined]
        if filters.open_now and not place.open_now:  # type: ignore[attr-defined]
            continue
        result.append(place)
    return result


def published_place(slug: str) -> Place | None:
    return _with_details(Place.objects.filter(slug=slug, is_published=True)).first()


def place_for_backoffice(pk: int) -> Place | None:
    return _with_details(Place.objects.filter(pk=pk)).first()


def all_places(
    *, kind: PlaceKind | None = None, district: District | None = None, query: str = ""
) -> QuerySet[Place]:
    queryset = Place.objects.all()
    if kind is not None:
        queryset = queryset.filter(kinds=kind)
    if district is not None:
        queryset = queryset.filter(district=district)
    if query:
        queryset = queryset.filter(name__icontains=query)
    return queryset.select_related("district", "organisation").prefetch_related(
        "kinds", Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
    )


def notinseln(*, status: str = "") -> QuerySet[Notinsel]:
    queryset = Notinsel.objects.select_related("district", "place")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def notinsel_kind() -> PlaceKind | None:
    return kind_by_slug(NOTINSEL_SLUG)


# --------------------------------------------------------------------------- other layers


@dataclass(frozen=True)
class Located:
    """An offer or event with a position, for the map's extra layers."""

    title: str
    latitude: float
    longitude: float
    url: str
    when: str = ""


def located_offers() -> list[Located]:
    """Published offers with a location that has coordinates (one point per location)."""
    locations = (
        OfferLocation.objects.filter(
            offer__status=Offer.Status.PUBLISHED,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .select_related("offer")
        .order_by("offer__title", "pk")
    )
    return [
        Located(
            title=location.offer.title,
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            url=location.offer.get_absolute_url(),
        )
        for location in locations
    ]


def located_events() -> list[Located]:
    """Upcoming events with coordinates: the layer "events" that the events app (beside
    places, so not imported) fills in :mod:`familienrathaus.core.registries`."""
    items: Iterable[Any] = registries.located("events")
    result = []
    for item in items:
        latitude, longitude = getattr(item, "latitude", None), getattr(item, "longitude", None)
        if latitude is None or longitude is None:
            continue
        start = getattr(item, "start", None)
        result.append(
            Located(
                title=str(item.title),
                latitude=float(latitude),
                longitude=float(longitude),
                url=str(item.get_absolute_url()),
                when=start.isoformat() if start is not None else "",
            )
        )
    return result


def places_by_district() -> Sequence[tuple[District | None, list[Place]]]:
    places = published_places()
    groups: dict[int | None, list[Place]] = {}
    for place in places:
        groups.setdefault(place.district_id, []).append(place)
    ordered: list[tuple[District | None, list[Place]]] = []
    for district in districts():
        if district.pk in groups:
            ordered.append((district, groups[district.pk]))
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered
