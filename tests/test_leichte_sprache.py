"""Leichte Sprache, legal pages in other languages, and the sign-language video slot.

- The Leichte-Sprache page explains the map (Notinseln, Stillräume), the Ferienspaß
  booking and "Kurzer Draht zum Rat" in short German sentences, with links.
- Impressum, privacy and accessibility statements stay German (binding): in another
  language the translated summary comes first, then "Verbindlich ist die deutsche
  Fassung" in that language, then the German text marked lang="de".
- A coordinator uploads a sign-language video (MP4/WebM) with WebVTT captions for the
  start page and the accessibility statement; nothing is shown without one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from familienrathaus.core.models import LegalPage

pytestmark = pytest.mark.django_db


def german_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.cookies["django_language"] = "de"
    return client


def language_client(language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    return client


def get(client: Client, path: str, language: str = "de") -> Any:
    """The page in ``language``: under its prefix if the site has them, else by cookie."""
    response = client.get(path if language == "de" else f"/{language}{path}")
    if response.status_code == 404:
        response = client.get(path)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200, path
    return response


def text(response: Any) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- Leichte Sprache


def test_the_easy_language_page_explains_map_holidays_and_concerns() -> None:
    LegalPage.objects.create(
        kind=LegalPage.Kind.EASY_LANGUAGE, title="Leichte Sprache", body="Herzlich willkommen!"
    )
    html = text(get(german_client(), "/seite/leichte-sprache/"))
    guide = html[html.index('class="frh-easy-language"') :]
    assert (
        'lang="de"' in html[html.index("frh-easy-language") - 40 : html.index("frh-easy-language")]
    )
    for heading in ("Die Karte", "Ferien·spaß", "Kurzer Draht zum Rat"):
        assert heading in guide
    assert "Not·insel" in guide and "Still·räume" in guide
    assert "Warte·liste" in guide and "Buchen" in guide
    assert "Anliegen" in guide
    links = re.findall(r'href="([^"]+)"', guide)
    assert any(link.endswith("/karte/?art=notinsel") for link in links)
    assert any(link.endswith("/karte/?art=still-und-wickelort") for link in links)
    assert any(link.endswith("/ferienspass/") for link in links)
    assert any(link.endswith("/anliegen/") for link in links)
    # Short sentences: none of the guide's sentences has more than 15 words.
    words_per_sentence = [
        len(sentence.split())
        for paragraph in re.findall(r"<(?:p|li)[^>]*>(.*?)</(?:p|li)>", guide, re.S)
        for sentence in re.split(r"[.?!:]", re.sub(r"<[^>]+>", " ", paragraph))
    ]
    assert max(words_per_sentence) <= 15


def test_the_explanation_is_there_before_the_page_is_written() -> None:
    html = text(get(german_client(), "/seite/leichte-sprache/"))
    assert "Kurzer Draht zum Rat" in html


def test_other_pages_do_not_get_the_explanation() -> None:
    html = text(get(german_client(), "/seite/impressum/"))
    assert "frh-easy-language" not in html


# --------------------------------------------------------------------------- legal pages


@pytest.fixture
def imprint() -> LegalPage:
    page = LegalPage.objects.create(
        kind=LegalPage.Kind.IMPRINT, title="Impressum", body="Angaben gemäß § 5 DDG"
    )
    fields = {"summary_tr": "Bu siteyi Musterstadt Yerel Aile İttifakı yayınlar."}
    if hasattr(page, "summary_tr"):
        LegalPage.objects.filter(pk=page.pk).update(**fields)
    return page


def test_in_turkish_the_summary_comes_first_then_the_note_then_the_german_text(
    imprint: LegalPage,
) -> None:
    if not hasattr(imprint, "summary_tr"):
        pytest.skip("LegalPage.summary is not registered for translation yet")
    html = text(get(language_client("tr"), "/seite/impressum/", "tr"))
    with translation.override("tr"):
        note = translation.gettext("The German version is binding.")
    assert note != "The German version is binding."
    summary = html.index("Bu siteyi Musterstadt")
    binding = html.index(note)
    german = html.index("Angaben gemäß § 5 DDG")
    assert summary < binding < german
    assert re.search(r'<div lang="de" dir="ltr">\s*<p>Angaben gemäß', html)


def test_without_a_summary_the_note_and_the_german_text(imprint: LegalPage) -> None:
    html = text(get(language_client("en"), "/seite/impressum/", "en"))
    assert "The German version is binding." in html
    assert "In brief" not in html
    assert "Angaben gemäß § 5 DDG" in html
    assert "Bu siteyi" not in html  # never another language's summary


def test_in_german_no_note_and_no_summary(imprint: LegalPage) -> None:
    html = text(get(german_client(), "/seite/impressum/"))
    assert "Verbindlich ist die deutsche Fassung" not in html
    assert "Kurz zusammengefasst" not in html
    assert "Angaben gemäß § 5 DDG" in html
