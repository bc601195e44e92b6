"""Two alliances on one install, the Familien-Infobrief (issue 23, "Isolation"): the same
topic and edition slugs and the same subscriber's address in Musterstadt and Beispieldorf.
Each host shows, sends and unsubscribes its own alliance's Infobrief only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Delivery, Edition, Subscriber, Topic
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import SubscriberFactory, TopicFactory, edition_with

# Each test starts with an empty cache (no rate limit or cached page of another).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A, B = "Musterstadt-only", "Beispieldorf-only"
ADDRESS = "mama@example.org"
B_HOST = "http://beispieldorf.localhost:8000"


def _infobrief(word: str) -> dict[str, Any]:
    topic = TopicFactory(name=f"{word} Thema", slug="familie")
    subscriber = SubscriberFactory(email=ADDRESS)
    subscriber.topics.set([topic])
    sent = edition_with(
        subject=f"{word} Infobrief Mai",
        slug="infobrief-mai",
        intro=f"{word} Neuigkeiten",
        status=Edition.Status.SENT,
        sent_at=timezone.now(),
    )
    draft = edition_with(subject=f"{word} Infobrief Juni", slug="infobrief-juni")
    return {"topic": topic, "subscriber": subscriber, "sent": sent, "draft": draft}


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = _infobrief(A)
    a["coordinator"] = coordinator_with_totp("koordination-a@example.org")
    with tenancy.activate(second_alliance):
        b = _infobrief(B)
        b["coordinator"] = coordinator_with_totp("koordination-b@example.org")
    return {"a": a, "b": b, "second": second_alliance}


def _pages(client: Client, paths: list[str]) -> str:
    text = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text += response.content.decode()
    return text


PUBLIC = [
    "/infobrief/",
    "/infobrief/archiv/",
    "/infobrief/archiv/feed/",
    "/infobrief/archiv/infobrief-mai/",
]
BACK_OFFICE = ["/verwaltung/infobrief/", "/verwaltung/infobrief/abonnenten/"]


def test_public_pages_and_feed_show_the_hosts_alliance_only(
    both: dict[str, Any], anon_client: Client
) -> None:
    mine = _pages(anon_client, PUBLIC)
    assert f"{A} Infobrief Mai" in mine
    assert f"{A} Thema" in mine
    assert B not in mine
    theirs = _pages(alliance_client(both["second"]), PUBLIC)
    assert f"{B} Infobrief Mai" in theirs
    assert f"{B} Thema" in theirs
    assert A not in theirs


def test_coordinator_of_b_sees_b_only_and_a_s_addresses_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"], b["coordinator"])
    html = _pages(client, BACK_OFFICE)
    assert f"{B} Infobrief Juni" in html
    assert A not in html
    # The same address in both: the list offers B's subscriber, not A's.
    assert f"/abonnenten/{b['subscriber'].pk}/loeschen/" in html
    assert f"/abonnenten/{a['subscriber'].pk}/loeschen/" not in html
    assert client.get(f"/verwaltung/infobrief/ausgaben/{b['draft'].pk}/").status_code == 200
    for path in [
        f"/verwaltung/infobrief/ausgaben/{a['draft'].pk}/",
        f"/verwaltung/infobrief/ausgaben/{a['draft'].pk}/vorschau/",
        f"/verwaltung/infobrief/ausgaben/{a['sent'].pk}/fortschritt/",
        f"/verwaltung/infobrief/ausgaben/{a['draft'].pk}/mail.html",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/verwaltung/infobrief/abonnenten/{a['subscriber'].pk}/loeschen/")
    assert response.status_code == 404
    assert Subscriber.objects.filter(pk=a["subscriber"].pk).exists()
    # A's coordinator on A's host: A's rows.
    own = _pages(english_client(a["coordinator"]), BACK_OFFICE)
    assert f"{A} Infobrief Juni" in own
    assert B not in own


def _link(message: OutboxMessage, path: str) -> str:
    found = re.search(r"https?://[^\s]+" + re.escape(path) + r"[^\s]+/", message.body_text)
    assert found, message.body_text
    return found.group(0)


def test_one_address_subscribes_and_unsubscribes_per_alliance(
    both: dict[str, Any], second_alliance: tenancy.Alliance
) -> None:
    """Subscribed in A, the address subscribes in B too (a confirmation, not "already
    subscribed"); the links go to B's host; unsubscribing in B leaves A's subscription."""
    with tenancy.activate(second_alliance):
        Subscriber.objects.filter(email=ADDRESS).delete()
    client = alliance_client(second_alliance)
    data = {"email": ADDRESS, "language": "de", "consent": "on", "website": ""}
    assert client.post("/infobrief/", data, REMOTE_ADDR="203.0.113.7").status_code == 302
    with tenancy.activate(second_alliance):
        mail = OutboxMessage.objects.get(purpose="newsletter.confirm")
    confirm = _link(mail, "/infobrief/bestaetigen/")
    assert confirm.startswith(f"{B_HOST}/infobrief/bestaetigen/")
    path = confirm.split("8000", 1)[1]
    # B's confirmation link does nothing on A's host.
    assert english_client().post(path).status_code == 400
    assert client.post(path).status_code == 200
    with tenancy.activate(second_alliance):
        mine = Subscriber.objects.get(email=ADDRESS)
        assert mine.status == "active"
        unsubscribe = services.unsubscribe_url(mine)
    assert unsubscribe.startswith(f"{B_HOST}/infobrief/abmelden/")
    unsubscribe_path = unsubscribe.split("8000", 1)[1]
    # B's personal link names a subscriber A does not have: on A's host it changes nothing.
    english_client().post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    with tenancy.activate(second_alliance):
        assert Subscriber.objects.get(email=ADDRESS).status == "active"
    assert Subscriber.objects.get(email=ADDRESS).status == "active"
    client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    with tenancy.activate(second_alliance):
        assert Subscriber.objects.get(email=ADDRESS).status == "unsubscribed"
    assert Subscriber.objects.get(email=ADDRESS).status == "active"  # A's stays


def test_sending_in_b_reaches_b_s_subscribers_with_links_to_b(
    both: dict[str, Any], second_alliance: tenancy.Alliance, settings: Any
) -> None:
    settings.NEWSLETTER_TICK_SECONDS = 0
    a, b = both["a"], both["b"]
    services.schedule(actor=a["coordinator"], edition=a["draft"], at=None)
    with tenancy.activate(second_alliance):
        edition = services.schedule(actor=b["coordinator"], edition=b["draft"], at=None)
        assert services.supervise(edition.pk, edition.tick_token) == "queued 1"
        delivery = Delivery.objects.select_related("message").get()
        assert delivery.subscriber == b["subscriber"]
        body = delivery.message.body_text + delivery.message.body_html
    assert f"{B} Infobrief Juni" in delivery.message.subject
    assert f"{B_HOST}/infobrief/abmelden/" in body
    assert f"{B_HOST}/infobrief/einstellungen/" in body
    assert "127.0.0.1" not in body
    assert A not in body
    # A's edition is untouched by B's run.
    assert not Delivery.objects.exists()
    assert Edition.objects.get(pk=a["draft"].pk).status == Edition.Status.SCHEDULED


def test_topic_names_are_unique_per_alliance(both: dict[str, Any]) -> None:
    english_client(both["a"]["coordinator"]).post("/verwaltung/infobrief/", {"name": "Ferien"})
    client = alliance_client(both["second"], both["b"]["coordinator"])
    assert client.post("/verwaltung/infobrief/", {"name": "Ferien"}).status_code == 302
    again = client.post("/verwaltung/infobrief/", {"name": "Ferien"}).content.decode()
    assert "Topic with this Name already exists." in again
    assert "Alliance" not in again
    with tenancy.activate(both["second"]):
        assert Topic.objects.filter(name="Ferien").count() == 1
    assert Topic.objects.filter(name="Ferien").count() == 1
