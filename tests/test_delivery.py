"""How pages travel to a phone: compressed, with an ETag, cached only where that is safe.

Through the test client, as a browser would ask: ``Accept-Encoding: gzip``, then
``If-None-Match`` with the ETag it got. The same through nginx in production mode is in
``tests/test_production.py``.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import get_commands
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings

from familienrathaus.core.models import User
from familienrathaus.core.services import create_api_token
from tests.factories import ChildFactory
from tests.factories.offers import published

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def visitor() -> Client:
    return Client(headers={"accept-language": "de"})


def cache_control(response: Any) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response: Any) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def page_text(response: Any) -> str:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


# ------------------------------------------------------------------ anonymous pages


def test_a_public_page_is_compressed_revalidated_and_answers_304_when_unchanged() -> None:
    offer = published(title="Krabbelgruppe Sonnenschein")
    client = visitor()

    first = client.get("/angebote/", headers=GZIP)

    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    assert "Krabbelgruppe Sonnenschein" in page_text(first)
    assert len(first.content) < len(page_text(first).encode()) / 2
    # Anyone may keep it, but must ask again before using it.
    assert cache_control(first) == {"public", "max-age=0", "must-revalidate"}
    # What changes the page: logging in or a language cookie, the browser's language, gzip.
    assert {"cookie", "accept-language", "accept-encoding"} <= vary(first)
    assert not first.cookies, "a first visit sets no cookie"

    again = client.get("/angebote/", headers=GZIP)
    assert again["ETag"] == first["ETag"], "the same page has the same ETag on every request"

    unchanged = client.get("/angebote/", headers={**GZIP, "If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    # The same validator whether the page left gzipped, plain or as a 304.
    assert unchanged["ETag"] == first["ETag"]
    assert client.get("/angebote/")["ETag"] == first["ETag"]
    assert first["ETag"].startswith('W/"')
    assert cache_control(unchanged) == cache_control(first)

    offer.title = "Krabbelgruppe Regenbogen"
    offer.save()
    changed = client.get("/angebote/", headers={**GZIP, "If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Krabbelgruppe Regenbogen" in page_text(changed)


def test_the_start_page_carries_no_csrf_token_and_no_post_form_for_the_language() -> None:
    client = visitor()
    first = client.get("/")

    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "public" in cache_control(first)
    assert client.get("/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_without_gzip_in_the_request_the_page_comes_plain() -> None:
    response = visitor().get("/")

    assert "Content-Encoding" not in response
    assert "accept-encoding" in vary(response)
    assert response.content.lstrip().startswith(b"<!DOCTYPE html>")


# ------------------------------------------------------------- personal answers


def test_a_logged_in_users_page_is_never_stored_by_any_shared_cache(family_user: User) -> None:
    client = visitor()
    client.force_login(family_user)

    for path in ("/", "/konto/uebersicht/"):
        response = client.get(path, headers=GZIP)
        assert response.status_code == 200, path
        assert response["Content-Encoding"] == "gzip", path
        control = cache_control(response)
        assert "public" not in control, path
        assert {"private", "no-store"} <= control, path


def test_an_anonymous_page_with_a_form_token_stays_in_the_visitors_own_browser() -> None:
    response = visitor().get("/konto/login/")

    assert "csrfmiddlewaretoken" in response.content.decode()
    control = cache_control(response)
    assert "public" not in control
    assert "private" in control


def test_a_page_showing_a_message_is_private() -> None:
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Vielen Dank für Ihre Anmeldung.")
    carrier = HttpResponse()
    storage.update(carrier)
    client = visitor()
    client.cookies["messages"] = carrier.cookies["messages"].value

    response = client.get("/")

    assert "Vielen Dank für Ihre Anmeldung." in response.content.decode()
    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)
    # Shown once: the next visit is the public page again.
    assert "public" in cache_control(client.get("/"))


def test_an_address_with_a_secret_token_is_never_public() -> None:
    """A child's calendar feed: anyone with the link gets it, but it is one family's."""
    child = ChildFactory()

    feed = visitor().get(f"/ferienspass/kalender/{child.feed_token}.ics")

    assert feed.status_code == 200
    assert "public" not in cache_control(feed)
    assert "private" in cache_control(feed)


def test_the_api_public_lists_may_be_cached_a_tokens_answers_never(
    anon_client: Client, partner_user: User
) -> None:
    published(title="Elterncafé")

    public = anon_client.get("/api/v1/offers/", headers=GZIP)
    assert public.status_code == 200
    assert public["Content-Encoding"] == "gzip"
    assert json.loads(page_text(public))["items"][0]["title"] == "Elterncafé"
    assert cache_control(public) == {"public", "max-age=0", "must-revalidate"}
    assert "cookie" in vary(public)
    unchanged = anon_client.get("/api/v1/offers/", headers={"If-None-Match": public["ETag"]})
    assert unchanged.status_code == 304

    _token, key = create_api_token(user=partner_user, name="Website")
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        mine = anon_client.get("/api/v1/offers/mine", headers=headers)
        assert mine.status_code == 200
        assert {"private", "no-store"} <= cache_control(mine)
        listed = anon_client.get("/api/v1/offers/", headers=headers)
        assert "public" not in cache_control(listed)


# ------------------------------------------------------------------ language switch


def test_the_language_switch_is_plain_links_that_keep_the_page() -> None:
    client = visitor()
    page = client.get("/angebote/?q=kita").content.decode()

    switch = re.search(r'<nav class="frh-language"[^>]*>(.*?)</nav>', page, re.S)
    assert switch, "the header's language links"
    inside = switch.group(1)
    assert 'href="/sprache/?language=en&amp;next=/angebote/%3Fq%3Dkita"' in inside
    assert "<form" not in inside

    switched = client.get("/sprache/", {"next": "/angebote/?q=kita", "language": "en"})

    assert switched.status_code == 302
    assert switched["Location"] == "/en/angebote/?q=kita"
    assert switched.cookies["django_language"].value == "en"
    assert "public" not in cache_control(switched)
    english = client.get("/en/angebote/?q=kita").content.decode()
    assert '<html lang="en"' in english
    assert 'href="/sprache/?language=de&amp;next=/en/angebote/%3Fq%3Dkita"' in english

    client.get("/sprache/", {"next": "/", "language": "de"})
    assert '<html lang="de"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/angebote/", "/\\evil.example", ""]
)
def test_the_language_switch_never_leads_off_the_site(target: str) -> None:
    response = visitor().get("/sprache/", {"next": target, "language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"  # the start page, in the language chosen
    assert response.cookies["django_language"].value == "en"


def test_a_language_the_site_does_not_offer_changes_nothing() -> None:
    client = visitor()
    response = client.get("/sprache/", {"next": "/veranstaltungen/", "language": "xx"})

    assert response["Location"] == "/veranstaltungen/"
    assert "django_language" not in response.cookies
    assert visitor().post("/sprache/", {"language": "en"}).status_code == 405


# ------------------------------------------------------------- development server


@override_settings(DEBUG=True)
def test_the_development_server_compresses_static_files_and_answers_304() -> None:
    # runserver leaves /static/ to WhiteNoise's middleware, below the compression.
    assert get_commands()["runserver"] == "whitenoise.runserver_nostatic"
    client = Client()  # a new client: its middleware is built under DEBUG=True

    css = client.get("/static/frh/site.css", headers=GZIP)

    assert css.status_code == 200
    assert css["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(css.streaming_content))
    assert b"frh-header" in body
    again = client.get("/static/frh/site.css", headers={**GZIP, "If-None-Match": css["ETag"]})
    assert again.status_code == 304

    # A picture is compressed already: sent as it is, with its length.
    picture = client.get("/static/vendor/leaflet/images/marker-icon.png", headers=GZIP)
    assert picture.status_code == 200
    assert "Content-Encoding" not in picture
    assert int(picture["Content-Length"]) > 0
