"""Factories for the reports (``reports``): districts as areas, their children per age
band, postcodes, annual reports.

Import them from this module (``from tests.factories.reports import DistrictAreaFactory``).

- ``DistrictAreaFactory()`` – a Stadtteil with a square outline of about 1 km around
  51.40 N, 7.19 E (``outline=None`` for a district without one; ``square(lat, lon)``
  makes another outline).
- ``DistrictPopulationFactory()`` – last year's figures (1,000 residents, 20 children
  in each of the five bands: 100 in all).
- ``PostcodeDistrictFactory()`` – a postcode (58452, 58453 …) of a new district.
- ``AnnualReportFactory()`` – last year's report as a draft.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.reports.models import (
    AnnualReport,
    DistrictArea,
    DistrictPopulation,
    PostcodeDistrict,
)
from tests.factories.core import DistrictFactory


def square(lat: float = 51.40, lon: float = 7.19, half: float = 0.005) -> dict[str, Any]:
    """A closed square Polygon (GeoJSON, [lon, lat]) around a point; ``half`` in degrees."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def last_year() -> int:
    return timezone.localdate().year - 1


class DistrictAreaFactory(DjangoModelFactory):
    class Meta:
        model = DistrictArea
        django_get_or_create = ("district",)

    district = factory.SubFactory(DistrictFactory)
    kind = DistrictArea.Kind.QUARTER
    outline = factory.LazyFunction(square)


class DistrictPopulationFactory(DjangoModelFactory):
    class Meta:
        model = DistrictPopulation
        django_get_or_create = ("district", "year")

    district = factory.SubFactory(DistrictFactory)
    year = factory.LazyFunction(last_year)
    residents = 1000
    children_0_2 = 20
    children_3_5 = 20
    children_6_9 = 20
    children_10_13 = 20
    children_14_17 = 20
    source = "Einwohnermeldeamt"


class PostcodeDistrictFactory(DjangoModelFactory):
    class Meta:
        model = PostcodeDistrict
        django_get_or_create = ("postcode",)

    postcode = factory.Sequence(lambda n: str(58452 + n))
    district = factory.SubFactory(DistrictFactory)


class AnnualReportFactory(DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("year",)

    year = factory.LazyFunction(last_year)
