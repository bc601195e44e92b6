"""Subscribing: double opt-in, expiring links, consent proof, no leaks, one-click unsubscribe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Subscriber
from tests.factories import SubscriberFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def subscribe(client: Client, email: str = "mama@example.org", **extra: Any) -> Any:
    data = {"email": email, "language": "de", "consent": "on", "website": "", **extra}
    return client.post("/infobrief/", data, REMOTE_ADDR="203.0.113.7")


def link_in(message: OutboxMessage, path: str) -> str:
    found = re.search(r"https?://[^\s]+" + re.escape(path) + r"[^\s]+/", message.body_text)
    assert found, message.body_text
    return found.group(0).split("8000", 1)[1]


def test_double_opt_in_with_consent_record(anon_client: Client) -> None:
    topic = TopicFactory(name="Ferienspaß", slug="ferienspass")
    response = subscribe(anon_client, "Mama@Example.org", topics=[topic.pk])
    assert response.status_code == 302
    assert response["Location"] == "/infobrief/danke/"
    assert not Subscriber.objects.exists()  # nothing stored before the confirmation
    mail = OutboxMessage.objects.get(purpose="newsletter.confirm")
    assert mail.to == ["mama@example.org"]
    confirm = link_in(mail, "/infobrief/bestaetigen/")

    page = anon_client.get(confirm)  # a mail scanner opening the link confirms nothing
    assert "Confirm your subscription" in page.content.decode()
    assert not Subscriber.objects.exists()

    done = anon_client.post(confirm)
    assert "you are subscribed" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "active"
    assert subscriber.email == "mama@example.org"
    assert list(subscriber.topics.all()) == [topic]
    assert subscriber.language == "de"
    assert subscriber.consent_requested_at is not None
    assert subscriber.confirmed_at is not None
    assert subscriber.confirmed_at >= subscriber.consent_requested_at
    assert subscriber.consent_version
    assert "Familien-Infobrief" in subscriber.consent_text
    assert subscriber.ip_hash and "203.0.113.7" not in subscriber.ip_hash
    assert len(subscriber.ip_hash) == 64
    entry = AuditEntry.objects.get(action="newsletter.subscribe")
    assert "mama@example.org" not in entry.object_repr


def test_confirmation_link_expires(anon_client: Client, settings: Any) -> None:
    subscribe(anon_client)
    confirm = link_in(OutboxMessage.objects.get(), "/infobrief/bestaetigen/")
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    response = anon_client.post(confirm)
    assert response.status_code == 400
    assert "The link has expired" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_changed_link_does_not_work(anon_client: Client) -> None:
    subscribe(anon_client)
    confirm = link_in(OutboxMessage.objects.get(), "/infobrief/bestaetigen/")
    response = anon_client.post(confirm.replace("/bestaetigen/", "/bestaetigen/x"))
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_subscribed_and_unknown_addresses_look_the_same(anon_client: Client) -> None:
    SubscriberFactory(email="schon@example.org")
    known = subscribe(anon_client, "schon@example.org")
    unknown = subscribe(anon_client, "neu@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    page_known = token.sub("", anon_client.get(known["Location"]).content.decode())
    page_unknown = token.sub("", anon_client.get(unknown["Location"]).content.decode())
    assert page_known == page_unknown
    # The subscribed address gets its preferences link, not a second subscription.
    already = OutboxMessage.objects.get(to=["schon@example.org"])
    assert already.purpose == "newsletter.already"
    assert "/infobrief/einstellungen/" in already.body_text


def test_honeypot_sends_nothing(anon_client: Client) -> None:
    response = subscribe(anon_client, website="http://spam.example")
    assert response.status_code == 302  # the bot learns nothing
    assert not OutboxMessage.objects.exists()


def test_consent_is_required(anon_client: Client) -> None:
    response = anon_client.post("/infobrief/", {"email": "a@example.org", "language": "de"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert 'value="a@example.org"' in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_subscribing_is_rate_limited(anon_client: Client) -> None:
    for number in range(10):
        assert subscribe(anon_client, f"a{number}@example.org").status_code == 302
    blocked = subscribe(anon_client, "late@example.org")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert not OutboxMessage.objects.filter(to=["late@example.org"]).exists()


def test_one_address_gets_few_confirmation_mails(anon_client: Client) -> None:
    for _ in range(5):
        subscribe(anon_client, "opfer@example.org")
    assert OutboxMessage.objects.filter(to=["opfer@example.org"]).count() == 3


def test_one_click_unsubscribe_without_session_or_csrf() -> None:
    subscriber = SubscriberFactory(email="weg@example.org")
    url = services.unsubscribe_url(subscriber).split("8000", 1)[1]
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    assert subscriber.unsubscribed_at is not None
    # Twice is fine.
    again = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200


def test_unsubscribe_link_shows_a_button_first(anon_client: Client) -> None:
    subscriber = SubscriberFactory(email="klick@example.org")
    url = services.unsubscribe_url(subscriber).split("8000", 1)[1]
    page = anon_client.get(url)
    assert "Stop sending the Familien-Infobrief to klick@example.org?" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    anon_client.post(url)
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_forged_unsubscribe_link_does_nothing(anon_client: Client) -> None:
    subscriber = SubscriberFactory(email="bleibt@example.org")
    anon_client.post(f"/infobrief/abmelden/{subscriber.pk}/")
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_preferences_by_signed_link(anon_client: Client) -> None:
    subscriber = SubscriberFactory(email="prefs@example.org")
    topic = TopicFactory(name="Kita", slug="kita")
    url = services.manage_url(subscriber).split("8000", 1)[1]
    assert "prefs@example.org" in anon_client.get(url).content.decode()
    response = anon_client.post(url, {"topics": [topic.pk], "language": "en"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert list(subscriber.topics.all()) == [topic]
    assert anon_client.get("/infobrief/einstellungen/falsch/").status_code == 404


def test_resubscribing_after_unsubscribe_needs_confirmation_again(anon_client: Client) -> None:
    subscriber = SubscriberFactory(email="zurueck@example.org", status="unsubscribed")
    subscribe(anon_client, "zurueck@example.org")
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    confirm = link_in(OutboxMessage.objects.get(purpose="newsletter.confirm"), "/bestaetigen/")
    anon_client.post(confirm)
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
