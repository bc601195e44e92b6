"""Writes of the intake: a family's concern arrives, the family adds to it or reopens it.

Every way in calls :func:`submit`: the public form (``channel=form``), a QR postcard
(``postcard``), a family's account (``account``), staff entering a phone call or a
visit on the family's behalf (``phone``/``visit``, ``entered_by`` set) and the API
(``api``). It stores the concern, its files and its due dates in one transaction and
queues the receipt mail (only when the family gave an address).

:func:`notify_family` is the one way a family hears about a public change: the desk
(``services/desk.py``) calls it after each public reply, status change or interim
notice. It mails only when there is an address; the status page shows the same
message in any case.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.concerns import dues
from familienrathaus.concerns.models import (
    Attachment,
    Concern,
    ConcernSettings,
    Message,
    Topic,
    new_reference,
)
from familienrathaus.core import audit, outbox, tenancy
from familienrathaus.core.models import District, User
from familienrathaus.postcards.models import Postcard

logger = logging.getLogger(__name__)

Status = Concern.Status

# How many files a family may add to one concern in all (form and later additions).
MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    """A checked file (``core.uploads.clean_image``/``clean_pdf``) and its kind."""

    content: ContentFile
    kind: str  # Attachment.Kind


def upload_kind(content: ContentFile) -> str:
    """``pdf`` for a checked PDF, ``image`` for a checked picture."""
    return Attachment.Kind.PDF if str(content.name).endswith(".pdf") else Attachment.Kind.IMAGE


def status_url(concern: Concern) -> str:
    """The absolute status link the family keeps."""
    return tenancy.site_url() + reverse(
        "concerns:status", kwargs={"tracking_token": concern.tracking_token}
    )


# --------------------------------------------------------------------------- submitting


def submit(
    *,
    kind: str,
    text: str,
    topic: Topic | None = None,
    district: District | None = None,
    privacy: str = Concern.Privacy.OFFICE_ONLY,
    name: str = "",
    email: str = "",
    phone: str = "",
    channel: str = Concern.Channel.FORM,
    postcard: Postcard | None = None,
    user: User | None = None,
    entered_by: User | None = None,
    uploads: Sequence[Upload] = (),
    language: str = "",
) -> Concern:
    """Store a new concern with its files; queue the receipt mail when there is an address.

    ``privacy=anonymous`` drops every contact detail, whatever was passed. Raises
    :class:`ValidationError` (field → message) for input the model refuses.
    """
    if privacy == Concern.Privacy.ANONYMOUS:
        name = email = phone = ""
    if channel in {Concern.Channel.PHONE, Concern.Channel.VISIT} and entered_by is None:
        raise ValidationError({"channel": "A call or visit is entered by a member of staff."})
    now = timezone.now()
    concern = Concern(
        kind=kind,
        text=text.strip(),
        topic=topic,
        district=district,
        privacy=privacy,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        channel=channel,
        postcard=postcard if channel == Concern.Channel.POSTCARD else None,
        user=user,
        entered_by=entered_by,
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:10],
        created_at=now,
        updated_at=now,
    )
    targets = dues.for_topic(now, topic)
    concern.first_answer_due, concern.close_due = targets.first_answer, targets.close
    concern.full_clean(exclude=["reference", "tracking_token"])
    with transaction.atomic():
        _save_with_fresh_reference(concern)
        _store_uploads(concern, uploads[:MAX_FILES], message=None)
        if concern.email:
            _queue_receipt(concern)
    logger.info("concerns: %s received via %s", concern.reference, concern.channel)
    return concern


def _save_with_fresh_reference(concern: Concern) -> None:
    """Save; on the (rare) clash of a reference code draw a new one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                concern.save(force_insert=True)
            return
        except IntegrityError:
            if Concern.objects.filter(reference=concern.reference).exists():
                concern.reference = new_reference()
                concern.pk = None
                continue
            raise
    raise IntegrityError("no free reference code")


def _store_uploads(concern: Concern, uploads: Sequence[Upload], *, message: Message | None) -> None:
    for upload in uploads:
        Attachment.objects.create(
            concern=concern,
            message=message,
            file=upload.content,
            kind=upload.kind,
            from_family=True,
            added_at=timezone.now(),
        )


def _queue_receipt(concern: Concern) -> None:
    with translation.override(concern.language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "concerns/mail/receipt.txt",
            {"concern": concern, "status_url": status_url(concern)},
        )
    _queue(concern, text, purpose="concerns.receipt")


def _queue(concern: Concern, text: str, *, purpose: str) -> None:
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[concern.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=purpose,
        language=outbox.language_code(concern.language),  # blank: the site's language
    )


# --------------------------------------------------------------------------- the family writes


def files_left(concern: Concern) -> int:
    return max(0, MAX_FILES - concern.attachments.filter(from_family=True).count())


def add_information(
    *, concern: Concern, text: str, uploads: Sequence[Upload] = (), author: User | None = None
) -> Message:
    """The family adds information (and files) to its concern.

    A closed or redacted concern takes nothing more: the family is asked to write a new
    one (the view says so). A duplicate merged into another concern takes it while that
    one is open; it stays on the family's own concern (the desk shows the messages of
    merged duplicates with the concern they went into; other families never see it).
    """
    with transaction.atomic():
        target = _lock_target(concern)
        concern = concern if concern.pk == target.pk else _locked(concern)
        message = Message(
            concern=concern,
            kind=Message.Kind.FAMILY,
            public=True,
            text=text.strip(),
            author=author,
            author_label="",
        )
        message.full_clean()
        message.save()
        _store_uploads(concern, uploads[: files_left(concern)], message=message)
        Concern.objects.filter(pk__in={concern.pk, target.pk}).update(updated_at=timezone.now())
    return message


def reopen(*, concern: Concern, text: str = "", author: User | None = None) -> Message:
    """ "This did not help": the answered or closed concern is open again, on the desk.

    For a merged duplicate the concern it went into is reopened; the family's message
    stays on its own concern (the desk sees it with the one it went into)."""
    with transaction.atomic():
        target = _lock_target(concern, allow_closed=True)
        own = concern if concern.pk == target.pk else _locked(concern)
        message = Message(
            concern=own,
            kind=Message.Kind.REOPENED,
            public=True,
            text=text.strip(),
            author=author,
        )
        message.full_clean()
        message.save()
        held = target.organisation_id or target.office_id or target.assignee_id
        target.status = Status.IN_PROGRESS if held else Status.RECEIVED
        target.closed_at = None
        target.updated_at = timezone.now()
        target.save(update_fields=["status", "closed_at", "updated_at"])
    return message


class NotOpenError(Exception):
    """The concern takes no more additions (closed and not reopenable, or redacted)."""


def may_add(concern: Concern) -> bool:
    """``concern``: the family's own; its state is that of the one it was merged into."""
    state = concern.merged_into or concern
    return (
        concern.redacted_at is None
        and state.redacted_at is None
        and (state.status != Status.CLOSED)
    )


def may_reopen(concern: Concern) -> bool:
    state = concern.merged_into or concern
    return (
        concern.redacted_at is None
        and state.redacted_at is None
        and (state.status in {Status.ANSWERED, Status.CLOSED})
    )


def _locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


def _lock_target(concern: Concern, *, allow_closed: bool = False) -> Concern:
    """The row whose state counts, locked: the concern it was merged into, if any."""
    target = Concern.objects.select_for_update().get(pk=concern.merged_into_id or concern.pk)
    if target.redacted_at is not None or concern.redacted_at is not None:
        raise NotOpenError
    if target.status == Status.CLOSED and not allow_closed:
        raise NotOpenError
    if allow_closed and target.status not in {Status.ANSWERED, Status.CLOSED}:
        raise NotOpenError
    return target


# --------------------------------------------------------------------------- telling the family


def notify_family(concern: Concern, message: Message | str) -> bool:
    """Mail the family about a public change (a reply, a status, an interim notice).

    ``message`` is the public :class:`Message` (or a short text). Nothing is mailed when
    the family left no address, the concern is anonymous or redacted, or the message is
    internal. Call inside the transaction of the change. True when a mail was queued.
    """
    if isinstance(message, Message) and not message.public:
        return False
    if not concern.email or concern.is_anonymous or concern.redacted_at is not None:
        return False
    text = message.text if isinstance(message, Message) else message
    with translation.override(concern.language or settings.LANGUAGE_CODE):
        mail = render_to_string(
            "concerns/mail/update.txt",
            {
                "concern": concern,
                "text": text,
                "status_label": Concern.Status(concern.status).label,
                "status_url": status_url(concern),
            },
        )
    _queue(concern, mail, purpose="concerns.update")
    return True


# --------------------------------------------------------------------------- settings

SETTINGS_FIELDS = ["emergency_text", "redact_after_days", "delete_after_days"]


def update_settings(*, actor: User, fields: dict[str, object]) -> ConcernSettings:
    """Coordinators change the emergency numbers or the retention periods (audited)."""
    with transaction.atomic():
        row = ConcernSettings.load()
        before = audit.snapshot(row, SETTINGS_FIELDS)
        for name in SETTINGS_FIELDS:
            if name in fields:
                setattr(row, name, fields[name])
        row.full_clean()
        row.save()
        audit.record(
            actor=actor,
            action="concerns.settings.update",
            obj=row,
            changes=audit.diff(before, audit.snapshot(row, SETTINGS_FIELDS)),
        )
    return row
