"""The public offer page /angebote/<slug>/: details, JSON-LD, sharing, "Angabe veraltet?"."""

from __future__ import annotations

import json
import re

import pytest

from familienrathaus.core.models import OutboxMessage
from familienrathaus.offers.models import OfferAttachment, OfferImage, OfferNotice
from tests.factories import (
    OfferFactory,
    OrganisationFactory,
    add_details,
    pdf_upload,
    png_upload,
    published,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

URL = "/angebote/stillcafe/"


@pytest.fixture
def offer():
    partner = OrganisationFactory(
        name="Hebammenpraxis Storchennest", slug="storchennest", website="https://storch.example"
    )
    offer = add_details(
        published(
            organisation=partner,
            title="Stillcafé",
            slug="stillcafe",
            summary="Austausch für stillende Mütter.",
            description="Wir treffen uns **jede Woche**.\n\n- Beratung\n- Kaffee",
            phone="02302 98765",
            email="stillcafe@example.org",
            online_url="https://storch.example/stillcafe",
            cost="free",
            accessibility=["step_free", "child_care"],
            age_max=2,
        )
    )
    OfferImage.objects.create(offer=offer, image=png_upload(), alt_text="Mütter mit Babys")
    OfferImage.objects.create(
        offer=offer, image=png_upload(), alt_text="Noch nicht geprüft", is_pending=True
    )
    OfferAttachment.objects.create(offer=offer, file=pdf_upload(), title="Flyer zum Stillcafé")
    return offer


def json_ld(html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_page_shows_every_detail(anon_client, offer):
    response = anon_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    # No English title yet: the German one stands in, marked as German.
    assert (
        '<h1 id="offer-title" class="kern-heading-large"><span lang="de">Stillcafé</span></h1>'
        in html
    )
    assert "<strong>jede Woche</strong>" in html
    assert "Tuesday</span> 09:00–11:00" in html
    assert "Marktstraße 5<br>12345 Musterstadt (Altstadt)" in html
    assert "Alleinerziehende" in html
    assert "Up to age 2" in html
    assert "step-free access, child care during the offer" in html
    assert '<span lang="tr">Türkisch</span>' in html
    assert 'href="tel:0230298765"' in html
    assert 'href="mailto:stillcafe@example.org"' in html
    assert 'alt="Mütter mit Babys"' in html
    assert "Noch nicht geprüft" not in html  # uploads waiting for review stay hidden
    assert "Flyer zum Stillcafé</a>" in html
    assert "Hebammenpraxis Storchennest" in html


def test_page_has_schema_org_json_ld(anon_client, offer):
    data = json_ld(anon_client.get(URL).content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Service"
    assert data["name"] == "Stillcafé"
    assert data["url"] == "http://testserver/en/angebote/stillcafe/"  # the English page
    assert data["provider"]["@type"] == "Organization"
    assert data["provider"]["name"] == "Hebammenpraxis Storchennest"
    assert data["areaServed"] == [{"@type": "Place", "name": "Altstadt"}]
    assert {"@type": "Audience", "audienceType": "Alleinerziehende"} in data["audience"]
    assert {"@type": "PeopleAudience", "suggestedMaxAge": 2} in data["audience"]
    assert {"@type": "Language", "name": "Türkisch", "alternateName": "tr"} in data[
        "availableLanguage"
    ]
    assert data["offers"]["price"] == 0
    assert data["offers"]["priceCurrency"] == "EUR"
    assert data["hoursAvailable"][0]["dayOfWeek"] == "https://schema.org/Tuesday"
    place = data["availableChannel"][0]["serviceLocation"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.401, "longitude": 7.19}


def test_offers_with_a_fee_have_no_price_zero(anon_client, offer):
    offer.cost = "fee"
    offer.cost_note = "5 € pro Treffen"
    offer.save()

    data = json_ld(anon_client.get(URL).content.decode())

    assert "price" not in data["offers"]
    assert data["offers"]["description"] == "5 € pro Treffen"


def test_text_from_the_offer_cannot_break_out_of_the_json_ld(anon_client):
    published(
        title='Kurs </script><script>alert("x")</script>',
        slug="kurs",
        summary="<b>&</b>",
        description="<script>alert(1)</script><img src=x onerror=alert(2)>",
    )

    html = anon_client.get("/angebote/kurs/").content.decode()

    assert "<script>alert" not in html
    assert "onerror" not in html
    assert json_ld(html)["name"] == 'Kurs </script><script>alert("x")</script>'


def test_share_links_are_plain_urls(anon_client, offer):
    html = anon_client.get(URL).content.decode()

    assert 'href="mailto:?subject=Stillcaf%C3%A9&amp;body=' in html
    # The English page shares its own address.
    assert (
        'href="https://wa.me/?text=Stillcaf%C3%A9%20%E2%80%93%20http%3A//testserver/en/angebote/stillcafe/"'
        in html
    )
    assert 'readonly value="http://testserver/en/angebote/stillcafe/"' in html
    # No third-party script or frame: every script is our own.
    assert not re.search(r"<script[^>]+src=\"https?://", html)
    assert "<iframe" not in html


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "rejected", "archived"])
def test_unpublished_offers_are_not_found(anon_client, partner_client, organisation, status):
    OfferFactory(organisation=organisation, status=status, slug="entwurf")

    assert anon_client.get("/angebote/entwurf/").status_code == 404
    # Not even for its own partner: they use the preview in the back office.
    assert partner_client.get("/angebote/entwurf/").status_code == 404


def test_partner_previews_their_own_draft(partner_client, organisation):
    draft = add_details(OfferFactory(organisation=organisation, title="Neues Elterncafé"))

    response = partner_client.get(f"/verwaltung/angebote/{draft.pk}/vorschau/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Neues Elterncafé" in html
    assert "Preview:" in html
    assert 'name="robots" content="noindex"' in html
    assert "application/ld+json" not in html


# ------------------------------------------------------------- Angabe veraltet?


def notice(**changes: str) -> dict[str, str]:
    data = {
        "notice-message": "Die Sprechstunde ist jetzt donnerstags.",
        "notice-email": "mutter@example.org",
        "notice-website": "",
    }
    data.update(changes)
    return data


def test_notice_is_stored_and_mailed_to_the_coordinators(anon_client, offer, coordinator):
    response = anon_client.post(URL, notice(), follow=True)

    assert response.redirect_chain == [(URL + "#hinweis", 302)]
    assert "Thank you. Your notice has reached the coordinators." in response.content.decode()
    stored = OfferNotice.objects.get()
    assert (stored.offer, stored.message, stored.email) == (
        offer,
        "Die Sprechstunde ist jetzt donnerstags.",
        "mutter@example.org",
    )
    mail = OutboxMessage.objects.get(purpose="offer.notice")
    assert mail.to == ["koordination@example.org"]
    assert mail.reply_to == ["mutter@example.org"]
    assert "Stillcafé" in mail.subject
    assert "Die Sprechstunde ist jetzt donnerstags." in mail.body_text


def test_empty_notice_is_explained_and_keeps_the_address(anon_client, offer):
    response = anon_client.post(URL, notice(**{"notice-message": "  "}))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_notice-message-error">\s*<p class="kern-body">', html)
    assert 'value="mutter@example.org"' in html
    assert not OfferNotice.objects.exists()


def test_bots_filling_the_hidden_field_are_ignored(anon_client, offer):
    anon_client.post(URL, notice(**{"notice-website": "http://spam.example"}))

    assert not OfferNotice.objects.exists()


def test_notices_are_rate_limited(anon_client, offer):
    for _ in range(5):
        anon_client.post(URL, notice())

    response = anon_client.post(URL, notice(), follow=True)

    assert "Too many messages" in response.content.decode()
    assert OfferNotice.objects.count() == 5
