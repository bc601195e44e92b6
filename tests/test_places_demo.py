"""The demo places of Musterstadt: the right mix, inside the town area, loaded once."""

from __future__ import annotations

import pytest

from familienrathaus.partners import demo as partners_demo
from familienrathaus.places import demo
from familienrathaus.places.models import Notinsel, Place

pytestmark = pytest.mark.django_db


def test_the_demo_has_notinseln_nursing_places_and_family_places_in_the_town_area() -> None:
    partners_demo.load()
    created = demo.load()  # its time: bench/demo_data.py

    assert created > 100
    assert 55 <= Notinsel.objects.count() <= 65
    active = Notinsel.objects.filter(status=Notinsel.Status.ACTIVE).count()
    assert 45 <= active <= 60
    assert set(Notinsel.objects.values_list("status", flat=True)) == set(Notinsel.Status.values)
    nursing = Place.objects.filter(kinds__slug="still-und-wickelort")
    assert 12 <= nursing.count() <= 18
    assert {"Rathaus Musterstadt", "Jugendamt", "Volkshochschule", "Stadtbibliothek"} <= set(
        nursing.values_list("name", flat=True)
    )
    others = Place.objects.exclude(kinds__slug__in=["notinsel", "still-und-wickelort"])
    assert 35 <= others.count() <= 45
    assert Place.objects.filter(organisation__isnull=False).exists()
    west, south, east, north = demo.TOWN_AREA
    for place in Place.objects.all():
        assert place.district is not None, place.name
        assert south <= float(place.latitude) <= north, place.name  # type: ignore[arg-type]
        assert west <= float(place.longitude) <= east, place.name  # type: ignore[arg-type]
    for notinsel in Notinsel.objects.all():
        assert south <= float(notinsel.latitude) <= north  # type: ignore[arg-type]


def test_loading_the_demo_places_twice_creates_nothing_the_second_time() -> None:
    demo.load()
    counts = (Place.objects.count(), Notinsel.objects.count())

    assert demo.load() == 0
    assert (Place.objects.count(), Notinsel.objects.count()) == counts
