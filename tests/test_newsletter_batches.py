"""An edition's mails go out in batches over ONE SMTP connection each.

Opening a connection costs more than sending a short mail; the outbox's per-message
guarantees stay: each message is claimed, marked "transmitting" and "sent" on its own,
so a worker never holds more than one message in "sending".
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.newsletter import sending, services
from tests.conftest import SmtpServer
from tests.factories import SubscriberFactory, UserFactory, edition_with

Status = OutboxMessage.Status


def record_connections(server: SmtpServer, refuse: str = "") -> list[Any]:
    """The peer (one per connection) of every accepted message; ``refuse``: an address
    the server refuses once with a temporary error."""
    peers: list[Any] = []
    original_data = server.handler.handle_DATA
    original_rcpt = server.handler.handle_RCPT
    refused: list[str] = []

    async def handle_DATA(srv: Any, session: Any, envelope: Any) -> str:
        peers.append(session.peer)
        return await original_data(srv, session, envelope)

    async def handle_RCPT(srv: Any, session: Any, envelope: Any, address: str, opts: Any) -> str:
        if address == refuse and not refused:
            refused.append(address)
            return "451 4.3.0 Try again later"
        return await original_rcpt(srv, session, envelope, address, opts)

    server.handler.handle_DATA = handle_DATA  # type: ignore[method-assign]
    server.handler.handle_RCPT = handle_RCPT  # type: ignore[method-assign]
    return peers


def schedule(count: int, subject: str = "Infobrief") -> Any:
    for number in range(count):
        SubscriberFactory(email=f"familie{number}@example.org")
    edition = edition_with(subject=subject)
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    return edition


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_an_edition_over_one_connection(
    smtp_server: SmtpServer, run_worker: Any
) -> None:
    peers = record_connections(smtp_server)
    edition = schedule(12)

    run_worker()

    received = Counter(r for mail in smtp_server.received for r in mail.recipients)
    assert received == {f"familie{n}@example.org": 1 for n in range(12)}
    assert len(set(peers)) == 1  # twelve mails, one connection
    # No task per message: batches send them.
    assert not OutboxMessage.objects.filter(status=Status.QUEUED).exists()
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    edition.refresh_from_db()
    assert edition.status == "sent"


@pytest.mark.django_db(transaction=True)
def test_after_an_error_the_batch_reconnects_and_goes_on(
    smtp_server: SmtpServer, run_worker: Any, settings: Any
) -> None:
    peers = record_connections(smtp_server, refuse="familie1@example.org")
    schedule(4)

    run_worker()

    received = Counter(r for mail in smtp_server.received for r in mail.recipients)
    # The refused one waits for its retry (with backoff); the others went out once.
    assert received == {"familie0@example.org": 1, "familie2@example.org": 1,
                        "familie3@example.org": 1}  # fmt: skip
    refused = OutboxMessage.objects.get(to=["familie1@example.org"])
    assert refused.status == Status.QUEUED and refused.attempts == 1
    assert "451" in refused.last_error
    assert len(set(peers)) == 2  # a fresh connection after the error


@pytest.mark.django_db
def test_a_batch_holds_one_message_in_sending_at_a_time(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = schedule(5)
    edition.refresh_from_db()
    monkeypatch.setattr(services, "tick_seconds", lambda: 0)
    services.supervise(edition.pk, edition.tick_token)  # creates the deliveries
    seen: list[tuple[int, bool]] = []
    real = outbox._send_claimed

    def watching(connection: Any, message: OutboxMessage) -> str:
        sending_now = OutboxMessage.objects.filter(status=Status.SENDING)
        seen.append((sending_now.count(), sending_now.filter(pk=message.pk).exists()))
        return real(connection, message)

    monkeypatch.setattr(outbox, "_send_claimed", watching)
    result = sending.send_batch(edition.pk)

    assert result == "sent 5"
    assert seen == [(1, True)] * 5
    assert len(smtp_server.received) == 5


@pytest.mark.django_db
def test_a_batch_hands_the_chain_on_before_it_sends(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "BATCH_LIMIT", 2)
    edition = schedule(5)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    enqueued: list[Any] = []
    monkeypatch.setattr(sending, "_enqueue_batch", lambda pk, when: enqueued.append(pk))

    sending.send_batch(edition.pk)

    assert enqueued == [edition.pk]  # the successor, queued before the two mails went out
    assert len(smtp_server.received) == 2
    assert OutboxMessage.objects.filter(status=Status.QUEUED).count() == 3


@pytest.mark.django_db
def test_a_tick_chain_killed_before_handing_on_is_restarted(
    smtp_server: SmtpServer, settings: Any
) -> None:
    edition = schedule(2)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)  # sending; deliveries queued
    sending.send_batch(edition.pk)  # both sent
    # The tick that would mark it sent died before handing on: nobody holds the token.
    Edition = type(edition)
    dead_token = Edition.objects.get(pk=edition.pk).tick_token
    Edition.objects.filter(pk=edition.pk).update(
        updated_at=timezone.now() - sending._tick_lease() - timedelta(seconds=5)
    )

    sending.send_batch(edition.pk)  # the watch that runs after the lease

    edition.refresh_from_db()
    assert edition.tick_token != dead_token  # a new chain ...
    assert services.supervise(edition.pk, dead_token) == "stale"
    assert services.supervise(edition.pk, edition.tick_token) == "sent"  # ... finishes it
    assert Counter(r for m in smtp_server.received for r in m.recipients) == {
        "familie0@example.org": 1,
        "familie1@example.org": 1,
    }
