"""The real worker (``manage.py worker``) as a separate process against the test database.

These tests commit (``transaction=True``), so the worker process sees their rows.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage

Status = OutboxMessage.Status

pytestmark = pytest.mark.django_db(transaction=True)


def queue_test_mail() -> OutboxMessage:
    return outbox.queue_mail(
        to=["eltern@example.org"],
        subject="Platz im Ferienspaß bestätigt",
        body_text="Ihr Kind hat einen Platz bekommen.",
        purpose="test",
    )


def test_mail_queued_while_the_worker_is_stopped_is_sent_exactly_once_after_it_starts(
    smtp_server, worker_process
):
    message = queue_test_mail()
    assert smtp_server.received == []  # no worker runs: nothing leaves

    worker = worker_process("--batch")
    assert worker.wait() == 0, worker.output

    [mail] = smtp_server.received
    assert mail.message_id == message.message_id
    assert mail.recipients == ["eltern@example.org"]
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1


def test_worker_killed_while_handing_over_a_mail_never_sends_it_twice(smtp_server, worker_process):
    # The server receives the message, then stalls before it answers.
    smtp_server.handler.hold_replies()
    message = queue_test_mail()

    first = worker_process()
    smtp_server.wait_for(1)
    message.refresh_from_db()
    assert (message.status, message.transmitting) == (Status.SENDING, True)
    first.kill()
    smtp_server.handler.release()

    # The lease of the dead worker's claim runs out; a new worker starts.
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=F("claimed_at") - outbox.CLAIM_LEASE - timedelta(seconds=1)
    )
    second = worker_process("--batch")
    assert second.wait() == 0, second.output

    assert len(smtp_server.with_message_id(message.message_id)) == 1
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status in {Status.UNCERTAIN, Status.SENT}
    assert message.status == Status.UNCERTAIN  # it cannot know whether the mail arrived
