"""Each alliance's own settings take effect (issue 23, point 2): the sender and Reply-To
of its mails, the languages it offers, the parts of the site it uses, its map tiles and
its own domain."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from familienrathaus.core import outbox, parts, tenancy
from familienrathaus.core.models import OutboxMessage, SiteSettings
from tests.conftest import alliance_client, coordinator_with_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(second_alliance: Any) -> Any:
    """Beispieldorf with its own sender and Reply-To; Musterstadt with the install's."""
    second_alliance.sender_email = "info@beispieldorf.de"
    second_alliance.sender_name = "Bündnis Beispieldorf"
    second_alliance.save()
    SiteSettings.objects.update_or_create(defaults={"contact_email": "kontakt@musterstadt.de"})
    with tenancy.activate(second_alliance):
        SiteSettings.objects.update_or_create(
            defaults={
                "contact_email": "kontakt@beispieldorf.de",
                "reply_to_email": "antwort@beispieldorf.de",
            }
        )
    return second_alliance


def sent(message: OutboxMessage) -> Any:
    """The message as the mail server gets it (the worker's delivery, outside any
    alliance: the row carries what it was queued with)."""
    mail.outbox.clear()
    with tenancy.unscoped():
        assert outbox.deliver(message.pk) == "sent"
    (email,) = mail.outbox
    return email


# --------------------------------------------------------------------------- mail


def test_an_alliances_mail_comes_from_its_sender_with_its_reply_to(
    village: Any, settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "Familienrathaus <noreply@install.example>"
    with tenancy.activate(village):
        UserFactory(email="mutter@example.org")
    response = alliance_client(village).post(
        reverse("account_reset_password"), {"email": "mutter@example.org"}
    )
    assert response.status_code == 302
    with tenancy.activate(village):
        reset = OutboxMessage.objects.get(purpose="account:password_reset_key")
    email = sent(reset)
    assert email.from_email == "Bündnis Beispieldorf <info@beispieldorf.de>"
    assert email.reply_to == ["antwort@beispieldorf.de"]
    assert email.message()["From"] is not None

    # Musterstadt has no sender of its own: the install's address under its name, and
    # replies go to its contact address.
    town = outbox.queue_mail(to=["vater@example.org"], subject="Hallo", body_text="Text")
    email = sent(town)
    assert email.from_email == f"{tenancy.require().name} <noreply@install.example>"
    assert email.reply_to == ["kontakt@musterstadt.de"]


def test_the_sender_is_kept_for_a_retry_and_a_mails_own_reply_to_wins(village: Any) -> None:
    with tenancy.activate(village):
        message = outbox.queue_mail(
            to=["a@example.org"], subject="Hallo", body_text="Text", reply_to=["p@example.org"]
        )
        bulk = outbox.queue_bulk(
            [outbox.Mail(to=["b@example.org"], subject="Infobrief", body_text="Text")],
            purpose="test.bulk",
        )
    # The operator changes the sender after the mails were queued.
    village.sender_email = "neu@beispieldorf.de"
    village.save()
    email = sent(message)
    assert email.from_email == "Bündnis Beispieldorf <info@beispieldorf.de>"
    assert email.reply_to == ["p@example.org"]
    with tenancy.activate(village):
        row = OutboxMessage.objects.get(pk=bulk[0].pk)
    assert row.from_email == "Bündnis Beispieldorf <info@beispieldorf.de>"
    assert row.reply_to == ["antwort@beispieldorf.de"]


# --------------------------------------------------------------------------- hosts


def test_an_own_domain_answers_without_being_an_allowed_host(village: Any, settings: Any) -> None:
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    village.domain = "familie.beispieldorf.de"
    village.save()
    page = alliance_client(village).get("/en/", HTTP_HOST="familie.beispieldorf.de")
    assert page.status_code == 200
    assert "Beispieldorf" in page.content.decode()
    # A form posts back to it (CSRF checks the host too) and links stay on it.
    assert page.wsgi_request.build_absolute_uri("/").startswith("http://familie.beispieldorf.de")

    # Any other host is refused, also one that looks like an alliance's.
    for host in ("boese.example.org", "familie.beispieldorf.de.example.org"):
        assert alliance_client(village).get("/en/", HTTP_HOST=host).status_code == 400


# --------------------------------------------------------------------------- map tiles


def img_src(response: Any) -> list[str]:
    policy = response["Content-Security-Policy"]
    return next(p for p in policy.split(";") if p.strip().startswith("img-src")).split()[1:]


def test_an_alliances_map_uses_its_own_tile_server(village: Any, anon_client: Any) -> None:
    village.tile_url = "https://karten.kreis-beispiel.de/{z}/{x}/{y}.png"
    village.tile_attribution = "© Kreis Beispiel"
    village.save()
    page = alliance_client(village).get(reverse("places:map"))
    html = page.content.decode()
    assert 'data-tiles="https://karten.kreis-beispiel.de/{z}/{x}/{y}.png"' in html
    assert "© Kreis Beispiel" in html and "karten.kreis-beispiel.de" in html
    assert img_src(page) == ["'self'", "data:", "https://karten.kreis-beispiel.de"]

    # Musterstadt keeps the install's tile server, and only that one.
    town = anon_client.get(reverse("places:map"))
    assert img_src(town) == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert "kreis-beispiel" not in town.content.decode()


# --------------------------------------------------------------------------- languages


def offer_languages(alliance: Any, codes: list[str]) -> None:
    with tenancy.activate(alliance):
        SiteSettings.objects.update_or_create(defaults={"languages": codes})


def switcher(html: str) -> set[str]:
    nav = html.split('class="frh-language"', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'hreflang="([a-z]+)"', nav))


def test_an_alliance_offers_only_its_languages(village: Any, anon_client: Any) -> None:
    offer_languages(village, ["en", "uk"])  # German is always offered
    client = Client(HTTP_HOST="beispieldorf.localhost")  # Django's: it asks for what it's told
    page = client.get("/")
    html = page.content.decode()
    assert switcher(html) == {"en", "uk"}
    alternates = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)"', html))
    assert alternates == {"de", "en", "uk", "x-default"}
    # Musterstadt offers all six.
    assert switcher(anon_client.get("/").content.decode()) == {"de", "tr", "uk", "ru", "ar"}

    # An address in a language Beispieldorf does not offer: the page in an offered one.
    response = client.get("/tr/angebote/", HTTP_ACCEPT_LANGUAGE="tr, uk;q=0.8")
    assert (response.status_code, response["Location"]) == (302, "/uk/angebote/")
    response = client.get("/ru/angebote/?q=kita", HTTP_ACCEPT_LANGUAGE="ru")
    assert (response.status_code, response["Location"]) == (302, "/angebote/?q=kita")
    # A browser or cookie preferring it does not lead there either.
    assert client.get("/angebote/", HTTP_ACCEPT_LANGUAGE="tr").status_code == 200
    client.cookies["django_language"] = "tr"
    assert client.get("/angebote/").status_code == 200
    switch = client.get("/sprache/", {"language": "tr", "next": "/angebote/"})
    assert switch["Location"] == "/angebote/" and "django_language" not in switch.cookies
    assert anon_client.get("/tr/angebote/").status_code == 200  # Musterstadt's

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/uk/angebote/" in sitemap and "/tr/" not in sitemap


# --------------------------------------------------------------------------- parts


def switch_off(alliance: Any, labels: list[str]) -> None:
    with tenancy.activate(alliance):
        SiteSettings.objects.update_or_create(defaults={"disabled_apps": labels})


def test_a_part_an_alliance_does_not_use_is_gone_there(village: Any, anon_client: Any) -> None:
    switch_off(village, ["events", "holidays"])
    village_client = alliance_client(village)
    events, holidays = reverse("events:list"), reverse("holidays:index")

    home = village_client.get("/").content.decode()
    assert f'href="{events}"' not in home and f'href="{holidays}"' not in home
    assert 'href="/angebote/"' in home  # the guide is always there
    town_home = anon_client.get("/").content.decode()
    assert f'href="{events}"' in town_home and f'href="{holidays}"' in town_home

    for url in (events, holidays, reverse("events:feed_ical"), reverse("lottery:home")):
        assert village_client.get(url).status_code == 404, url
    assert village_client.get("/api/v1/events/").status_code == 404
    assert village_client.get("/api/v1/offers/").status_code == 200
    assert anon_client.get("/api/v1/events/").status_code == 200
    assert anon_client.get(events).status_code == 200
    assert anon_client.get(holidays).status_code == 200

    sitemap = village_client.get("/sitemap.xml").content.decode()
    assert events not in sitemap and holidays not in sitemap and "/angebote/" in sitemap
    assert events in anon_client.get("/sitemap.xml").content.decode()

    with tenancy.activate(village):
        coordinator = coordinator_with_totp("koordination@beispieldorf.example")
        assert not parts.module_used("familienrathaus.events.tasks")
        assert parts.module_used("familienrathaus.offers.tasks")
    dashboard = alliance_client(village, coordinator).get(reverse("core:dashboard"))
    assert dashboard.status_code == 200
    tiles = dashboard.content.decode()
    assert "/verwaltung/veranstaltungen/" not in tiles and "/verwaltung/ferienspass/" not in tiles
    assert "/verwaltung/angebote/" in tiles
    assert parts.module_used("familienrathaus.events.tasks")  # Musterstadt's


def test_a_periodic_body_skips_an_alliance_that_does_not_use_its_part(village: Any) -> None:
    from familienrathaus.events.tasks import prune_registrations

    switch_off(village, ["events"])
    with tenancy.unscoped():
        results = prune_registrations.call()
    assert results == {tenancy.require().slug: 0, "beispieldorf": None}


def test_the_coordinator_chooses_languages_parts_reply_to_and_listing(village: Any) -> None:
    from familienrathaus.core.forms import SiteSettingsForm
    from familienrathaus.core.selectors import site_settings

    with tenancy.activate(village):
        coordinator = coordinator_with_totp("koordination@beispieldorf.example")
        form = SiteSettingsForm(instance=site_settings())
        data = {
            name: value
            for name, value in form.initial.items()
            if name in form.fields
            and not name.startswith(("logo", "sign_video"))
            and value not in (None, "")
        }
    data["offered_shown"] = "True"  # the page's hidden field with the checkboxes
    client = alliance_client(village, coordinator)
    page = client.get(reverse("core:site_settings")).content.decode()
    for label in ("Languages offered", "Parts used", "Reply-to address", "Listed in the directory"):
        assert label.lower() in page.lower(), label
    assert 'value="holidays" id="id_parts_used_' in page and 'value="tr"' in page
    assert 'value="de"' not in page  # German is always offered

    used = [label for label, _name in parts.choices() if label not in ("holidays", "employers")]
    response = client.post(
        reverse("core:site_settings"),
        {
            **data,
            "languages_offered": ["en", "ar"],
            "parts_used": used,
            "reply_to_email": "buero@beispieldorf.de",
            "listed_in_directory": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    with tenancy.activate(village):
        saved = site_settings()
    assert saved.languages == ["de", "en", "ar"]
    assert sorted(saved.disabled_apps) == ["employers", "holidays"]
    assert saved.reply_to_email == "buero@beispieldorf.de" and saved.listed_in_directory
    assert alliance_client(village).get(reverse("holidays:index")).status_code == 404
    home = alliance_client(village, language="de").get("/").content.decode()
    assert switcher(home) == {"en", "ar"}

    # Everything ticked again: every language and part, also those added later.
    every_language = ["en", "tr", "uk", "ru", "ar"]
    all_parts = [label for label, _name in parts.choices()]
    client.post(
        reverse("core:site_settings"),
        {**data, "languages_offered": every_language, "parts_used": all_parts},
    )
    with tenancy.activate(village):
        saved = site_settings()
    assert (saved.languages, saved.disabled_apps) == ([], [])


def test_districts_are_each_alliances_own(village: Any, anon_client: Any) -> None:
    from familienrathaus.core.models import District

    District.objects.create(name="Musterstadt-Nord", slug="nord")
    with tenancy.activate(village):
        District.objects.create(name="Oberdorf", slug="nord")  # the same short name
    village_map = alliance_client(village).get(reverse("places:map")).content.decode()
    town_map = anon_client.get(reverse("places:map")).content.decode()
    assert "Oberdorf" in village_map and "Musterstadt-Nord" not in village_map
    assert "Musterstadt-Nord" in town_map and "Oberdorf" not in town_map
