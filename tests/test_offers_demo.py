"""The demo offers of Musterstadt: about 150, across every theme, audience and district."""

from __future__ import annotations

from decimal import Decimal

import pytest

from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.offers import demo
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.partners import demo as partners_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    partners_demo.load()
    return demo.load()


def test_about_150_published_offers_and_a_second_run_creates_nothing(loaded, anon_client):
    assert 140 <= loaded <= 160
    assert Offer.objects.filter(status="published").count() == loaded
    assert demo.load() == 0
    offer = Offer.objects.get(slug="treff-fuer-alleinerziehende-altstadt")
    assert anon_client.get(offer.get_absolute_url()).status_code == 200


def test_demo_offers_cover_the_whole_guide(loaded):
    """Themes, audiences, districts, costs, languages, times, places; some are stale."""
    from familienrathaus.offers.selectors import stale_offers

    for model in (Theme, Audience):
        empty = model.objects.filter(offers__isnull=True).values_list("name", flat=True)
        assert not list(empty), f"{model.__name__} without offers: {list(empty)}"
    assert set(District.objects.values_list("name", flat=True)) >= set(demo.DISTRICTS)
    for name in demo.DISTRICTS:
        assert Offer.objects.filter(districts__name=name).count() >= 10, name

    assert Offer.objects.filter(cost="free").count() >= 50
    assert Offer.objects.filter(cost="reduced").count() >= 10
    for code in ("tr", "uk", "ar"):
        assert Offer.objects.filter(languages__code=code).count() >= 5, code
    low_income = Offer.objects.filter(audiences__name="Familien mit geringem Einkommen")
    assert low_income.count() >= 20

    assert not Offer.objects.filter(locations__isnull=True).exists()
    assert Offer.objects.filter(times__isnull=False).distinct().count() >= 120
    for location in OfferLocation.objects.all():
        assert abs(location.latitude - Decimal("51.40")) < Decimal("0.02")
        assert abs(location.longitude - Decimal("7.19")) < Decimal("0.03")
    assert stale_offers().exists()
