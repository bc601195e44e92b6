"""Two defects of the newsletter, fixed:

- "Send" asks first: it names the number of recipients (and the time, if scheduled)
  and queues nothing until the coordinator confirms exactly that.
- The test mail's "read in the browser" link works before the edition is sent,
  without the unsent edition becoming visible to anybody else.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.test import Client
from django.utils import timezone, translation

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Delivery, Edition
from tests.factories import NewsPostFactory, SubscriberFactory, TopicFactory, edition_with

pytestmark = pytest.mark.django_db


def send_url(edition: Edition) -> str:
    return f"/verwaltung/infobrief/ausgaben/{edition.pk}/senden/"


def nothing_queued(edition: Edition) -> bool:
    edition.refresh_from_db()
    return (
        edition.status == Edition.Status.DRAFT
        and edition.scheduled_at is None
        and not edition.tick_token
        and not Delivery.objects.filter(edition=edition).exists()
        and not OutboxMessage.objects.filter(purpose=services.PURPOSE_EDITION).exists()
    )


# --------------------------------------------------------------------------- 1. confirm


def test_send_asks_first_naming_the_number_of_recipients(coordinator_client: Client) -> None:
    for number in range(3):
        SubscriberFactory(email=f"leser{number}@example.org")
    SubscriberFactory(email="weg@example.org", status="unsubscribed")
    edition = edition_with(subject="Infobrief Winter")

    page = coordinator_client.post(send_url(edition), {"send_at": ""})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Send the edition?" in html
    assert "“Infobrief Winter” will be sent now to <strong>3 recipients</strong>." in html
    assert "Yes, send it to 3 recipients" in html
    assert re.search(r'<input type="hidden" name="confirm" value="1">', html)
    assert nothing_queued(edition)

    coordinator_client.post(send_url(edition), {"send_at": "", "confirm": "1", "recipients": "3"})
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED


def test_the_confirmation_names_the_time_of_a_scheduled_send(coordinator_client: Client) -> None:
    SubscriberFactory(email="eine@example.org")
    edition = edition_with(subject="Infobrief Frühling")
    later = timezone.localtime() + timedelta(days=3)
    value = later.strftime("%Y-%m-%dT%H:%M")

    html = coordinator_client.post(send_url(edition), {"send_at": value}).content.decode()

    with translation.override("en"):
        day, time = date_filter(later, "DATE_FORMAT"), time_filter(later, "TIME_FORMAT")
    assert f"will be sent on {day} at {time} to the subscribers active then" in html
    assert "at the moment that is <strong>1 recipient</strong>." in html
    assert f'name="send_at" value="{value}"' in html  # carried to the confirmation
    assert nothing_queued(edition)

    coordinator_client.post(
        send_url(edition), {"send_at": value, "confirm": "1", "recipients": "1"}
    )
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED
    assert timezone.localtime(edition.scheduled_at).strftime("%Y-%m-%dT%H:%M") == value


def test_the_confirmation_names_the_topics(coordinator_client: Client) -> None:
    kita = TopicFactory(name="Kita und Schule")
    SubscriberFactory(email="kita@example.org").topics.add(kita)
    SubscriberFactory(email="anderes@example.org")
    edition = edition_with()
    edition.topics.add(kita)
    html = coordinator_client.post(send_url(edition), {}).content.decode()
    assert "<strong>1 recipient</strong>" in html
    assert "Only subscribers of these topics get it: Kita und Schule" in html


@pytest.mark.parametrize(
    "post",
    [
        {},  # the old form, no confirmation at all
        {"recipients": "2"},  # without the confirmation
        {"confirm": "1"},  # confirmed without seeing how many
        {"confirm": "yes", "recipients": "2"},
    ],
)
def test_send_without_the_confirmation_sends_nothing(
    coordinator_client: Client, post: dict[str, str]
) -> None:
    SubscriberFactory(email="a@example.org")
    SubscriberFactory(email="b@example.org")
    edition = edition_with()
    response = coordinator_client.post(send_url(edition), post)
    assert response.status_code == 200
    assert "Send the edition?" in response.content.decode()
    assert nothing_queued(edition)


def test_a_changed_number_of_recipients_must_be_confirmed_again(
    coordinator_client: Client,
) -> None:
    SubscriberFactory(email="a@example.org")
    edition = edition_with()
    coordinator_client.post(send_url(edition), {})  # the page said: 1 recipient
    SubscriberFactory(email="neu@example.org")  # ... then an import added one
    html = coordinator_client.post(
        send_url(edition), {"confirm": "1", "recipients": "1"}
    ).content.decode()
    assert "The number of recipients has changed" in html
    assert "<strong>2 recipients</strong>" in html
    assert nothing_queued(edition)


def test_an_edition_being_sent_is_not_confirmed_again(coordinator_client: Client) -> None:
    edition = edition_with(status=Edition.Status.SENDING)
    page = coordinator_client.post(send_url(edition), {}, follow=True).content.decode()
    assert "This edition is already being sent." in page
    assert "Send the edition?" not in page


def test_the_edition_page_sends_to_the_confirmation(coordinator_client: Client) -> None:
    edition = edition_with()
    html = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/").content.decode()
    form = re.search(rf'<form method="post" action="{send_url(edition)}".*?</form>', html, re.S)
    assert form is not None
    assert 'name="confirm"' not in form.group(0)  # one click alone never sends


def test_only_coordinators_get_the_confirmation(partner_client: Client) -> None:
    edition = edition_with()
    assert partner_client.post(send_url(edition), {}).status_code == 403


# --------------------------------------------------------------------------- 2. browser link


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
