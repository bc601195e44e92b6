"""The social-media kit: post text and a 1080×1080 PNG in the alliance's design."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from PIL import Image, ImageDraw

from familienrathaus.core.selectors import site_settings
from familienrathaus.news import socialkit
from tests.factories import NewsPostFactory, make_event, published

pytestmark = pytest.mark.django_db


def test_coordinator_gets_text_and_square_card_for_an_offer(coordinator_client: Client) -> None:
    settings_row = site_settings()
    settings_row.primary_colour = "#7a1f5c"
    settings_row.save()
    offer = published(title="Babyschwimmen im Hallenbad", slug="babyschwimmen")
    page = coordinator_client.get(f"/verwaltung/neuigkeiten/social-media/?art=offer&id={offer.pk}")
    text = page.content.decode()
    assert "Babyschwimmen im Hallenbad" in text
    with translation.override("en"):  # the coordinator's language: the English page
        assert f"http://127.0.0.1:8000{offer.get_absolute_url()}" in text

    card = coordinator_client.get(
        f"/verwaltung/neuigkeiten/social-media/offer/{offer.pk}.png?download=1"
    )
    assert card["Content-Type"] == "image/png"
    assert "attachment" in card["Content-Disposition"]
    image = Image.open(io.BytesIO(card.content))
    assert image.size == (1080, 1080)
    assert image.convert("RGB").getpixel((10, 10)) == (0x7A, 0x1F, 0x5C)  # the site's colour
    assert image.convert("RGB").getpixel((10, 1070)) == (255, 255, 255)  # the name band


def test_news_post_card_is_its_open_graph_image(anon_client: Client) -> None:
    post = NewsPostFactory(title="Sommerfest")
    card = anon_client.get(f"{post.get_absolute_url()}karte.png")
    assert card.status_code == 200
    assert Image.open(io.BytesIO(card.content)).size == (1080, 1080)
    assert anon_client.get("/aktuelles/unbekannt/karte.png").status_code == 404


def test_unpublished_things_have_no_card(coordinator_client: Client) -> None:
    post = NewsPostFactory(status="draft")
    response = coordinator_client.get(f"/verwaltung/neuigkeiten/social-media/news/{post.pk}.png")
    assert response.status_code == 404


def test_post_text_names_the_alliance() -> None:
    item = socialkit.ShareItem(
        title="Fest", summary="Alle sind eingeladen.", url="https://x.example/"
    )
    text = socialkit.post_text(item, alliance_name="Bündnis für Familie Musterstadt")
    assert text.splitlines()[0] == "Fest"
    assert "https://x.example/" in text
    assert "#BündnisFürFamilieMusterstadt" in text


def test_sources_are_a_registry_with_events() -> None:
    kinds = {source.kind for source in socialkit.sources()}
    assert {"news", "offer"} <= kinds
    try:
        from familienrathaus.events.models import Event  # noqa: F401
    except ImportError:
        return
    assert "event" in kinds


def test_partners_and_families_have_no_kit(partner_client: Client, family_client: Client) -> None:
    assert partner_client.get("/verwaltung/neuigkeiten/social-media/").status_code == 403
    assert family_client.get("/verwaltung/neuigkeiten/social-media/").status_code == 403


def test_coordinator_gets_a_card_for_an_event(coordinator_client: Client) -> None:

    event = make_event(title="Vortrag: Medien in der Familie")
    page = coordinator_client.get(f"/verwaltung/neuigkeiten/social-media/?art=event&id={event.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vortrag: Medien in der Familie" in text
    assert event.get_absolute_url() in text
    card = coordinator_client.get(f"/verwaltung/neuigkeiten/social-media/event/{event.pk}.png")
    assert Image.open(io.BytesIO(card.content)).size == (1080, 1080)


def test_offer_page_has_open_graph_tags_with_a_public_picture_card(anon_client: Client) -> None:
    offer = published(title="Babyschwimmen im Hallenbad", slug="babyschwimmen")
    page = anon_client.get(offer.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Babyschwimmen im Hallenbad">' in page
    assert f'<meta property="og:description" content="{offer.summary}">' in page
    with translation.override("en"):  # the English page's own address, /en/angebote/…
        english_url = offer.get_absolute_url()
    assert re.search(rf'<meta property="og:url" content="https?://[^"/]+{english_url}">', page)
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    image_url = re.search(
        r'<meta property="og:image" content="http://127\.0\.0\.1:8000([^"]+)">', page
    )
    assert image_url is not None

    card = anon_client.get(image_url.group(1))  # no login: social networks fetch it
    assert card.status_code == 200
    assert card["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(card.content)).size == (1080, 1080)


def test_public_card_only_for_published_things(anon_client: Client) -> None:
    offer = published(title="Bald vorbei", slug="bald-vorbei")
    offer.status = "archived"
    offer.save()
    assert anon_client.get(f"/teilen/offer/{offer.pk}.png").status_code == 404
    assert anon_client.get(f"/teilen/unbekannt/{offer.pk}.png").status_code == 404


def _text_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    background = image.getpixel((10, 10))
    region = image.crop(box)
    colours = region.getcolors(maxcolors=region.width * region.height) or []
    return sum(count for count, colour in colours if colour != background)


def test_long_german_words_stay_inside_the_card(coordinator_client: Client) -> None:
    post = NewsPostFactory(
        title="Kinder- und Jugendhilfeeinrichtungsverwaltungsmitarbeiterfortbildung "
        "im Familienbildungsstättenverbund"
    )
    card = coordinator_client.get(f"/verwaltung/neuigkeiten/social-media/news/{post.pk}.png")
    image = Image.open(io.BytesIO(card.content)).convert("RGB")
    # Nothing drawn in the right margin (84 px) above the name band.
    assert _text_pixels(image, (1080 - 70, 0, 1080, 1080 - 150)) == 0
    assert _text_pixels(image, (84, 84, 1080 - 84, 400)) > 0  # but the title is there


def test_a_title_too_long_for_five_lines_ends_with_an_ellipsis() -> None:
    image = Image.new("RGB", (10, 10))
    draw = ImageDraw.Draw(image)
    _size, _font, lines = socialkit._title_lines(draw, "Ferienspaß " * 40, 1080 - 2 * 84)
    assert len(lines) == 5
    assert lines[-1].endswith("Ferienspaß …")
