"""A coordinator edits who the alliance is and how the site looks."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from familienrathaus.core import forms as core_forms
from familienrathaus.core.models import AuditEntry, SiteSettings

pytestmark = pytest.mark.django_db

URL = reverse("core:site_settings")


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "alliance_name": "Lokales Bündnis für Familie Teststadt",
        "municipality": "Stadt Teststadt",
        "federal_state": "NW",
        "tagline": "Gemeinsam für Familien",
        "logo_alt": "",
        "primary_colour": "#0b5394",
        "contact_email": "familienbuero@teststadt.example",
        "contact_phone": "01234 56789-0",
        "contact_address": "Rathausplatz 1\n12345 Teststadt",
        "notification_email": "",
        # What the page shows when nobody touches the bank block (see the test below).
        "bank_account_holder": "",
        "bank_iban": "",
        "bank_bic": "",
        "payment_days": "14",
        "facebook_url": "",
        "instagram_url": "",
        "mastodon_url": "",
        "youtube_url": "",
    }
    data.update(changes)
    return data


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b5394").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def brand_name(html: str) -> str:
    # The name is isolated with <bdi> (it stays left-to-right on Arabic pages).
    match = re.search(r'<span class="frh-brand__name"><bdi>([^<]*)</bdi></span>', html)
    assert match, "no alliance name in the page header"
    return match.group(1)


def field_error(html: str, field: str) -> str:
    """The error text shown next to a field (empty if none)."""
    match = re.search(rf'<div class="kern-error" id="id_{field}-error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_new_alliance_name_shows_up_in_the_home_page_header(coordinator_client, anon_client):
    response = coordinator_client.post(URL, form_data(alliance_name="Bündnis für Familie Hamm"))

    assert response.status_code == 302
    assert response["Location"] == URL
    assert brand_name(anon_client.get("/").content.decode()) == "Bündnis für Familie Hamm"
    entry = AuditEntry.objects.get(action="site_settings.update")
    assert entry.who == "koordination@example.org"
    assert entry.changes["alliance_name"] == {
        "before": "Lokales Bündnis für Familie",
        "after": "Bündnis für Familie Hamm",
    }


def test_saved_settings_say_so(coordinator_client):
    response = coordinator_client.post(URL, form_data(), follow=True)

    assert "The site settings were saved." in response.content.decode()


def test_settings_page_offers_the_stored_days_to_pay_so_saving_keeps_them(coordinator_client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"payment_days": 21})
    html = coordinator_client.get(URL).content.decode()
    assert re.search(r'<input type="number" name="payment_days" value="21"', html)

    response = coordinator_client.post(URL, form_data(payment_days="21"))
    assert response.status_code == 302
    assert SiteSettings.objects.get().payment_days == 21


def test_days_to_pay_out_of_range_get_a_message_and_the_page_says_the_range(
    coordinator_client,
):
    html = coordinator_client.get(URL).content.decode()
    field = re.search(r'<input type="number" name="payment_days"[^>]*>', html)
    assert field and 'min="1"' in field.group(0) and 'max="90"' in field.group(0)

    response = coordinator_client.post(URL, form_data(payment_days="0", tagline="Neu"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "greater than or equal to 1" in field_error(html, "payment_days")
    assert 'value="Neu"' in html


def test_new_colour_reaches_the_pages_families_get(coordinator_client, anon_client):
    coordinator_client.post(URL, form_data(primary_colour="#1a5e20"))

    page = anon_client.get(reverse("core:home"), follow=True)

    assert page.status_code == 200
    styles = re.findall(r"<style>(.*?)</style>", page.content.decode(), re.S)
    assert any("--frh-color-primary: #1a5e20;" in style for style in styles), styles
    # The stylesheet of the colours alone (no page links it; benches time it as a bare view).
    css = anon_client.get(reverse("core:theme_css")).content.decode()
    assert "--frh-color-primary: #1a5e20;" in css


def test_too_light_colour_is_refused_and_typed_values_are_kept(coordinator_client):
    response = coordinator_client.post(
        URL, form_data(alliance_name="Bündnis Ilmenau", primary_colour="#ffff00")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This colour is too light" in field_error(html, "primary_colour")
    assert 'value="Bündnis Ilmenau"' in html
    assert 'value="01234 56789-0"' in html
    assert "Rathausplatz 1\n12345 Teststadt</textarea>" in html
    assert SiteSettings.objects.get().alliance_name == "Lokales Bündnis für Familie"


@pytest.mark.parametrize("colour", ["blue", "#12345", "#zzzzzz"])
def test_something_that_is_no_colour_gets_a_message(coordinator_client, colour):
    response = coordinator_client.post(URL, form_data(primary_colour=colour))

    assert response.status_code == 200
    assert "#RRGGBB" in field_error(response.content.decode(), "primary_colour")


def test_logo_without_alternative_text_is_refused(coordinator_client):
    response = coordinator_client.post(URL, {**form_data(), "logo": png_upload()})

    assert response.status_code == 200
    assert "Please describe the logo" in field_error(response.content.decode(), "logo_alt")
    assert not SiteSettings.objects.get().logo


def test_logo_with_alternative_text_is_shown_with_it(coordinator_client, anon_client):
    data = {**form_data(logo_alt="Logo: ein Haus mit drei Figuren"), "logo": png_upload()}

    response = coordinator_client.post(URL, data)

    assert response.status_code == 302
    logo = SiteSettings.objects.get().logo
    assert logo.name.startswith("site/")
    html = anon_client.get("/").content.decode()
    assert re.search(f'<img [^>]*src="{logo.url}"[^>]*alt="Logo: ein Haus mit drei Figuren"', html)


def test_too_big_logo_is_refused(coordinator_client, monkeypatch):
    monkeypatch.setattr(core_forms, "MAX_LOGO_BYTES", 10)  # instead of a 2 MB upload

    response = coordinator_client.post(URL, {**form_data(logo_alt="Logo"), "logo": png_upload()})

    assert response.status_code == 200
    assert "The logo may be at most" in field_error(response.content.decode(), "logo")
    assert not SiteSettings.objects.get().logo
