"""Writes of the coordination desk, the partners who hold a concern, and the offices.

Every step that changes a concern locks its row first (:func:`locked_concern`: ``SELECT …
FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite, through
:func:`familienrathaus.core.capacity.locked`) and checks again, on the fresh row,
whether the step is still allowed. So a concern passed on while its partner writes an
answer ends in one of two consistent states: the answer was stored while the partner
still held it (and the hand-over follows it), or the hand-over came first and the
partner is told it no longer holds the concern. Nothing is overwritten by a stale copy.

A reply or note sent twice (a double click, a browser resending the form) is stored
once: each form carries a ``submission_key`` (a UUID made when the form was shown); a
second request with the same key finds the message of the first under the lock and
returns it.

Every change a family may see is a public :class:`Message` followed by
``intake.notify_family`` (their mail); staff and offices get their mails from here,
through the outbox, inside the transaction of the change.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.concerns import dues, permissions
from familienrathaus.concerns.models import Concern, Message, Topic
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import intake
from familienrathaus.core import audit, capacity, recipients, tenancy
from familienrathaus.core.models import District, User

Status = Concern.Status
Kind = Message.Kind
DESK_LABEL = "Koordinierungsstelle"


class NotAllowed(Exception):
    """The step is not (or no longer) allowed on this concern; nothing was changed."""


# --------------------------------------------------------------------------- locking


@contextlib.contextmanager
def locked_concern(concern_id: int) -> Iterator[Concern]:
    """The concern's row, fresh and locked for one transaction.

    Inside ``capacity.unprotected()`` (the concurrency test's proof of the race) it is
    read before the transaction, as code without the lock would."""
    if capacity.is_protected():
        with capacity.locked(Concern, concern_id) as concern:
            yield concern
        return
    concern = Concern.objects.get(pk=concern_id)
    _between_read_and_write()
    with transaction.atomic():
        yield concern


def _between_read_and_write() -> None:
    """A hook for the concurrency test to widen the race window when unprotected."""


def touch(concern: Concern, *fields: str) -> None:
    concern.updated_at = timezone.now()
    concern.full_clean(exclude=["reference", "tracking_token"])
    concern.save(update_fields=[*fields, "updated_at"])


def add_message(
    concern: Concern,
    *,
    kind: str,
    text: str,
    public: bool,
    author: User | None,
    label: str = "",
    key: uuid.UUID | None = None,
) -> Message:
    message = Message(
        concern=concern,
        kind=kind,
        public=public,
        text=text.strip(),
        author=author,
        author_label=label[:200],
        submission_key=key,
    )
    message.full_clean()
    message.save()
    return message


def in_family_language(concern: Concern) -> Any:
    """Write texts for the family in the language they wrote in."""
    return translation.override(concern.language or settings.LANGUAGE_CODE)


def publish_effects(concern: Concern, message: Message) -> None:
    """A reply reached the family: first answer, status "answered", their mail; the same
    reply goes to the families of duplicates merged into this concern."""
    fields = ["status"]
    if concern.first_answer_at is None:
        concern.first_answer_at = message.created_at
        fields.append("first_answer_at")
    concern.status = Status.ANSWERED
    touch(concern, *fields)
    intake.notify_family(concern, message)
    for duplicate in concern.merged.filter(redacted_at__isnull=True):
        copy = add_message(
            duplicate,
            kind=message.kind,
            text=message.text,
            public=True,
            author=message.author,
            label=message.author_label,
        )
        intake.notify_family(duplicate, copy)


def existing(key: uuid.UUID | None) -> Message | None:
    return selectors.message_by_key(key)


# --------------------------------------------------------------------------- the desk


def reply(*, actor: User, concern: Concern, text: str, submission_key: uuid.UUID | None) -> Message:
    """The desk answers the family (public)."""
    with locked_concern(concern.pk) as fresh:
        if (done := existing(submission_key)) is not None:
            return done
        if not permissions.can_answer(actor, fresh) or not permissions.can_manage(actor, fresh):
            raise NotAllowed
        message = add_message(
            fresh,
            kind=Kind.REPLY,
            text=text,
            public=True,
            author=actor,
            label=DESK_LABEL,
            key=submission_key,
        )
        publish_effects(fresh, message)
        audit.record(actor=actor, action="concerns.reply", obj=fresh)
    return message


def add_note(
    *, actor: User, concern: Concern, text: str, submission_key: uuid.UUID | None
) -> Message:
    """An internal note: only the desk reads it."""
    with locked_concern(concern.pk) as fresh:
        if (done := existing(submission_key)) is not None:
            return done
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        message = add_message(
            fresh, kind=Kind.NOTE, text=text, public=False, author=actor, key=submission_key
        )
        touch(fresh)
    return message


def assign(*, actor: User, concern: Concern, assignee: User | None) -> Concern:
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        if assignee is not None and not permissions.is_coordinator(assignee):
            raise ValidationError({"assignee": _("Only coordinators can be assigned.")})
        before = fresh.assignee_id
        fresh.assignee = assignee
        if fresh.status == Status.RECEIVED and assignee is not None:
            fresh.status = Status.IN_PROGRESS
        touch(fresh, "assignee", "status")
        audit.record(
            actor=actor,
            action="concerns.assign",
            obj=fresh,
            changes={"assignee": {"before": before, "after": assignee.pk if assignee else None}},
        )
        if assignee is not None and assignee.pk != actor.pk:
            mail_staff(
                [assignee.email],
                lambda: (
                    _("Concern %(reference)s was assigned to you") % {"reference": fresh.reference}
                ),
                "concerns/mail/assigned.txt",
                fresh,
                purpose="concerns.assigned",
            )
    return fresh


def change_status(*, actor: User, concern: Concern, status: str, text: str = "") -> Concern:
    """A status change the family sees (with an optional word to them)."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh) or fresh.merged_into_id is not None:
            raise NotAllowed
        if fresh.status == status:
            return fresh
        fresh.status = status
        fresh.closed_at = timezone.now() if status == Status.CLOSED else None
        touch(fresh, "status", "closed_at")
        with in_family_language(fresh):
            body = _("New status: %(status)s") % {"status": Status(status).label}
        if text.strip():
            body = f"{body}\n\n{text.strip()}"
        message = add_message(
            fresh, kind=Kind.STATUS, text=body, public=True, author=actor, label=DESK_LABEL
        )
        intake.notify_family(fresh, message)
        audit.record(actor=actor, action="concerns.status", obj=fresh, changes={"status": status})
    return fresh


def set_priority(*, actor: User, concern: Concern, priority: str) -> Concern:
    """Urgent moves to the top of the inbox and mails every coordinator at once."""
    if priority not in Concern.Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        if fresh.priority == priority:
            return fresh
        fresh.priority = priority
        touch(fresh, "priority")
        audit.record(
            actor=actor, action="concerns.priority", obj=fresh, changes={"priority": priority}
        )
        if priority == Concern.Priority.URGENT:
            emails = [user.email for user in selectors.coordinators()]
            mail_staff(
                emails,
                lambda: _("Urgent concern %(reference)s") % {"reference": fresh.reference},
                "concerns/mail/urgent.txt",
                fresh,
                purpose="concerns.urgent",
                priority=10,
                separately=True,
            )
    return fresh


def classify(
    *,
    actor: User,
    concern: Concern,
    kind: str,
    topic: Topic | None,
    district: District | None,
) -> Concern:
    """Correct kind, topic and district; a new topic brings its target times."""
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        topic_changed = fresh.topic_id != (topic.pk if topic else None)
        fresh.kind, fresh.topic, fresh.district = kind, topic, district
        if topic_changed:
            targets = dues.for_topic(fresh.created_at, topic)
            fresh.first_answer_due, fresh.close_due = targets.first_answer, targets.close
        touch(fresh, "kind", "topic", "district", "first_answer_due", "close_due")
        audit.record(actor=actor, action="concerns.classify", obj=fresh)
    return fresh


# --------------------------------------------------------------------------- staff mail


def staff_language() -> Any:
    """Texts stored for staff (labels, notes) are in the site's language; so is a mail to
    an address without an account (see :func:`mail_staff`)."""
    return translation.override(settings.LANGUAGE_CODE)


def desk_url(concern: Concern) -> str:
    return tenancy.site_url() + reverse("concerns:desk-detail", args=[concern.pk])


def mail_staff(
    to: Sequence[str],
    subject: Callable[[], str],
    template: str,
    concern: Concern,
    *,
    purpose: str,
    priority: int = 0,
    separately: bool = False,
    context: dict[str, Any] | None = None,
) -> int:
    """Queue a mail about the concern (its reference and a link, never the family's
    contact), each address in the language of its account (an address without one, such
    as an office's, in the site's language), whoever causes it. ``subject()`` and the
    callables in ``context`` are evaluated in that language, so links carry its prefix.
    ``separately``: one message per recipient. Returns how many messages were queued."""
    addresses = sorted({address for address in to if address})
    if not addresses:
        return 0

    def render() -> tuple[str, str]:
        values = {
            key: value() if callable(value) else value for key, value in (context or {}).items()
        }
        body = render_to_string(template, {"concern": concern, "url": desk_url(concern), **values})
        return subject(), body

    batches = [[address] for address in addresses] if separately else [addresses]
    queued = 0
    with staff_language():
        for batch in batches:
            queued += len(
                recipients.queue_by_language(batch, render, purpose=purpose, priority=priority)
            )
    return queued


def holder_emails(concern: Concern) -> list[str]:
    """Who holds the concern now: the partner's staff, the office, the assigned
    coordinator, or (nobody assigned) every coordinator."""
    if concern.organisation is not None:
        return selectors.staff_emails(concern.organisation)
    if concern.office is not None:
        return [concern.office.email]
    if concern.assignee is not None and concern.assignee.is_active:
        return [concern.assignee.email]
    return [user.email for user in selectors.coordinators()]
