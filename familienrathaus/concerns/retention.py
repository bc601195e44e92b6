"""Retention of concerns: closed concerns are redacted, and later deleted.

A **closed** concern whose last change (``Concern.updated_at``) lies more than
``ConcernSettings.redact_after_days`` (default 365) days back is **redacted**:

- the family's name, e-mail address, phone number and account link are emptied;
- the text of the concern is replaced by one sentence that says it was removed; the
  texts of every message in its history (replies, notes, the family's additions, the
  partners' and offices' answers) are emptied, so the history keeps only who wrote
  when; the family's own messages also lose their author;
- its photos and PDFs are deleted, the private files with them;
- what reports count stays: kind, topic, district, channel, privacy level, status,
  priority, who it was passed to, and all dates. Reports therefore still count it.

A redacted concern is **deleted** ``ConcernSettings.delete_after_days`` (default 730)
days after its redaction, with its history. Open concerns (received, in progress,
answered) are never touched, however old: a family may still be waiting.

Each step writes an audit entry (actor "system", the concern's reference, no content).
:func:`apply_retention` runs both steps once a day through :mod:`core.periodic`; the
app registers it by importing this module in ``tasks.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.concerns.models import Attachment, Concern, ConcernSettings, Message
from familienrathaus.core import audit, capacity, periodic

FAMILY_KINDS = [Message.Kind.FAMILY, Message.Kind.REOPENED]


def redacted_text() -> str:
    """What stands in place of every removed text, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[Removed after the retention period.]")


def _redact_after(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=ConcernSettings.load().redact_after_days)


def _delete_after(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=ConcernSettings.load().delete_after_days)


def due_for_redaction(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of closed, not yet redacted concerns unchanged for the redaction period."""
    limit = _redact_after(now or timezone.now())
    return list(
        Concern.objects.filter(
            status=Concern.Status.CLOSED, redacted_at__isnull=True, updated_at__lt=limit
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def due_for_deletion(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of closed concerns redacted more than the deletion period ago."""
    limit = _delete_after(now or timezone.now())
    return list(
        Concern.objects.filter(status=Concern.Status.CLOSED, redacted_at__lt=limit)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def redact(concern_id: int, *, now: dt.datetime | None = None, force: bool = False) -> bool:
    """Redact one concern if it is (still) due; True when it was redacted.

    The row is locked and checked again, so a concern the family reopened a moment
    ago stays as it is. ``force`` skips the period (the demo's redacted examples)."""
    now = now or timezone.now()
    with capacity.locked(Concern, concern_id) as concern:
        if concern.redacted_at is not None or concern.status != Concern.Status.CLOSED:
            return False
        if not force and concern.updated_at >= _redact_after(now):
            return False
        placeholder = redacted_text()
        files = list(Attachment.objects.filter(concern=concern))
        for attachment in files:
            attachment.delete()  # the private file goes once the transaction commits
        messages = Message.objects.filter(concern=concern)
        changed_messages = messages.exclude(text="").update(text="")
        messages.filter(kind__in=FAMILY_KINDS).update(author=None, author_label="")
        Concern.objects.filter(pk=concern.pk).update(
            name="",
            email="",
            phone="",
            user=None,
            text=placeholder,
            redacted_at=now,
        )
        audit.record(
            actor=None,
            action="concerns.redact",
            obj=concern,
            changes={"attachments_deleted": len(files), "messages_redacted": changed_messages},
        )
    return True


def delete(concern_id: int, *, now: dt.datetime | None = None) -> bool:
    """Delete one redacted concern with its history if it is (still) due."""
    now = now or timezone.now()
    with capacity.locked(Concern, concern_id) as concern:
        if concern.redacted_at is None or concern.redacted_at >= _delete_after(now):
            return False
        reference = concern.reference
        audit.record(
            actor=None,
            action="concerns.delete",
            obj=concern,
            changes={"reference": reference},
        )
        concern.delete()
    return True


def apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Both steps for every concern that is due; the counts."""
    now = now or timezone.now()
    deleted = sum(_safely(delete, pk, now) for pk in due_for_deletion(now=now))
    redacted = sum(_safely(redact, pk, now) for pk in due_for_redaction(now=now))
    return {"redacted": redacted, "deleted": deleted}


def _safely(step: Callable[..., bool], concern_id: int, now: dt.datetime) -> bool:
    """One step; a concern deleted meanwhile or locked right now waits for tomorrow."""
    try:
        return step(concern_id, now=now)
    except (Concern.DoesNotExist, capacity.CapacityBusy):
        return False


@periodic.every(periodic.DAY)
def apply_retention() -> dict[str, int]:
    """Once a day: redact and delete closed concerns past their periods."""
    return apply()
