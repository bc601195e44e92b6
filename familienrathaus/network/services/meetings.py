"""Writes of meetings: planning, invitations, moves, cancellation, the agenda, and a
plenary meeting published in the public calendar (replies and attendance:
:mod:`.replies`).

Invitations
-----------
Every member of the group gets one mail per meeting event through the outbox, each
with an .ics built when the mail is sent (``outbox.register_attachments``): the
meeting as it is then, ``METHOD:REQUEST`` with the meeting's fixed UID and its
SEQUENCE, or ``METHOD:CANCEL`` once it is cancelled. A move (new times, place or
online link) raises SEQUENCE in the same locked transaction that saves it and sends
the update mail, so calendar programs replace the old entry. Mails are queued inside
the transaction of the change: a change that fails sends nothing.

A plenary meeting (``Group.Kind.PLENARY``) can be published as the alliance's own
public event (``events.services``); when the meeting moves or is cancelled, the
event follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from familienrathaus.core import audit, outbox, tenancy
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.events import services as event_services
from familienrathaus.events.models import Event, EventStatus
from familienrathaus.network import ical, permissions
from familienrathaus.network.models import (
    AgendaItem,
    Document,
    Group,
    GroupMember,
    Meeting,
    Post,
    Task,
)
from familienrathaus.network.services import feed

ICS_PURPOSE = "network.meeting-ics:"
# Fields whose change is a move: the invited hear of it, SEQUENCE goes up.
MOVE_FIELDS = ("starts_at", "ends_at", "place", "online_url")
EDIT_FIELDS = ("title", "description", *MOVE_FIELDS)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})


def _check_place(place: str, online_url: str) -> None:
    if not place.strip() and not online_url.strip():
        raise ValidationError({"place": _("Please give a place, an online link or both.")})


# ------------------------------------------------------------------ invitation mails


def _recipients(meeting: Meeting) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group=meeting.group, user__is_active=True).select_related("user")
    )


def _mail_members(meeting: Meeting, kind: str, *, changes: Iterable[str] = ()) -> int:
    """One mail per member with the .ics; ``kind``: invitation, moved, cancelled."""
    sent = 0
    for member in _recipients(meeting):
        # Each member in the language of their account.
        language = outbox.language_code(member.user.language)
        with outbox.in_language(language):
            text = render_to_string(
                f"network/mail/meeting_{kind}.txt",
                {
                    "meeting": meeting,
                    "group": meeting.group,
                    "member": member,
                    "start": timezone.localtime(meeting.starts_at),
                    "end": timezone.localtime(meeting.ends_at),
                    "items": list(meeting.items.all()),
                    "url": ical.meeting_url(meeting),
                    "changes": list(changes),
                },
            )
            subject, _sep, body = text.strip().partition("\n")
            outbox.queue_mail(
                to=[member.user.email],
                subject=subject.strip(),
                body_text=body.strip() + "\n",
                purpose=f"{ICS_PURPOSE}{meeting.pk}",
                language=language,
            )
        sent += 1
    return sent


def _ics_attachment(message: OutboxMessage) -> list[outbox.Attachment]:
    try:
        pk = int(message.purpose.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return []
    meeting = (
        Meeting.objects.select_related("group").prefetch_related("items").filter(pk=pk).first()
    )
    if meeting is None:
        return []
    attendee = message.to[0] if message.to else ""
    user = User.objects.filter(email__iexact=attendee).first() if attendee else None
    content = ical.invitation(meeting, attendee=attendee, name=user.name if user else "")
    method = ical.CANCEL if meeting.status == Meeting.Status.CANCELLED else ical.REQUEST
    return [("einladung.ics", content, f"text/calendar; method={method}")]


outbox.register_attachments(ICS_PURPOSE, _ics_attachment)


def _feed_entry(meeting: Meeting, *, actor: User | None, moved: bool = False) -> None:
    start = timezone.localtime(meeting.starts_at)
    title = feed.Sentence(
        gettext_noop("Meeting moved: %(title)s")
        if moved
        else gettext_noop("New meeting: %(title)s"),
        {"title": meeting.title},
    )
    text = feed.Sentence(
        gettext_noop("%(date)s at %(time)s"),
        {"date": start.strftime("%d.%m.%Y"), "time": start.strftime("%H:%M")},
    )
    feed.record(
        meeting.group,
        Post.Kind.MEETING,
        title,
        ical.meeting_url(meeting).removeprefix(tenancy.site_url()),
        text=text,
        source_key=f"meeting:{meeting.pk}:{meeting.sequence}",
        author=actor,
    )


# ------------------------------------------------------------------ meetings


@transaction.atomic
def create_meeting(
    *,
    actor: User,
    group: Group,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    description: str = "",
    invite: bool = True,
) -> Meeting:
    """Plan a meeting; with ``invite`` every member gets the invitation with its .ics."""
    _require(permissions.can_lead(actor, group))
    _check_times(starts_at, ends_at)
    _check_place(place, online_url)
    meeting = Meeting(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        description=description,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    audit.record(actor=actor, action="network.meeting.create", obj=meeting)
    if invite:
        _mail_members(meeting, "invitation")
    _feed_entry(meeting, actor=actor)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


@transaction.atomic
def update_meeting(*, actor: User, meeting: Meeting, values: dict[str, Any]) -> Meeting:
    """Change a meeting. A move (times, place, online link) raises SEQUENCE, sends the
    update with the new .ics to every member and moves the public event along."""
    locked = _locked(meeting)
    _require(permissions.can_lead(actor, locked.group))
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled and can no longer be changed."))
    before = audit.snapshot(locked, list(EDIT_FIELDS))
    for name in EDIT_FIELDS:
        if name in values:
            value = values[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_times(locked.starts_at, locked.ends_at)
    _check_place(locked.place, locked.online_url)
    moved = [name for name in MOVE_FIELDS if getattr(locked, name) != meeting_value(before, name)]
    if moved or locked.title != before["title"]:
        locked.sequence += 1
    locked.full_clean()
    locked.save()
    after = audit.snapshot(locked, list(EDIT_FIELDS))
    audit.record(
        actor=actor, action="network.meeting.update", obj=locked, changes=audit.diff(before, after)
    )
    if moved and locked.status == Meeting.Status.PLANNED:
        _mail_members(locked, "moved", changes=moved)
        _feed_entry(locked, actor=actor, moved=True)
    if locked.public_event_id:
        _follow_event(locked, actor=actor)
    return locked


def meeting_value(snapshot: dict[str, Any], name: str) -> Any:
    """A value of an audit snapshot back as the field's Python value (times are
    stored as ISO text there)."""
    value = snapshot[name]
    if name in {"starts_at", "ends_at"} and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting) -> Meeting:
    """Cancel: every member gets the CANCEL (same UID, higher SEQUENCE); the public
    event is marked cancelled."""
    locked = _locked(meeting)
    _require(permissions.can_lead(actor, locked.group))
    if locked.status == Meeting.Status.CANCELLED:
        return locked
    locked.status = Meeting.Status.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    audit.record(actor=actor, action="network.meeting.cancel", obj=locked)
    _mail_members(locked, "cancelled")
    if locked.public_event_id:
        _follow_event(locked, actor=actor)
    return locked


# ------------------------------------------------------------------ the public calendar


def _event_values(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title[:200],
        "summary": meeting.group.name[:300],
        "description": meeting.description,
        "start": meeting.starts_at,
        "end": meeting.ends_at,
        "venue_name": meeting.place[:150],
        "online_url": meeting.online_url,
        "event_status": (
            EventStatus.CANCELLED
            if meeting.status == Meeting.Status.CANCELLED
            else EventStatus.SCHEDULED
        ),
    }


def can_publish(user: Any, meeting: Meeting) -> bool:
    """A plenary meeting, planned and not yet in the calendar, by a lead who is a
    coordinator (the calendar's own events are the coordinators')."""
    return bool(
        meeting.group.kind == Group.Kind.PLENARY
        and meeting.status == Meeting.Status.PLANNED
        and meeting.public_event_id is None
        and permissions.can_lead(user, meeting.group)
        and getattr(user, "is_coordinator", False)
    )


@transaction.atomic
def publish_as_event(*, actor: User, meeting: Meeting) -> Event:
    """Publish a plenary meeting as the alliance's public event."""
    locked = _locked(meeting)
    _require(can_publish(actor, locked))
    event = event_services.create_event(
        actor=actor,
        organisation=None,
        values=_event_values(locked),
        status=Event.Status.PUBLISHED,
    )
    locked.public_event = event
    locked.save(update_fields=["public_event", "updated_at"])
    audit.record(actor=actor, action="network.meeting.publish", obj=locked)
    return event


def _follow_event(meeting: Meeting, *, actor: User) -> None:
    """The public event takes the meeting's new times, place and status (the meeting's
    change was already allowed; the event is the alliance's own, no review)."""
    event = (
        Event.objects.select_for_update().filter(pk=meeting.public_event_id).first()
        if meeting.public_event_id
        else None
    )
    if event is None:
        return
    changes = event_services.apply_content(event, _event_values(meeting))
    audit.record(actor=actor, action="event.update", obj=event, changes=changes)


# ------------------------------------------------------------------ agenda


def _check_owner(group: Group, owner: User | None) -> None:
    if owner is not None and not GroupMember.objects.filter(group=group, user=owner).exists():
        raise ValidationError({"owner": _("Please choose a member of the group.")})


def _check_documents(group: Group, documents: Iterable[Document]) -> list[Document]:
    documents = list(documents)
    if any(document.group_id != group.pk for document in documents):
        raise ValidationError({"documents": _("Please choose documents of this group.")})
    return documents


@transaction.atomic
def save_item(
    *,
    actor: User,
    meeting: Meeting,
    item: AgendaItem | None = None,
    title: str,
    owner: User | None = None,
    notes: str = "",
    minutes_planned: int | None = None,
    documents: Iterable[Document] = (),
    task: Task | None = None,
) -> AgendaItem:
    """Add an agenda item at the end, or change ``item``."""
    _require(permissions.can_lead(actor, meeting.group))
    _check_owner(meeting.group, owner)
    chosen = _check_documents(meeting.group, documents)
    if item is None:
        last = meeting.items.aggregate(last=Max("position"))["last"]
        item = AgendaItem(meeting=meeting, position=(last or 0) + 1, task=task)
    elif item.meeting_id != meeting.pk:
        raise PermissionDenied
    item.title, item.owner, item.notes = title, owner, notes
    item.minutes_planned = minutes_planned
    item.full_clean()
    item.save()
    item.documents.set(chosen)
    return item


@transaction.atomic
def delete_item(*, actor: User, item: AgendaItem) -> None:
    _require(permissions.can_lead(actor, item.meeting.group))
    item.delete()


@transaction.atomic
def move_item(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above or below; positions become 1…n."""
    meeting = item.meeting
    _require(permissions.can_lead(actor, meeting.group))
    items = list(meeting.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, entry in enumerate(items, 1):
        if entry.position != position:
            entry.position = position
            entry.save(update_fields=["position"])


def carry_over_candidates(meeting: Meeting) -> list[Task]:
    """Open tasks of the group not yet on this meeting's agenda."""
    on_agenda = meeting.items.exclude(task=None).values_list("task_id", flat=True)
    return list(
        Task.objects.filter(
            group=meeting.group, status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS]
        )
        .exclude(pk__in=on_agenda)
        .select_related("owner")
    )


@transaction.atomic
def carry_over(*, actor: User, meeting: Meeting, tasks: Iterable[Task]) -> list[AgendaItem]:
    """Put open tasks of the group on the agenda, each as an item with its owner."""
    _require(permissions.can_lead(actor, meeting.group))
    allowed = {task.pk for task in carry_over_candidates(meeting)}
    items = []
    for task in tasks:
        if task.pk not in allowed:
            continue
        owner = task.owner
        if (
            owner is not None
            and not GroupMember.objects.filter(group=meeting.group, user=owner).exists()
        ):
            owner = None
        items.append(
            save_item(
                actor=actor,
                meeting=meeting,
                title=_("Task: %(title)s") % {"title": task.title[:190]},
                owner=owner,
                notes=task.description[:2000],
                task=task,
            )
        )
    return items
