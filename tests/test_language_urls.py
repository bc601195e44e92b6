"""The language lives in the page's address (issue 20, point 3).

German pages have no prefix (``/partner/``), the others do (``/tr/partner/``); the
header's switch keeps the page and its query; a browser's first visit goes to the
language it prefers, never once the visitor chose German; every page names its
versions in the other languages (``hreflang``), and so does the sitemap.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from familienrathaus.core.models import User
from familienrathaus.core.services import create_api_token
from tests.factories import OrganisationFactory, district, theme
from tests.factories.offers import published

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "tr", "uk", "ru", "ar"]
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def html(response: Any) -> str:
    return response.content.decode()


def vary(response: Any) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def browser(accept_language: str = "de") -> Client:
    return Client(headers={**BROWSER, "accept-language": accept_language})


# ------------------------------------------------------------------ prefix per language


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_its_prefix_and_german_has_none(code: str) -> None:
    path = "/partner/" if code == "de" else f"/{code}/partner/"

    page = html(browser().get(path))

    assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}"' in page
    with translation.override(code):
        assert reverse("partners:list") == path


def test_an_unprefixed_page_is_german_whatever_the_cookie_or_browser_says() -> None:
    client = browser("en")
    client.cookies["django_language"] = "de"
    assert '<html lang="de"' in html(client.get("/partner/"))
    # Outside a browser's page request (no redirect): still German.
    feed_reader = Client(headers={"accept": "application/json", "accept-language": "en"})
    assert '<html lang="de"' in html(feed_reader.get("/partner/"))


def test_a_page_that_does_not_exist_answers_404_in_the_language_of_its_prefix() -> None:
    for path in ("/tr/gibt-es-nicht/", "/tr/partner/gibt-es-nicht/"):
        response = browser().get(path)
        assert response.status_code == 404
        assert '<html lang="tr"' in html(response)
    assert browser().get("/fr/partner/").status_code == 404


def test_djangos_i18n_route_is_gone() -> None:
    assert browser().post("/i18n/setlang/", {"language": "en"}).status_code == 404


def test_the_back_office_works_under_a_prefix(coordinator: User) -> None:
    client = browser()
    client.force_login(coordinator)

    response = client.get("/uk/verwaltung/")

    assert response.status_code == 200
    assert '<html lang="uk"' in html(response)


def test_the_second_factor_gate_holds_under_a_prefix(coordinator_without_totp: User) -> None:
    client = browser()
    client.force_login(coordinator_without_totp)

    response = client.get("/en/verwaltung/")

    assert response.status_code == 302
    with translation.override("en"):
        assert response["Location"] == reverse("mfa_activate_totp")


def test_links_built_inside_a_language_carry_its_prefix() -> None:
    """Mails are rendered inside ``translation.override(recipient.language)``."""
    organisation = OrganisationFactory(slug="kita-regenbogen", is_public=True)
    with translation.override("tr"):
        assert organisation.get_absolute_url() == "/tr/partner/kita-regenbogen/"
    with translation.override("de"):
        assert organisation.get_absolute_url() == "/partner/kita-regenbogen/"


# ------------------------------------------------------------------ the header's switch


def test_the_switch_is_a_link_per_language_in_its_own_name_that_keeps_the_page() -> None:
    page = html(browser().get("/tr/partner/?q=kita"))

    switch = re.search(r'<nav class="frh-language"[^>]*>(.*?)</nav>', page, re.S)
    assert switch, "the header's language links"
    links = re.findall(r"<a [^>]*>[^<]*</a>", switch.group(1))
    assert len(links) == 5  # every language but the page's own
    assert (
        '<a class="frh-header__link" href="/sprache/?language=ru&amp;next=/tr/partner/%3Fq%3Dkita"'
        ' lang="ru" hreflang="ru">Русский</a>'
    ) in links
    for name in ("Deutsch", "English", "Українська", "العربيّة"):
        assert any(f">{name}</a>" in link for link in links), name
    assert "<form" not in switch.group(1)
    assert "csrfmiddlewaretoken" not in page


def test_choosing_russian_on_a_turkish_page_lands_on_the_same_page_in_russian() -> None:
    client = browser("tr")

    switched = client.get("/sprache/", {"language": "ru", "next": "/tr/partner/?q=kita"})

    assert switched.status_code == 302
    assert switched["Location"] == "/ru/partner/?q=kita"
    assert switched.cookies["django_language"].value == "ru"
    assert '<html lang="ru"' in html(client.get(switched["Location"]))


def test_choosing_german_leads_to_the_unprefixed_page_and_stays_there() -> None:
    client = browser("tr")

    switched = client.get("/sprache/", {"language": "de", "next": "/tr/partner/?q=kita"})

    assert switched["Location"] == "/partner/?q=kita"
    assert switched.cookies["django_language"].value == "de"
    german = client.get("/partner/?q=kita")
    assert german.status_code == 200
    assert '<html lang="de"' in html(german)


def test_the_switch_translates_a_detail_page_and_the_start_page() -> None:
    OrganisationFactory(slug="kita-regenbogen", is_public=True)
    client = browser()

    detail = client.get("/sprache/", {"language": "ar", "next": "/en/partner/kita-regenbogen/"})
    home = client.get("/sprache/", {"language": "uk", "next": "/"})

    assert detail["Location"] == "/ar/partner/kita-regenbogen/"
    assert home["Location"] == "/uk/"


# ------------------------------------------------------------------ the first visit


def test_a_first_visit_goes_to_the_language_the_browser_prefers() -> None:
    response = browser("tr-TR,tr;q=0.9,de;q=0.5").get("/partner/?q=kita")

    assert response.status_code == 302
    assert response["Location"] == "/tr/partner/?q=kita"
    assert {"accept-language", "cookie"} <= vary(response)
    assert not response.cookies


def test_no_redirect_once_the_visitor_chose_german() -> None:
    client = browser("tr-TR,tr;q=0.9")
    client.get("/sprache/", {"language": "de", "next": "/partner/"})

    response = client.get("/partner/")

    assert response.status_code == 200
    assert '<html lang="de"' in html(response)


@pytest.mark.parametrize("accept_language", ["de-DE,de;q=0.9,en;q=0.8", "fr-FR,fr;q=0.9", ""])
def test_no_redirect_for_german_or_a_language_the_site_does_not_speak(
    accept_language: str,
) -> None:
    assert browser(accept_language).get("/partner/").status_code == 200


def test_feeds_the_api_and_forms_keep_their_unprefixed_addresses() -> None:
    calendar_app = Client(headers={"accept": "text/calendar", "accept-language": "tr"})
    assert calendar_app.get("/veranstaltungen/ical/").status_code == 200
    assert browser("tr").get("/api/v1/openapi.json").status_code == 200
    assert browser("tr").get("/sitemap.xml").status_code == 200
    assert browser("tr").post("/sprache/").status_code == 405  # not redirected first


# ------------------------------------------------------------------ hreflang and sitemap


def test_every_page_names_its_versions_in_all_languages() -> None:
    page = html(browser().get("/tr/partner/?q=kita"))

    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert links == {
        "de": "http://testserver/partner/?q=kita",
        "en": "http://testserver/en/partner/?q=kita",
        "tr": "http://testserver/tr/partner/?q=kita",
        "uk": "http://testserver/uk/partner/?q=kita",
        "ru": "http://testserver/ru/partner/?q=kita",
        "ar": "http://testserver/ar/partner/?q=kita",
        "x-default": "http://testserver/partner/?q=kita",
    }


def test_the_sitemap_lists_each_page_per_language_with_its_alternates() -> None:
    offer = published(title="Krabbelgruppe Sonnenschein")

    sitemap = html(browser().get("/sitemap.xml"))

    for code in LANGUAGES:
        prefix = "" if code == "de" else f"/{code}"
        assert f"<loc>http://testserver{prefix}/partner/</loc>" in sitemap
        assert f"<loc>http://testserver{prefix}/angebote/{offer.slug}/</loc>" in sitemap
        assert (
            f'<xhtml:link rel="alternate" hreflang="{code}" '
            f'href="http://testserver{prefix}/angebote/{offer.slug}/"/>'
        ) in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        f'href="http://testserver/angebote/{offer.slug}/"/>'
    ) in sitemap
    assert "/verwaltung/" not in sitemap


# ------------------------------------------------------------------ the API's language


@pytest.mark.parametrize(
    ("accept_language", "required", "end"),
    [
        ("tr", "Bu alan zorunludur.", "Bitiş, başlangıçtan sonra olmalıdır."),
        ("en", "This field is required.", "The end must be after the start."),
        ("de", "Dieses Feld ist zwingend erforderlich.", None),
    ],
)
def test_the_api_answers_in_the_language_of_accept_language(
    partner_user: User, accept_language: str, required: str, end: str | None
) -> None:
    """Outside the language patterns, /api/v1/ keeps following Accept-Language (Django's
    middleware would answer every unprefixed address in German)."""
    _token, key = create_api_token(user=partner_user, name="Website")
    body = {
        "organisation": "kita-regenbogen",
        "title": "",
        "summary": "Wir lesen Bilderbücher vor.",
        "themes": [theme("Bildung und Betreuung").slug],
        "languages": ["de"],
        "times": [{"weekday": 1, "opens": "10:00", "closes": "09:00"}],
        "locations": [
            {
                "street": "Am Markt 1",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": district("Nordviertel").slug,
            }
        ],
    }
    client = Client(headers={"authorization": f"Bearer {key}", "accept-language": accept_language})

    response = client.post("/api/v1/offers/", json.dumps(body), content_type="application/json")

    assert response.status_code == 422, response.content
    assert response["Content-Language"] == accept_language
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert errors[("body", "title")] == required
    if end is not None:
        assert errors[("body", "times", "0", "closes")] == end
