"""Uncertain mails of an edition: named on its page, sent again with one click.

A worker killed while handing a mail to the server leaves it "uncertain" (core.outbox):
most probably delivered, never sent twice automatically. The coordinator sees how many
and to whom on the edition's page and may send them once more: each goes out exactly
once more, however often the button is pressed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Edition
from tests.conftest import SmtpServer
from tests.factories import SubscriberFactory, UserFactory, edition_with

Status = OutboxMessage.Status


def sent_edition_with_uncertain(uncertain: list[str], others: int = 2) -> Edition:
    addresses = uncertain + [f"angekommen{n}@example.org" for n in range(others)]
    for address in addresses:
        SubscriberFactory(email=address)
    edition = edition_with(subject="Infobrief Frühling")
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    messages = OutboxMessage.objects.filter(purpose=services.PURPOSE_EDITION)
    messages.filter(to__in=[[a] for a in uncertain]).update(
        status=Status.UNCERTAIN,
        attempts=1,
        transmitting=True,
        last_error="The worker stopped while handing the message to the mail server.",
    )
    messages.exclude(status=Status.UNCERTAIN).update(status=Status.SENT, transmitting=False)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT  # uncertain is final
    return edition


def edition_page(client: Client, edition: Edition) -> str:
    return client.get(reverse("newsletter:edition", args=[edition.pk])).content.decode()


def resend(client: Client, edition: Edition) -> Any:
    return client.post(reverse("newsletter:edition_resend_uncertain", args=[edition.pk]))


@pytest.mark.django_db
def test_the_edition_page_names_the_uncertain_mails(coordinator_client: Client) -> None:
    edition = sent_edition_with_uncertain(["mia@example.org", "leon@example.org"])

    page = edition_page(coordinator_client, edition)

    assert "2 mails are uncertain" in page
    assert "mia@example.org" in page and "leon@example.org" in page
    assert "angekommen0@example.org" not in page.split("mails are uncertain")[1].split("</ul>")[0]
    assert reverse("newsletter:edition_resend_uncertain", args=[edition.pk]) in page
    assert "Send these 2 mails again" in page


@pytest.mark.django_db
def test_without_uncertain_mails_there_is_no_resend_button(coordinator_client: Client) -> None:
    edition = sent_edition_with_uncertain([])

    page = edition_page(coordinator_client, edition)

    assert "uncertain" not in page.split('id="nl-progress"')[1].split("</dl>")[1].split("<table")[0]
    assert reverse("newsletter:edition_resend_uncertain", args=[edition.pk]) not in page


@pytest.mark.django_db(transaction=True)
def test_send_again_sends_each_uncertain_mail_exactly_once_more(
    coordinator_client: Client, smtp_server: SmtpServer, run_worker: Any
) -> None:
    client = coordinator_client
    edition = sent_edition_with_uncertain(["mia@example.org", "leon@example.org"])

    response = resend(client, edition)
    again = resend(client, edition)  # a second click (or a second coordinator)

    assert response.status_code == 302
    assert "2 mails are being sent once more." in client.get(response["Location"]).content.decode()
    assert again.status_code == 302
    run_worker()
    received = Counter(r for mail in smtp_server.received for r in mail.recipients)
    assert received == {"mia@example.org": 1, "leon@example.org": 1}
    statuses = Counter(
        OutboxMessage.objects.filter(purpose=services.PURPOSE_EDITION).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Status.SENT: 4}
    entry = AuditEntry.objects.get(action="newsletter.resend_uncertain")
    assert entry.object_id == str(edition.pk)
    assert entry.changes["resent"]["after"] == 2
    assert "uncertain" not in edition_page(client, edition).split("Failed and uncertain")[0][-400:]
    assert "mails are uncertain" not in edition_page(client, edition)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "family", "partner"])
def test_only_coordinators_may_send_again(
    who: str, anon_client: Client, family_client: Client, partner_client: Client
) -> None:
    client = {"anonymous": anon_client, "family": family_client, "partner": partner_client}[who]
    edition = sent_edition_with_uncertain(["mia@example.org"])

    response = resend(client, edition)

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "login" in response["Location"] or "anmelden" in response["Location"]
    assert OutboxMessage.objects.filter(status=Status.UNCERTAIN).count() == 1
    assert not AuditEntry.objects.filter(action="newsletter.resend_uncertain").exists()


@pytest.mark.django_db
def test_send_again_is_a_post_only(coordinator_client: Client) -> None:
    edition = sent_edition_with_uncertain(["mia@example.org"])

    response = coordinator_client.get(
        reverse("newsletter:edition_resend_uncertain", args=[edition.pk])
    )

    assert response.status_code == 405
    assert OutboxMessage.objects.filter(status=Status.UNCERTAIN).count() == 1
