"""A worker killed in the middle of an edition: nobody gets a second copy, nobody is skipped.

The first test kills the real worker process while the SMTP server holds the mail
(after the final "." of DATA): the outbox marks it "uncertain", and the newsletter
counts it as delivered instead of sending it again. The second one leaves a message
claimed but never handed over (killed before the final "."): it is sent once more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import Delivery
from tests.conftest import SmtpServer
from tests.factories import SubscriberFactory, UserFactory, edition_with

Status = OutboxMessage.Status
pytestmark = pytest.mark.django_db(transaction=True)


def test_killed_during_hand_over_the_mail_is_not_sent_twice(
    smtp_server: SmtpServer, worker_process: Any
) -> None:
    for number in range(3):
        SubscriberFactory(email=f"familie{number}@example.org")
    edition = edition_with(subject="Infobrief Herbst")
    smtp_server.handler.hold_replies()
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)

    first = worker_process()
    smtp_server.wait_for(1)
    held = OutboxMessage.objects.get(status=Status.SENDING)
    assert held.transmitting  # marked only after the whole message went out
    first.kill()
    smtp_server.handler.release()

    OutboxMessage.objects.filter(pk=held.pk).update(
        claimed_at=F("claimed_at") - outbox.CLAIM_LEASE - timedelta(seconds=1)
    )
    second = worker_process("--batch")
    assert second.wait(timeout=120) == 0, second.output
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)  # the next tick, without waiting

    received = Counter(r for mail in smtp_server.received for r in mail.recipients)
    assert received == {f"familie{n}@example.org": 1 for n in range(3)}
    held.refresh_from_db()
    assert held.status == Status.UNCERTAIN
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_claimed_but_never_handed_over_is_sent_once(
    smtp_server: SmtpServer, run_worker: Callable[[], str], settings: Any
) -> None:
    settings.NEWSLETTER_TICK_SECONDS = 0
    settings.OUTBOX_CLAIM_LEASE = timedelta(0)
    SubscriberFactory(email="erste@example.org")
    SubscriberFactory(email="zweite@example.org")
    edition = edition_with(subject="Infobrief Winter")
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    # A worker claimed the first message and died before the final "." of DATA.
    first = Delivery.objects.order_by("position").first()
    assert first is not None and first.message is not None
    OutboxMessage.objects.filter(pk=first.message.pk).update(
        status=Status.SENDING, claimed_at=F("created_at"), transmitting=False
    )
    run_worker()
    received = Counter(r for mail in smtp_server.received for r in mail.recipients)
    assert received == {"erste@example.org": 1, "zweite@example.org": 1}
    edition.refresh_from_db()
    assert edition.status == "sent"


def test_no_answer_after_the_whole_mail_makes_it_uncertain_not_retried(
    smtp_server: SmtpServer, settings: Any
) -> None:
    """The server got the whole mail but its answer never came (EMAIL_TIMEOUT): sending
    it again could give the family a second copy, so the outbox must not retry it."""
    settings.EMAIL_TIMEOUT = 1
    message = outbox.queue_mail(
        to=["familie@example.org"], subject="Infobrief", body_text="Hallo", purpose="test"
    )
    smtp_server.handler.hold_replies()

    assert outbox.deliver(message.pk) == Status.UNCERTAIN

    smtp_server.handler.release()
    message.refresh_from_db()
    assert message.status == Status.UNCERTAIN
    assert "timed out" in message.last_error
    assert outbox.deliver(message.pk) == "not-claimed"
    assert len(smtp_server.received) == 1
