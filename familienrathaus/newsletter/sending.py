"""Sending an edition's mails: batches over one SMTP connection, and sending again.

The supervising tick (``services.supervise``) creates one outbox message per
subscriber *without* a task of its own (``outbox.queue_bulk``, one INSERT per 500) and
starts batch chains here. A batch task (``newsletter.send_batch``) first hands the
chain on (enqueues its successor while any message is queued: at once, or when the
next one it does not take is due), then sends up to ``outbox.BATCH_LIMIT`` due messages
over one connection (``outbox.deliver_batch``): each message is claimed, marked
"transmitting" and "sent" on its own, so the exactly-once guarantee of ``core.outbox``
holds per message. A worker killed in a batch leaves at most one message "uncertain";
the chain goes on in the next worker, since its successor is already queued. Should a
chain ever break anyway (killed between starting and handing on), the tick starts a new
one once due messages have waited longer than the outbox's lease with nobody claiming.

"Uncertain" messages (the worker stopped after handing the message over, or no
answer came after the final ".") are final: the edition counts them as done. The
coordinator sees them on the edition's page and may send them again with one click
(:func:`resend_uncertain`): each goes back to the queue once (a conditional UPDATE from
"uncertain"), so a second click or a second coordinator sends nothing twice.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from familienrathaus.core import audit, jobs, outbox
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.newsletter.models import Delivery, Edition

PURPOSE_EDITION = "newsletter.edition"
SEND_BATCH = "newsletter.send_batch"
# Below every other task (default 0): mails people wait for (confirmations, bookings)
# overtake a newsletter that is being sent, between two batches.
BULK_PRIORITY = -10

Status = OutboxMessage.Status


SEND_EDITION = "newsletter.send_edition"


def _tick_lease() -> timedelta:
    tick = float(getattr(settings, "NEWSLETTER_TICK_SECONDS", 30))
    outbox_lease: timedelta = getattr(settings, "OUTBOX_CLAIM_LEASE", outbox.CLAIM_LEASE)
    return max(outbox_lease, timedelta(seconds=3 * tick))


def _restart_chain(edition: Edition) -> dict[str, Any]:
    return {"tick_token": secrets.token_hex(16), "updated_at": timezone.now()}


def _enqueue_tick(edition: Edition, fields: dict[str, Any]) -> None:
    jobs.enqueue(SEND_EDITION, edition.pk, fields["tick_token"], priority=BULK_PRIORITY)


# An edition being sent is a job too: each tick of its chain hands on a new token and
# touches ``updated_at``. A tick killed before it handed on (the worker died in its first
# milliseconds) would leave the edition "sending" for ever; recovery starts a new chain.
EDITION = jobs.register(
    jobs.Kind(
        name="newsletter.edition",
        model=Edition,
        running=(Edition.Status.SENDING,),
        lease=_tick_lease,
        heartbeat="updated_at",
        on_stale=_restart_chain,
        after_stale=_enqueue_tick,
        recovered="Restarted sending {count} newsletter edition(s) left by a stopped worker.",
    )
)


def parallel_batches() -> int:
    """How many batch chains an edition starts (one per worker that should send)."""
    return max(1, int(getattr(settings, "NEWSLETTER_PARALLEL_BATCHES", 2)))


def edition_messages(edition_id: int) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        pk__in=Delivery.objects.filter(edition_id=edition_id).values("message_id")
    )


def start_batches(edition: Edition) -> int:
    """Start batch chains for the edition's queued messages: as many as there are
    batches, at most ``parallel_batches()``. Call inside the transaction that queued
    them. Returns how many were started."""
    queued = edition_messages(edition.pk).filter(status=Status.QUEUED)
    count = queued.count()
    if not count:
        return 0
    first = queued.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    chains = min(parallel_batches(), -(-count // outbox.BATCH_LIMIT))
    for _chain in range(chains):
        _enqueue_batch(edition.pk, first)
    return chains


def restart_stalled(edition: Edition) -> bool:
    """Start a chain if due messages wait while nobody claimed any for a whole lease
    (the chain broke, e.g. a worker killed before it handed the chain on)."""
    lease = getattr(settings, "OUTBOX_CLAIM_LEASE", outbox.CLAIM_LEASE)
    cutoff = timezone.now() - lease
    messages = edition_messages(edition.pk)
    waiting = messages.filter(status=Status.QUEUED, next_attempt_at__lte=cutoff).exists()
    if not waiting or messages.filter(claimed_at__gte=cutoff).exists():
        return False
    with transaction.atomic():
        _enqueue_batch(edition.pk, None)
    return True


def send_batch(edition_id: int) -> str:
    """One batch of an edition's mails over one SMTP connection (the task's body)."""
    jobs.recover(EDITION)  # one read, usually: is some edition's tick chain dead?
    candidates = edition_messages(edition_id)
    now = timezone.now()
    upcoming = list(
        candidates.filter(status=Status.QUEUED)
        .order_by("next_attempt_at", "pk")
        .values_list("next_attempt_at", flat=True)[: outbox.BATCH_LIMIT + 1]
    )
    taken = sum(1 for when in upcoming[: outbox.BATCH_LIMIT] if when <= now)
    if upcoming:
        # Hand the chain on first: if this worker dies below, the next batch still runs
        # (at once, or when the first message this batch does not take is due). The
        # chain ends with a batch that finds nothing queued.
        following = upcoming[taken] if taken < len(upcoming) else now
        with transaction.atomic():
            _enqueue_batch(edition_id, max(following, now))
    elif Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).exists():
        # Nothing left to send, but the tick has not marked the edition sent yet: look
        # again once a lease has passed; should its chain have died, ``jobs.recover``
        # above restarts it then. A sent edition ends this watch.
        with transaction.atomic():
            _enqueue_batch(edition_id, now + _tick_lease() + timedelta(seconds=1))
    if not taken:
        return "nothing due"
    results = outbox.deliver_batch(candidates, limit=outbox.BATCH_LIMIT)
    return ", ".join(f"{status} {count}" for status, count in sorted(results.items()))


def _enqueue_batch(edition_id: int, when: datetime | None) -> Any:
    run_after = when if when is not None and when > timezone.now() else None
    return jobs.enqueue(SEND_BATCH, edition_id, run_after=run_after, priority=BULK_PRIORITY)


def uncertain(edition: Edition) -> QuerySet[Delivery]:
    """The edition's deliveries whose mail may or may not have arrived."""
    return (
        Delivery.objects.filter(edition=edition, message__status=Status.UNCERTAIN)
        .select_related("message")
        .order_by("position")
    )


def resend_uncertain(*, actor: User, edition: Edition) -> int:
    """Send every "uncertain" mail of the edition once more; returns how many.

    Each message goes from "uncertain" back to "queued" with one conditional UPDATE
    (``outbox.resend``): a message already sent again, or clicked twice, is skipped.
    """
    count = 0
    with transaction.atomic():
        for delivery in uncertain(edition):
            if delivery.message is not None and outbox.resend(delivery.message):
                count += 1
        if count:
            audit.record(
                actor=actor,
                action="newsletter.resend_uncertain",
                obj=edition,
                changes={"resent": {"before": None, "after": count}},
            )
    return count
