"""The reports' demo: Musterstadt's six districts and three rural Ortsteile of a reform
as areas with outlines and children; the Ortsteile visibly have fewer offers."""

from __future__ import annotations

import pytest

from familienrathaus.offers import demo as offers_demo
from familienrathaus.offers.models import Offer
from familienrathaus.partners import demo as partners_demo
from familienrathaus.places import demo as places_demo
from familienrathaus.reports import demo, geo
from familienrathaus.reports.models import DistrictArea, DistrictPopulation, PostcodeDistrict

pytestmark = pytest.mark.django_db


def test_demo_districts_tile_the_town_and_the_villages_have_few_offers() -> None:
    partners_demo.load()
    offers_demo.load()
    assert demo.load() > 0
    assert demo.load() == 0  # safe to run twice

    areas = {a.district.name: a for a in DistrictArea.objects.select_related("district")}
    assert set(areas) == set(offers_demo.DISTRICTS) | {"Kirchdorf", "Heide", "Mühlental"}
    for name, area in areas.items():
        lat, lon = float(area.centre_latitude), float(area.centre_longitude)
        inside = [other for other, a in areas.items() if geo.contains(a.outline, lat, lon)]
        assert inside == [name]  # each centre lies in its own outline and no other
    # The places' demo puts its Notinseln and places around the same centres, so the map
    # shows them in their own district.
    for name, (lat, lon, _streets) in places_demo.DISTRICTS.items():
        assert geo.contains(areas[name].outline, lat, lon), name
    villages = [a for a in areas.values() if a.kind == DistrictArea.Kind.VILLAGE]
    assert {a.district.name for a in villages} == {"Kirchdorf", "Heide", "Mühlental"}
    assert {a.joined_year for a in villages} == {2024}

    years = set(DistrictPopulation.objects.values_list("year", flat=True))
    assert len(years) == 2
    for row in DistrictPopulation.objects.all():
        assert row.children_total and row.residents and row.children_total < row.residents
    assert PostcodeDistrict.objects.filter(district__name="Heide").exists()

    published = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    assert published.filter(districts__name="Kirchdorf").count() == 2
    assert not published.filter(districts__name__in=["Heide", "Mühlental"]).exists()
    assert min(published.filter(districts__name=n).count() for n in offers_demo.DISTRICTS) >= 10
