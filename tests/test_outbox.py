"""The mail outbox (core.outbox): every mail is sent once, a crash neither loses one
nor sends one twice. Mail goes to a real SMTP server on loopback.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.tasks import deliver_message

Status = OutboxMessage.Status
TASK_PATH = "familienrathaus.core.tasks.deliver_message"
TRY_LATER = "451 4.3.0 Try again later"


def queue_test_mail(subject: str = "Ihre Anmeldung zum Ferienspaß") -> OutboxMessage:
    return outbox.queue_mail(
        to=["eltern@example.org"],
        subject=subject,
        body_text="Guten Tag,\n\nIhre Anmeldung ist eingegangen.",
        purpose="test",
    )


def tasks_for(message: OutboxMessage) -> list[DBTaskResult]:
    return [
        task
        for task in DBTaskResult.objects.filter(task_path=TASK_PATH)
        if task.args_kwargs["args"] == [message.pk]
    ]


def let_time_pass() -> None:
    """Make every waiting retry due now, as if its backoff had run out."""
    now = timezone.now()
    OutboxMessage.objects.filter(status=Status.QUEUED).update(next_attempt_at=now)
    DBTaskResult.objects.filter(task_path=TASK_PATH, status=TaskResultStatus.READY).update(
        run_after=now
    )


# --------------------------------------------------------------------------- queueing


@pytest.mark.django_db
def test_queue_mail_writes_the_message_and_its_delivery_task():
    message = queue_test_mail()

    row = OutboxMessage.objects.get()
    assert row.pk == message.pk
    assert row.status == Status.QUEUED
    assert row.to == ["eltern@example.org"]
    assert row.message_id.startswith("<") and row.message_id.endswith(">")
    [task] = tasks_for(message)
    assert task.queue_name == "mail"
    assert task.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_queue_mail_rolled_back_with_its_transaction_leaves_neither_row_nor_task():
    class ChangeFailed(Exception):
        pass

    with pytest.raises(ChangeFailed), transaction.atomic():
        queue_test_mail()
        raise ChangeFailed

    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


# --------------------------------------------------------------------------- delivery


@pytest.mark.django_db(transaction=True)
def test_worker_sends_a_queued_mail_to_the_smtp_server_once(smtp_server, run_worker):
    message = queue_test_mail()

    run_worker()

    [mail] = smtp_server.received
    assert mail.message_id == message.message_id
    assert mail.recipients == ["eltern@example.org"]
    assert mail.subject == "Ihre Anmeldung zum Ferienspaß"
    assert "Ihre Anmeldung ist eingegangen." in mail.body
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert not message.transmitting
    assert [task.status for task in tasks_for(message)] == [TaskResultStatus.SUCCESSFUL]


@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_attempt_of_a_sent_mail_does_not_send_it_again(smtp_server, run_worker):
    message = queue_test_mail()
    run_worker()
    assert len(smtp_server.received) == 1

    # The same message is delivered once more: a duplicate task and a direct call.
    deliver_message.enqueue(message.pk)
    run_worker()
    assert outbox.deliver(message.pk) == "not-claimed"

    assert len(smtp_server.with_message_id(message.message_id)) == 1
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failure", ["server stopped", "recipient refused for now"])
def test_smtp_failure_retries_with_backoff_then_fails(smtp_server, run_worker, failure):
    if failure == "server stopped":
        smtp_server.stop()
    else:
        smtp_server.handler.refuse_recipients = TRY_LATER
    message = queue_test_mail()

    before = timezone.now()
    run_worker()

    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at > before + timedelta(seconds=50)
    assert message.last_error
    assert not message.transmitting
    # The retry waits in the task queue too, not before its time.
    retry = [task for task in tasks_for(message) if task.status == TaskResultStatus.READY]
    assert len(retry) == 1
    assert retry[0].run_after > before + timedelta(seconds=50)

    # The retry is not due yet: another worker run leaves the message alone.
    run_worker()
    message.refresh_from_db()
    assert message.attempts == 1

    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        let_time_pass()
        before = timezone.now()
        run_worker()
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < outbox.MAX_ATTEMPTS:
            assert message.status == Status.QUEUED
            backoff = timedelta(minutes=2 ** (attempt - 1))
            assert message.next_attempt_at >= before + backoff - timedelta(seconds=5)

    assert message.status == Status.FAILED
    assert message.last_error
    assert not DBTaskResult.objects.filter(
        task_path=TASK_PATH, status=TaskResultStatus.READY
    ).exists()
    assert smtp_server.received == []


@pytest.mark.django_db(transaction=True)
def test_a_permanent_refusal_fails_at_once_without_retrying(smtp_server, run_worker):
    smtp_server.handler.refuse_recipients = "550 5.1.1 Mailbox unavailable"
    message = queue_test_mail()
    run_worker()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "550" in message.last_error
    assert not DBTaskResult.objects.filter(
        task_path=TASK_PATH, status=TaskResultStatus.READY
    ).exists()
    assert smtp_server.received == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_mail_is_delivered_once_the_server_is_back(smtp_server, run_worker):
    smtp_server.handler.refuse_recipients = TRY_LATER
    message = queue_test_mail()
    run_worker()
    assert smtp_server.received == []

    smtp_server.handler.refuse_recipients = ""
    let_time_pass()
    run_worker()

    assert len(smtp_server.with_message_id(message.message_id)) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""


# --------------------------------------------------------------------------- recovery


def simulate_dead_worker(message: OutboxMessage, *, transmitting: bool, age: timedelta) -> None:
    """What a worker leaves behind when it dies while delivering ``message``."""
    for task in tasks_for(message):
        DBTaskResult.objects.filter(pk=task.pk).update(
            status=TaskResultStatus.RUNNING, started_at=timezone.now() - age
        )
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - age, transmitting=transmitting
    )


@pytest.mark.django_db(transaction=True)
def test_stale_claim_before_handover_is_queued_again_and_sent_once(smtp_server, run_worker):
    message = queue_test_mail()
    simulate_dead_worker(message, transmitting=False, age=outbox.CLAIM_LEASE + timedelta(minutes=1))

    run_worker()

    assert len(smtp_server.with_message_id(message.message_id)) == 1
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_stale_claim_during_handover_becomes_uncertain_and_is_not_sent(smtp_server, run_worker):
    message = queue_test_mail()
    simulate_dead_worker(message, transmitting=True, age=outbox.CLAIM_LEASE + timedelta(minutes=1))

    run_worker()

    assert smtp_server.received == []
    message.refresh_from_db()
    assert message.status == Status.UNCERTAIN
    assert message.last_error


@pytest.mark.django_db(transaction=True)
def test_a_claim_within_its_lease_is_left_to_its_worker(smtp_server, run_worker):
    message = queue_test_mail()
    simulate_dead_worker(message, transmitting=False, age=timedelta(minutes=1))

    run_worker()

    assert outbox.recover_stale() == 0
    assert smtp_server.received == []
    message.refresh_from_db()
    assert message.status == Status.SENDING


# --------------------------------------------------------------------------- resend


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("status", [Status.FAILED, Status.UNCERTAIN])
def test_coordinator_sends_a_failed_mail_again_from_the_outbox_page(
    smtp_server, run_worker, coordinator_client, status
):
    message = queue_test_mail()
    for task in tasks_for(message):
        DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.FAILED)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, attempts=outbox.MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )

    page = coordinator_client.get(reverse("core:outbox"))
    resend_url = reverse("core:outbox_resend", args=[message.pk])
    assert resend_url in page.content.decode()

    response = coordinator_client.post(resend_url, follow=True)

    assert response.redirect_chain == [(reverse("core:outbox"), 302)]
    assert "The e-mail was queued again." in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 0

    run_worker()

    assert len(smtp_server.with_message_id(message.message_id)) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_sent_mail_cannot_be_sent_again(smtp_server, run_worker, coordinator_client):
    message = queue_test_mail()
    run_worker()

    response = coordinator_client.post(
        reverse("core:outbox_resend", args=[message.pk]), follow=True
    )

    assert "Only failed or uncertain e-mails can be sent again." in response.content.decode()
    run_worker()
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1


@pytest.mark.django_db
def test_outbox_shows_an_uncertain_mail_with_a_resend_button(coordinator_client):
    message = queue_test_mail(subject="Einladung zum Bündnistreffen")
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.UNCERTAIN)

    response = coordinator_client.get(reverse("core:outbox"), {"status": "uncertain"})

    content = response.content.decode()
    assert "Einladung zum Bündnistreffen" in content
    assert reverse("core:outbox_resend", args=[message.pk]) in content
