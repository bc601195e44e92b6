""" "Send" asks first: it names the number of recipients, the topics and the time, if
scheduled, and queues nothing until the coordinator confirms exactly that."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.test import Client
from django.utils import timezone, translation

from familienrathaus.core.models import OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Delivery, Edition
from tests.factories import SubscriberFactory, TopicFactory, edition_with

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
