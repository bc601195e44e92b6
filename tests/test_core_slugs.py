"""Addresses of records (core.slugs): German spelling, and never one that is taken."""

from __future__ import annotations

import pytest

from familienrathaus.core import services as core_services
from familienrathaus.core.models import Theme
from familienrathaus.core.slugs import free_slug, german_slug, reserved_words, unique_slug
from familienrathaus.offers.models import Offer
from tests.factories import confirm, csv_bytes, latest_run, make_event, place_data, upload

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


def test_fixed_paths_beside_a_slug_are_reserved_without_a_list():
    words = reserved_words()
    assert "mine" in words  # /api/v1/offers/mine beside /api/v1/offers/{slug}
    assert unique_slug(Theme, "Mine", fallback="thema") != "mine"


def test_imports_spell_german_and_skip_reserved_words():
    assert free_slug(Offer, "Treff für Väter", fallback="angebot", is_taken=set().__contains__) == (
        "treff-fuer-vaeter"
    )
    assert (
        free_slug(Offer, "Mine", fallback="angebot", is_taken={"mine-2"}.__contains__) == "mine-3"
    )


@pytest.mark.usefixtures("immediate_tasks")
def test_an_imported_offer_titled_mine_does_not_hide_the_partners_own_list(
    coordinator_client, organisation, partner_user, anon_client
):
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema"],
        [organisation.name, "Mine", "Ein Spieleabend mit Brettspielen.", "Gesundheit"],
        [organisation.name, "Treff für Väter", "Austausch unter Vätern.", "Gesundheit"],
    ]
    upload(coordinator_client, "angebote", csv_bytes(rows), status="published")
    confirm(coordinator_client, latest_run())
    offer = Offer.objects.get(title="Mine")
    assert offer.slug != "mine"
    assert Offer.objects.get(title="Treff für Väter").slug == "treff-fuer-vaeter"

    _token, key = core_services.create_api_token(user=partner_user, name="Website")
    own = anon_client.get("/api/v1/offers/mine", headers={"Authorization": f"Bearer {key}"})
    assert own.status_code == 200
    assert "Mine" in {item["title"] for item in own.json()}

    detail = anon_client.get(f"/api/v1/offers/{offer.slug}")
    assert detail.status_code == 200 and detail.json()["title"] == "Mine"
    page = anon_client.get(f"/angebote/{offer.slug}/")
    assert page.status_code == 200 and "Ein Spieleabend mit Brettspielen." in page.content.decode()


def test_addresses_spell_umlauts_the_german_way(coordinator_client):
    from familienrathaus.places.models import Place

    event = make_event(title="Vortrag „Familie im Gespräch“ über Größe")
    assert event.slug == "vortrag-familie-im-gespraech-ueber-groesse"
    response = coordinator_client.post(
        "/verwaltung/orte/neu/", place_data(name="Bäckerei Müller, Schillerstraße 16")
    )
    place = Place.objects.filter(name__startswith="Bäckerei").first()
    assert place is not None, response.content.decode()[:3000]
    assert place.slug == "baeckerei-mueller-schillerstrasse-16"
