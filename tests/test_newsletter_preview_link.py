"""The test mail's "read in the browser" link works before the edition is sent, through a
signed preview link that names one edition and expires, without the unsent edition
becoming visible to anybody else; once sending starts it leads to the public page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Edition
from tests.factories import NewsPostFactory, SubscriberFactory, edition_with

pytestmark = pytest.mark.django_db


BROWSER_LINK = re.compile(r"https?://[^\s\"<>]+/infobrief/(?:vorschau|archiv)/[^/\s\"<>]+/")


def browser_link(message: OutboxMessage) -> str:
    """The "read in the browser" link, the same in the HTML and the plain-text part."""
    in_html = set(BROWSER_LINK.findall(message.body_html))
    in_text = set(BROWSER_LINK.findall(message.body_text))
    assert len(in_html) == 1 and in_html == in_text, (in_html, in_text)
    return in_html.pop().removeprefix("http://testserver")


@pytest.fixture
def test_mail(coordinator_client: Client, coordinator: User, settings: Any) -> Any:
    settings.SITE_URL = "http://testserver"
    edition = edition_with(subject="Infobrief Sommer", slug="infobrief-sommer")
    edition.news.set([NewsPostFactory(title="Neue Kita eröffnet")])
    coordinator_client.post(f"/verwaltung/infobrief/ausgaben/{edition.pk}/test/")
    message = OutboxMessage.objects.get(purpose=services.PURPOSE_TEST)
    return edition, browser_link(message)


def test_the_browser_link_of_the_test_mail_works_before_sending(
    test_mail: Any, anon_client: Client
) -> None:
    edition, link = test_mail
    assert link != edition.get_absolute_url()
    # Opened in a mail program, on a phone, without being logged in.
    page = anon_client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Infobrief Sommer" in html and "Neue Kita eröffnet" in html
    assert "Preview: this edition has not been sent yet and is not public." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "noindex" in page["X-Robots-Tag"]
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT  # nothing was published


def test_the_unsent_edition_stays_hidden_from_the_public(
    test_mail: Any, anon_client: Client, partner_client: Client, family_client: Client
) -> None:
    edition, link = test_mail
    for client in (anon_client, partner_client, family_client):
        assert client.get(edition.get_absolute_url()).status_code == 404
    assert "Infobrief Sommer" not in anon_client.get("/infobrief/archiv/").content.decode()
    assert "Infobrief Sommer" not in anon_client.get("/infobrief/archiv/feed/").content.decode()
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert anon_client.get(f"/infobrief/vorschau/{forged}/").status_code == 404
    assert anon_client.get("/infobrief/vorschau/kaputt/").status_code == 404


def test_the_preview_link_expires(test_mail: Any, anon_client: Client, settings: Any) -> None:
    _edition, link = test_mail
    settings.NEWSLETTER_PREVIEW_MAX_AGE = -1
    assert anon_client.get(link).status_code == 404


def test_the_preview_link_names_one_edition(test_mail: Any, anon_client: Client) -> None:
    edition, link = test_mail
    Edition.objects.filter(pk=edition.pk).update(slug="ein-anderer-infobrief")
    assert anon_client.get(link).status_code == 404


def test_coordinators_see_the_unsent_archive_page(
    test_mail: Any, coordinator_client: Client
) -> None:
    """The mail preview in the back office links to the archive page: for a
    coordinator that works before sending too."""
    edition, _link = test_mail
    page = coordinator_client.get(edition.get_absolute_url())
    assert page.status_code == 200
    assert "Preview: this edition has not been sent yet" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_once_sending_starts_the_link_leads_to_the_public_page(
    test_mail: Any, anon_client: Client, coordinator: User
) -> None:
    edition, link = test_mail
    SubscriberFactory(email="leser@example.org")
    services.schedule(actor=coordinator, edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING
    # The first recipients read it in the browser while the others still wait.
    page = anon_client.get(edition.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Neue Kita eröffnet" in html and "Preview:" not in html
    response = anon_client.get(link)
    assert response.status_code == 302 and response["Location"] == edition.get_absolute_url()
    # The mails themselves link to the public page, not to a preview.
    mail = OutboxMessage.objects.get(purpose=services.PURPOSE_EDITION)
    assert browser_link(mail) == edition.get_absolute_url()
