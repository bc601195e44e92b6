"""Each alliance's newsletter sending rate (``Alliance.mails_per_hour``).

Bulk mail (``core.outbox.queue_bulk``) gets its time as ``next_attempt_at`` here: at
most ``mails_per_hour`` of an alliance's bulk messages fall into any hour. A message
whose turn would be the hour's (N+1)-th waits until an hour after the N-th before it
(a sliding window over the times already given, sent or waiting). So a newsletter
smaller than the rate goes out at once, a larger one N per hour, however many editions
the alliance queues; batches (``deliver_batch``) send only what is due. Bulk messages
carry ``Precedence: bulk``, which is how the next queuer finds them. Mails people wait
for (a booking confirmation, a password reset) are one task each, at a higher priority,
and have no place in the window: they are never held behind any alliance's bulk mail,
and the worker serves the alliances in turn (``core.fairness``). A changed rate applies
to the mails queued after the change.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from familienrathaus.core import tenancy
from familienrathaus.core.models import Alliance, OutboxMessage

HOUR = timedelta(hours=1)

# Marks bulk mail (RFC 2076; auto-responders stay silent too): what the rate counts.
BULK_HEADERS = {"Precedence": "bulk"}


def paced(wanted: list[datetime], now: datetime) -> list[datetime]:
    """The times the active alliance's new bulk messages may go out, in order:
    ``wanted`` (each message's own earliest time), later where the rate needs it."""
    alliance = tenancy.current()
    if alliance is None or not alliance.mails_per_hour:
        return list(wanted)
    rate = alliance.mails_per_hour
    # One queuer at a time per alliance (a row lock on PostgreSQL; SQLite's writers are
    # serialised anyway), so two editions queued together share the rate.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    window = sorted(
        OutboxMessage.objects.filter(headers__Precedence="bulk", next_attempt_at__gt=now - HOUR)
        .order_by("-next_attempt_at")
        .values_list("next_attempt_at", flat=True)[:rate]
    )
    times = []
    for when in wanted:
        if len(window) >= rate:
            when = max(when, window[-rate] + HOUR)
        if window:
            when = max(when, window[-1])
        window.append(when)
        times.append(when)
    return times
