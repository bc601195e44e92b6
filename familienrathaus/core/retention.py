"""Retention of what core keeps about people: sent mails and audit entries.

- outbox rows that are done with (sent, failed, uncertain) older than
  ``settings.FRH_RETENTION_OUTBOX_DAYS`` (default 90): they hold recipients' addresses
  and the mails' texts; queued and sending rows are never touched;
- audit entries older than ``settings.FRH_RETENTION_AUDIT_DAYS`` (default 365).

``manage.py prune_old_data`` (run daily by the worker) calls :func:`prune`. Proof files
of the holiday programme go with the health notes after the season
(``holidays.services.children.purge_proofs``) and with their family's account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage

DONE = [OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED, OutboxMessage.Status.UNCERTAIN]


def prune(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    say: Callable[[str], object] = lambda line: None,
) -> dict[str, int]:
    """Delete outbox rows and audit entries past their retention; the counts."""
    now = now or timezone.now()
    verb = "Would delete" if dry_run else "Deleted"
    outbox_days = settings.FRH_RETENTION_OUTBOX_DAYS
    audit_days = settings.FRH_RETENTION_AUDIT_DAYS
    mails = OutboxMessage.objects.filter(
        created_at__lt=now - timedelta(days=outbox_days), status__in=DONE
    )
    entries = AuditEntry.objects.filter(created_at__lt=now - timedelta(days=audit_days))
    counts = {"outbox": mails.count(), "audit": entries.count()}
    if not dry_run:
        mails.delete()
        entries.delete()
    say(f"{verb} {counts['outbox']} outbox message(s) older than {outbox_days} days.")
    say(f"{verb} {counts['audit']} audit entries older than {audit_days} days.")
    return counts
