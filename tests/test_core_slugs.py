"""Addresses of records (core.slugs): German spelling, and never one that is taken."""

from __future__ import annotations

import pytest

from familienrathaus.core.models import Theme
from familienrathaus.core.slugs import german_slug, unique_slug
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_umlauts_are_spelt_the_german_way():
    assert german_slug("Großes Familienfrühstück") == "grosses-familienfruehstueck"
    assert german_slug("Öffnungszeiten Ämter") == "oeffnungszeiten-aemter"


def test_a_taken_slug_gets_the_next_free_number():
    Theme.objects.create(name="Spielen", slug="spielen")
    Theme.objects.create(name="Spielen 2", slug="spielen-2")
    assert unique_slug(Theme, "Spielen", fallback="thema") == "spielen-3"


def test_the_record_itself_does_not_count_as_taken():
    own = Theme.objects.create(name="Lernen", slug="lernen")
    assert unique_slug(Theme, "Lernen", fallback="thema", exclude_pk=own.pk) == "lernen"


def test_reserved_words_and_empty_text():
    assert unique_slug(Theme, "Neu", fallback="thema", reserved={"neu"}) == "neu-2"
    assert unique_slug(Theme, "!!!", fallback="thema") == "thema"


def test_long_text_fits_the_field_with_its_number():
    Theme.objects.create(name="x", slug=german_slug("a" * 300)[:114])
    slug = unique_slug(Theme, "a" * 300, fallback="thema")
    assert len(slug) <= 120 and slug.endswith("-2")


def test_addresses_spell_umlauts_the_german_way(coordinator_client):
    from familienrathaus.places.models import Place

    event = make_event(title="Vortrag „Familie im Gespräch“ über Größe")
    assert event.slug == "vortrag-familie-im-gespraech-ueber-groesse"
    from tests.test_places_backoffice import place_data

    response = coordinator_client.post(
        "/verwaltung/orte/neu/", place_data(name="Bäckerei Müller, Schillerstraße 16")
    )
    place = Place.objects.filter(name__startswith="Bäckerei").first()
    assert place is not None, response.content.decode()[:3000]
    assert place.slug == "baeckerei-mueller-schillerstrasse-16"
