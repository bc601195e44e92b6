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
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from familienrathaus.core import selectors, uploads
from familienrathaus.core.forms import SiteSettingsForm
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
    assert re.search(r'<div lang="de">\s*<p>Angaben gemäß', html)


def test_in_arabic_the_german_text_keeps_its_direction(imprint: LegalPage) -> None:
    html = text(get(language_client("ar"), "/seite/impressum/", "ar"))
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
    assert "Kurz gesagt" not in html
    assert "Angaben gemäß § 5 DDG" in html


# --------------------------------------------------------------------------- sign language

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x02\x42\x85\x81\x02" + b"\x00" * 200
)
VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nWillkommen beim Bündnis für Familie.\n".encode()


def upload(name: str, content: bytes, content_type: str) -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_settings(client: Client, **files: Any) -> Any:
    """Send the site settings form as it is, plus ``files``; returns the answer."""
    page = client.get("/verwaltung/einstellungen/", follow=True)
    assert page.status_code == 200
    form = SiteSettingsForm(instance=selectors.site_settings())
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields
        and not name.startswith(("logo", "sign_video"))  # files: only those given
        and value is not None
    }
    return client.post(page.request["PATH_INFO"], {**data, **files})


def video_html(path: str) -> str:
    html = text(get(german_client(), path))
    start = html.find("<video")
    return "" if start < 0 else html[start : html.index("</video>", start)]


def test_nothing_is_shown_without_a_video(db: None) -> None:
    assert video_html("/") == ""
    assert video_html("/seite/barrierefreiheit/") == ""


def test_a_coordinator_uploads_the_start_pages_video_with_captions(
    coordinator_client: Client, settings: Any
) -> None:
    response = post_settings(
        coordinator_client,
        sign_video_home=upload("Mein Video.MP4", MP4, "video/mp4"),
        sign_video_home_captions=upload("untertitel.vtt", VTT, "text/vtt"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    video = video_html("/")
    assert video.startswith('<video controls preload="none"')
    source = re.search(r'<source src="([^"]+)" type="video/mp4">', video)
    track = re.search(
        r'<track kind="captions" srclang="de" label="Deutsch" src="([^"]+)" default>', video
    )
    assert source and track
    assert re.fullmatch(
        r"/media/site/gebaerdensprache/gebaerdensprache-startseite\w*\.mp4", source[1]
    )
    assert track[1].endswith(".vtt")
    stored = Path(settings.MEDIA_ROOT) / source[1].removeprefix("/media/")
    assert stored.read_bytes() == MP4
    assert (
        "Willkommen beim Bündnis"
        in (Path(settings.MEDIA_ROOT) / track[1].removeprefix("/media/")).read_text()
    )
    # The accessibility statement has its own slot, still empty.
    assert video_html("/seite/barrierefreiheit/") == ""


def test_the_accessibility_statement_gets_a_webm_video(coordinator_client: Client) -> None:
    response = post_settings(
        coordinator_client,
        sign_video_accessibility=upload("erklaerung.webm", WEBM, "video/webm"),
        sign_video_accessibility_captions=upload("erklaerung.vtt", VTT, "text/vtt"),
    )
    assert response.status_code == 302
    video = video_html("/seite/barrierefreiheit/")
    assert 'type="video/webm"' in video and 'kind="captions"' in video
    assert video_html("/") == ""


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        (
            {"sign_video_home": ("v.mp4", MP4, "video/mp4")},
            "sign_video_home_captions",
            "Please add the captions (WebVTT) for this video.",
        ),
        (
            {"sign_video_home_captions": ("u.vtt", VTT, "text/vtt")},
            "sign_video_home",
            "Please upload the video for these captions.",
        ),
        (
            {
                "sign_video_home": (
                    "v.mp4",
                    b"<html><script>alert(1)</script></html>",
                    "video/mp4",
                ),
                "sign_video_home_captions": ("u.vtt", VTT, "text/vtt"),
            },
            "sign_video_home",
            "Please upload a video in MP4 or WebM format.",
        ),
        (
            {
                "sign_video_home": ("v.mp4", MP4, "video/mp4"),
                "sign_video_home_captions": ("u.vtt", b"1\n00:00 --> 00:01\nHallo", "text/vtt"),
            },
            "sign_video_home_captions",
            "Please upload captions as a WebVTT file (.vtt) that starts with WEBVTT.",
        ),
    ],
)
def test_bad_uploads_are_refused_next_to_the_field(
    coordinator_client: Client, files: dict[str, tuple[str, bytes, str]], field: str, message: str
) -> None:
    response = post_settings(
        coordinator_client, **{name: upload(*spec) for name, spec in files.items()}
    )
    assert response.status_code == 200
    html = text(response)
    assert message in html
    error_at = html.index(message)
    assert html.rfind(f'name="{field}"') > html.rfind("<fieldset", 0, error_at)
    assert video_html("/") == ""


def test_a_video_too_large_is_refused(coordinator_client: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr(uploads, "VIDEO_MAX_BYTES", 100)
    response = post_settings(
        coordinator_client,
        sign_video_home=upload("v.mp4", MP4, "video/mp4"),
        sign_video_home_captions=upload("u.vtt", VTT, "text/vtt"),
    )
    assert response.status_code == 200
    assert "The file is too large" in text(response)
    assert video_html("/") == ""


def test_an_untranslated_title_is_marked_german(imprint: LegalPage) -> None:
    html = text(get(language_client("en"), "/seite/impressum/", "en"))
    assert re.search(
        r'<h1 class="kern-heading-large"><span lang="de"[^>]*>Impressum</span></h1>', html
    )
    LegalPage.objects.filter(pk=imprint.pk).update(title_en="Legal notice")
    html = text(get(language_client("en"), "/seite/impressum/", "en"))
    assert '<h1 class="kern-heading-large">Legal notice</h1>' in html
