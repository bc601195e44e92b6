"""The directory of alliances on its own host (issue 23, point 5): only what they publish.

Four alliances, each with a published offer ("Elterncafé"), a draft offer, a published
event in a week, a past event and a draft event, every title starting with its town:
Musterstadt (the first alliance) and Beispieldorf are listed; Geheimdorf is not; Ruhstadt
is listed but suspended. On ``verzeichnis.localhost`` the first two alliances' public
offers and events appear, linked on their own hosts; nothing of Geheimdorf or Ruhstadt
and nothing unpublished or past appears anywhere (start page, search, events, alliance
pages, sitemap). The directory host serves no alliance's pages and an alliance's host
no directory page. The start page and the search cost the same queries for 2 or 5
listed alliances.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core import tenancy
from familienrathaus.events.models import Event
from familienrathaus.offers.models import Offer
from tests.conftest import alliance_client, english_client
from tests.factories import (
    OfferFactory,
    OrganisationFactory,
    at,
    first_date,
    make_event,
    png_upload,
)

pytestmark = pytest.mark.django_db

HOST = "verzeichnis.localhost"
B_HOST = re.compile(r"http://beispieldorf\.localhost(?::\d+)?")


def directory(language: str = "de") -> Client:
    return Client(HTTP_HOST=HOST, headers={"accept-language": language})


def publish(word: str, *, listed: bool = True, state: str = "NW") -> dict[str, Any]:
    """One alliance's content (call inside it) and its directory settings."""
    site = core_selectors.site_settings()
    site.alliance_name = f"Bündnis {word}"
    site.municipality = word
    site.federal_state = state
    site.listed_in_directory = listed
    site.save()
    organisation = OrganisationFactory(name=f"{word} Familienzentrum", slug="zentrum")
    offer = OfferFactory(
        organisation=organisation,
        title=f"{word} Elterncafé",
        slug="elterncafe",
        status=Offer.Status.PUBLISHED,
    )
    OfferFactory(
        organisation=organisation,
        title=f"{word} Entwurfscafé",
        slug="entwurf",
        status=Offer.Status.DRAFT,
    )
    event = make_event(title=f"{word} Elternabend", city=word)
    past = timezone.localdate() - timedelta(days=10)
    make_event(title=f"{word} Vergangenes Fest", start=at(past, 10), end=at(past, 12))
    make_event(title=f"{word} Geplanter Abend", status=Event.Status.DRAFT)
    return {"offer": offer, "event": event, "date": first_date(event)}


def other_alliance(slug: str, word: str, **kwargs: Any) -> tuple[tenancy.Alliance, dict[str, Any]]:
    alliance = tenancy.create(slug=slug, name=f"Bündnis {word}")
    with tenancy.activate(alliance):
        content = publish(word, **kwargs)
    return alliance, content


@pytest.fixture
def towns(second_alliance: Any, fresh_cache: None) -> dict[str, Any]:
    musterstadt = publish("Musterstadt")
    with tenancy.activate(second_alliance):
        beispieldorf = publish("Beispieldorf", state="BY")
        site = core_selectors.site_settings()
        site.logo = png_upload("wappen.png")
        site.logo_alt = "Wappen von Beispieldorf"
        site.save()
    other_alliance("geheimdorf", "Geheimdorf", listed=False)
    suspended, _content = other_alliance("ruhstadt", "Ruhstadt")
    suspended.is_active = False
    suspended.save()
    return {"musterstadt": musterstadt, "beispieldorf": beispieldorf}


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_listed_alliances_and_their_public_items_link_to_their_hosts(towns):
    client = directory()

    home = page(client, "/")
    assert "Bündnis Musterstadt" in home
    assert "Bündnis Beispieldorf" in home
    assert 'href="/buendnisse/beispieldorf/"' in home
    assert B_HOST.search(home)  # the link to Beispieldorf's own site
    assert "Bayern" in home and "Nordrhein-Westfalen" in home
    # The logo from the same media files, so the directory's own host serves it.
    assert re.search(r'<img [^>]*src="/media/[^"]+"', home)
    assert 'alt="Wappen von Beispieldorf"' in home

    bavaria = page(client, "/?land=BY")
    assert "Bündnis Beispieldorf" in bavaria
    assert "Bündnis Musterstadt" not in bavaria

    found = page(client, "/suche/?q=elterncafé")
    assert "Musterstadt Elterncafé" in found
    assert "Beispieldorf Elterncafé" in found
    assert re.search(B_HOST.pattern + r"/angebote/elterncafe/", found)
    # Two words, one in the title and one in the place, each labelled with its alliance.
    by_place = page(client, "/suche/?q=elternabend+beispieldorf")
    assert "Beispieldorf Elternabend" in by_place
    assert "Musterstadt Elternabend" not in by_place
    event = towns["beispieldorf"]["event"]
    assert re.search(B_HOST.pattern + f"/veranstaltungen/{event.slug}/", by_place)

    upcoming = page(client, "/veranstaltungen/")
    assert "Musterstadt Elternabend" in upcoming
    assert "Beispieldorf Elternabend" in upcoming
    date = towns["beispieldorf"]["date"]
    assert re.search(B_HOST.pattern + f"/veranstaltungen/{event.slug}/termin/{date.pk}/", upcoming)

    alliance = page(client, "/buendnisse/beispieldorf/")
    assert "Beispieldorf Elterncafé" in alliance
    assert "Beispieldorf Elternabend" in alliance
    assert "Musterstadt" not in alliance


def test_pages_in_another_language_link_to_that_language_on_the_alliance(towns):
    client = directory("en")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    home = page(client, "/en/")
    assert "Local alliances for families" in home
    found = page(client, "/en/suche/?q=elterncafé")
    assert re.search(B_HOST.pattern + r"/en/angebote/elterncafe/", found)


def test_unlisted_and_suspended_alliances_never_appear(towns):
    client = directory()
    pages = [
        page(client, "/"),
        page(client, "/suche/?q=elterncafé"),
        page(client, "/suche/?q=elternabend"),
        page(client, "/veranstaltungen/"),
        page(client, "/sitemap.xml"),
    ]
    for html in pages:
        assert "Geheimdorf" not in html
        assert "Ruhstadt" not in html
        assert "geheimdorf" not in html
        assert "ruhstadt" not in html
    assert client.get("/buendnisse/geheimdorf/").status_code == 404
    assert client.get("/buendnisse/ruhstadt/").status_code == 404
    assert client.get("/buendnisse/gibtsnicht/").status_code == 404


def test_an_alliance_that_leaves_the_directory_disappears(towns, second_alliance):
    with tenancy.activate(second_alliance):
        site = core_selectors.site_settings()
        site.listed_in_directory = False
        site.save()
    client = directory()
    assert "Beispieldorf" not in page(client, "/suche/?q=elterncafé")
    assert client.get("/buendnisse/beispieldorf/").status_code == 404


def test_unpublished_and_past_items_do_not_appear(towns):
    client = directory()
    pages = [
        page(client, "/suche/?q=entwurfscafé"),
        page(client, "/suche/?q=vergangenes"),
        page(client, "/suche/?q=geplanter"),
        page(client, "/suche/?q=musterstadt"),
        page(client, "/veranstaltungen/"),
        page(client, "/buendnisse/buendnis/"),
        page(client, "/buendnisse/beispieldorf/"),
    ]
    assert "Musterstadt Elterncafé" in pages[3]  # the search does find the town's items
    for html in pages:
        assert "Entwurfscafé" not in html
        assert "Vergangenes Fest" not in html
        assert "Geplanter Abend" not in html


def test_an_alliance_without_the_events_part_shows_no_events(towns, second_alliance):
    with tenancy.activate(second_alliance):
        site = core_selectors.site_settings()
        site.disabled_apps = ["events"]
        site.save()
    client = directory()
    assert "Beispieldorf Elternabend" not in page(client, "/veranstaltungen/")
    assert "Beispieldorf Elternabend" not in page(client, "/suche/?q=elternabend")
    alliance = page(client, "/buendnisse/beispieldorf/")
    assert "Beispieldorf Elternabend" not in alliance
    assert "Beispieldorf Elterncafé" in alliance


def test_the_hosts_serve_only_their_own_pages(towns, second_alliance):
    client = directory()
    for url in (
        "/angebote/",
        "/angebote/elterncafe/",
        "/veranstaltungen/elternabend/",
        "/verwaltung/",
    ):
        assert client.get(url).status_code == 404, url
    not_found = client.get("/angebote/")
    assert "Page not found" in not_found.content.decode() or "Seite" in not_found.content.decode()

    assert english_client().get("/buendnisse/beispieldorf/").status_code == 404
    assert english_client().get("/suche/").status_code == 404
    assert alliance_client(second_alliance).get("/buendnisse/beispieldorf/").status_code == 404


def test_robots_and_sitemap(towns):
    client = directory()
    robots = page(client, "/robots.txt")
    assert "Sitemap: http://verzeichnis.localhost/sitemap.xml" in robots
    sitemap = page(client, "/sitemap.xml")
    assert "http://verzeichnis.localhost/buendnisse/beispieldorf/" in sitemap
    assert "http://verzeichnis.localhost/en/buendnisse/buendnis/" in sitemap


def _queries(client: Client, url: str) -> int:
    cache.clear()
    client.get(url)  # the web process learns its hosts on its first page
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/suche/?q=elterncafé", "/veranstaltungen/"])
def test_queries_do_not_grow_with_the_alliances(towns, url):
    client = directory()
    with_two = _queries(client, url)
    for number in range(3):
        other_alliance(f"stadt{number}", f"Stadt{number}")
    with_five = _queries(client, url)
    assert "Stadt2" in page(client, url)
    assert with_five == with_two


def test_the_demo_lists_both_towns(fresh_cache):
    call_command("load_demo", stdout=io.StringIO())
    home = page(directory(), "/")
    assert "Lokales Bündnis für Familie Musterstadt" in home
    assert "Lokales Bündnis für Familie Beispieldorf" in home
    found = page(directory(), "/suche/?q=krabbelgruppe")
    assert B_HOST.search(found)
