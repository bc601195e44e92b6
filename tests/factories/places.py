"""Factories and helpers for the places app (map, Notinsel registry)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.places import hours, services
from familienrathaus.places.models import Notinsel, OpeningHours, Place, PlaceKind


def kind(slug: str) -> PlaceKind:
    """One of the kinds the migration seeds (created again after a transactional test)."""
    services.ensure_default_kinds()
    return PlaceKind.objects.get(slug=slug)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ort Nummer {n}")
    slug = factory.Sequence(lambda n: f"ort-nummer-{n}")
    street = factory.Sequence(lambda n: f"Marktplatz {n}")
    postcode = "12345"
    city = "Musterstadt"
    latitude = factory.Sequence(lambda n: Decimal("51.400000") + Decimal(n % 100) / 10000)
    longitude = factory.Sequence(lambda n: Decimal("7.190000") + Decimal(n % 100) / 10000)
    is_published = True

    @factory.post_generation
    def kinds(obj: Place, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.kinds.set(extracted if extracted is not None else [kind("familienzentrum")])

    @factory.post_generation
    def opening(obj: Place, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``PlaceFactory(opening="Mo–Fr 9–18")``: weekly hours in the short form."""
        if create and extracted:
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(place=obj, weekday=i.weekday, opens=i.opens, closes=i.closes)
                    for i in hours.parse(extracted)
                ]
            )


class NotinselFactory(DjangoModelFactory):
    class Meta:
        model = Notinsel

    business_name = factory.Sequence(lambda n: f"Bäckerei Nummer {n}")
    street = factory.Sequence(lambda n: f"Bahnhofstraße {n}")
    postcode = "12345"
    city = "Musterstadt"
    latitude = Decimal("51.392260")
    longitude = Decimal("7.193420")
    opening_hours = "Mo–Fr 9–18, Sa 9–13"
    contact_name = "Erika Mustermann"
    contact_email = factory.Sequence(lambda n: f"laden{n}@example.org")
    rules_accepted_at = factory.LazyFunction(timezone.now)


def place_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid POST of the place form (with one opening exception)."""
    data = {
        "name": "Stadtbibliothek",
        "kinds": [kind("still-und-wickelort").pk],
        "street": "Kirchstraße 5",
        "postcode": "12345",
        "city": "Musterstadt",
        "latitude": "51.400812",
        "longitude": "7.188215",
        "opening_hours": "Di–Fr 10–18, Sa 10–14",
        "amenities": ["changing_table", "toilet"],
        "closed_on_public_holidays": "on",
        "is_published": "on",
        "exceptions-TOTAL_FORMS": "2",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
        "exceptions-0-starts_on": "2030-12-24",
        "exceptions-0-ends_on": "2030-12-31",
        "exceptions-0-note": "Betriebsferien",
    }
    data.update(overrides)
    return data
