"""The mail outbox: every e-mail is a row, and the background worker sends it exactly once.

How a message travels
---------------------
``queue_mail()`` writes an :class:`OutboxMessage` and enqueues the ``deliver_message``
task in the same transaction. Task queue and outbox live in the same database, so
either both rows exist or neither does: a crash in between cannot lose a message,
and a message queued while no worker runs is simply sent once a worker starts.

``deliver()`` claims the row with one conditional UPDATE (queued → sending). Only one
worker can win it, so two workers never send the same message.

One window cannot be closed by any protocol: between the SMTP server accepting a
message and our commit of "sent". We keep it as small as we can. The connection is
opened first (failures there are retried safely); ``transmitting`` is committed just
before the message is handed over; "sent" is committed right after. A worker that
dies inside the window leaves a row in "sending" with ``transmitting`` set.
``recover_stale()`` turns such rows into "uncertain" instead of retrying them; the
coordinators see them in the outbox and may send them again by hand. A stale row
that was never handed over goes back to "queued". So a crash never sends a mail
twice, and never loses one silently.

A failed attempt goes back to "queued" with exponential backoff (1, 2, 4 … minutes);
after ``MAX_ATTEMPTS``, or at once when the server refuses for good (5xx), the message
is "failed" and shown to the coordinators.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Longer than any SMTP exchange can take (EMAIL_TIMEOUT is 30 s): a row still in
# "sending" after this belongs to a worker that died.
CLAIM_LEASE = timedelta(minutes=10)

Status = OutboxMessage.Status


def queue_mail(
    *,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    reply_to: Sequence[str] = (),
    from_email: str | None = None,
    purpose: str = "",
) -> OutboxMessage:
    """Queue one e-mail. Call inside the transaction of the change that causes it."""
    from familienrathaus.core.tasks import deliver_message

    with transaction.atomic():
        message = OutboxMessage(
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(to),
            reply_to=list(reply_to),
            subject=subject.replace("\n", " ").strip()[:255],
            body_text=body_text,
            body_html=body_html,
            message_id=make_msgid(domain=_message_id_domain()),
            purpose=purpose,
        )
        message.full_clean()
        message.save()
        deliver_message.enqueue(message.pk)
    return message


def deliver(message_id: int) -> str:
    """Send one queued message if this worker wins the claim. Returns the new status."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claimed_at=now, transmitting=False)
    if not claimed:
        return "not-claimed"

    message = OutboxMessage.objects.get(pk=message_id)
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:
        return _schedule_retry(message, exc)
    try:
        OutboxMessage.objects.filter(pk=message.pk).update(transmitting=True)
        try:
            sent = connection.send_messages([_as_email(message)])
        except Exception as exc:
            return _schedule_retry(message, exc)
        if not sent:
            return _schedule_retry(message, RuntimeError("the mail backend sent nothing"))
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            attempts=message.attempts + 1,
            transmitting=False,
            last_error="",
        )
        return Status.SENT
    finally:
        connection.close()


def recover_stale() -> int:
    """Handle rows left in "sending" by a worker that died; returns how many were found."""
    cutoff = timezone.now() - CLAIM_LEASE
    stale = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    uncertain = stale.filter(transmitting=True).update(
        status=Status.UNCERTAIN,
        last_error="The worker stopped while handing the message to the mail server.",
    )
    requeued = 0
    for message in stale.filter(transmitting=False):
        requeued += _requeue(message, when=timezone.now())
    return uncertain + requeued


def resend(message: OutboxMessage) -> None:
    """Queue a failed or uncertain message once more (a coordinator's decision)."""
    if message.status not in {Status.FAILED, Status.UNCERTAIN}:
        raise ValueError("Only failed or uncertain messages can be sent again.")
    _requeue(message, when=timezone.now(), reset_attempts=True)


def _requeue(message: OutboxMessage, *, when: datetime, reset_attempts: bool = False) -> int:
    from familienrathaus.core.tasks import deliver_message

    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, status=message.status).update(
            status=Status.QUEUED,
            next_attempt_at=when,
            transmitting=False,
            **({"attempts": 0} if reset_attempts else {}),
        )
        if changed:
            deliver_message.using(run_after=when).enqueue(message.pk)
    return changed


def _schedule_retry(message: OutboxMessage, exc: Exception) -> str:
    from familienrathaus.core.tasks import deliver_message

    attempts = message.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning("Mail %s attempt %s failed: %s", message.pk, attempts, error)
    if attempts >= MAX_ATTEMPTS or _is_permanent(exc):
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.FAILED, attempts=attempts, transmitting=False, last_error=error
        )
        return Status.FAILED
    when = timezone.now() + timedelta(minutes=2 ** (attempts - 1))
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.QUEUED,
            attempts=attempts,
            next_attempt_at=when,
            transmitting=False,
            last_error=error,
        )
        deliver_message.using(run_after=when).enqueue(message.pk)
    return Status.QUEUED


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer (e.g. unknown recipient) will not change by trying again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=message.to,
        reply_to=message.reply_to or None,
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _message_id_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")
    return address or "localhost"
