"""iCalendar (RFC 5545, iTIP RFC 5546) for the workshop: invitations and a member's feed.

An invitation is a calendar with ``METHOD:REQUEST`` and one VEVENT whose UID is the
meeting's ``uid`` (it never changes) and whose SEQUENCE is the meeting's ``sequence``
(raised on every move): a calendar program that already holds the meeting replaces it
with the newer version. A cancelled meeting goes out as ``METHOD:CANCEL`` with the same
UID, a higher SEQUENCE and ``STATUS:CANCELLED``. Replies are given on the site, so the
attendee is asked for no RSVP by mail (``RSVP=FALSE``).

The member's feed (``/werkstatt/ical/<feed_token>.ics``, ``METHOD:PUBLISH``) holds the
meetings of the groups they belong to and the due dates of their open tasks (all-day
entries, because many calendar programs do not show VTODO in a subscribed calendar).
Times carry ``TZID=Europe/Berlin`` with the VTIMEZONE, as in ``events.ical``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vText, vUri
from icalendar import Event as VEvent

from familienrathaus.core import mail_sender, tenancy
from familienrathaus.network.models import Meeting, Task

PRODID = "-//Familienrathaus//Buendnis-Werkstatt//DE"
TZID = "Europe/Berlin"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def meeting_url(meeting: Meeting) -> str:
    return tenancy.site_url() + reverse(
        "network:meeting", kwargs={"slug": meeting.group.slug, "pk": meeting.pk}
    )


def task_url(task: Task) -> str:
    return tenancy.site_url() + reverse("network:my-tasks") + f"#aufgabe-{task.pk}"


def _calendar(name: str, method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    return cal


def _timezone(first: date, last: date) -> Timezone:
    return Timezone.from_tzid(
        TZID, first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
    )


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def _organizer() -> vCalAddress:
    name, address = mail_sender.organiser()
    organizer = vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["cn"] = vText(name)
    return organizer


def meeting_component(meeting: Meeting, *, cancelled: bool = False) -> VEvent:
    """The VEVENT of a meeting (the same in an invitation and in the feed)."""
    vevent = VEvent()
    vevent.add("uid", meeting.uid)
    vevent.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(UTC))
    vevent.add("dtstart", _local(meeting.starts_at))
    vevent.add("dtend", _local(meeting.ends_at))
    vevent.add("sequence", meeting.sequence)
    vevent.add("summary", f"{meeting.title} ({meeting.group.name})")
    lines = [meeting.description.strip()] if meeting.description.strip() else []
    items = [item.title for item in meeting.items.all()]
    if items:
        lines.append(
            _("Agenda:") + "\n" + "\n".join(f"{n}. {title}" for n, title in enumerate(items, 1))
        )
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    lines.append(meeting_url(meeting))
    vevent.add("description", "\n\n".join(lines))
    if meeting.place:
        vevent.add("location", meeting.place)
    elif meeting.online_url:
        vevent.add("location", meeting.online_url)
    if meeting.online_url:
        vevent.add(
            "conference",
            vUri(meeting.online_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Online"},
        )
    vevent.add("url", meeting_url(meeting))
    is_cancelled = cancelled or meeting.status == Meeting.Status.CANCELLED
    vevent.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    return vevent


def invitation(meeting: Meeting, *, attendee: str = "", name: str = "") -> bytes:
    """The .ics of an invitation mail: REQUEST for a planned meeting (first invitation
    and every update), CANCEL for a cancelled one."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    cal = _calendar(meeting.title, CANCEL if cancelled else REQUEST)
    cal.add_component(_timezone(meeting.starts_at.date(), meeting.ends_at.date()))
    vevent = meeting_component(meeting, cancelled=cancelled)
    vevent.add("organizer", _organizer())
    if attendee:
        address = vCalAddress(f"mailto:{attendee}")
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        if name:
            address.params["cn"] = vText(name)
        vevent.add("attendee", address, encode=0)
    cal.add_component(vevent)
    return bytes(cal.to_ical())


def task_component(task: Task) -> VEvent:
    """A task's due date as an all-day entry."""
    vevent = VEvent()
    vevent.add("uid", f"task-{task.pk}@familienrathaus-werkstatt")
    vevent.add("dtstamp", (task.updated_at or timezone.now()).astimezone(UTC))
    assert task.due_on is not None
    vevent.add("dtstart", task.due_on)
    vevent.add("dtend", task.due_on + timedelta(days=1))  # DTEND of a date is exclusive
    vevent.add("summary", _("Due: %(title)s") % {"title": task.title})
    text = task.description.strip()
    vevent.add("description", "\n\n".join(part for part in (text, task_url(task)) if part))
    vevent.add("url", task_url(task))
    vevent.add("transp", "TRANSPARENT")
    return vevent


def member_feed(meetings: Iterable[Meeting], tasks: Iterable[Task], *, name: str) -> bytes:
    """The member's subscribed calendar: meetings of their groups, due dates of tasks."""
    meetings, tasks = list(meetings), [t for t in tasks if t.due_on is not None]
    cal = _calendar(name, PUBLISH)
    days = [m.starts_at.date() for m in meetings] + [t.due_on for t in tasks if t.due_on]
    first = min(days, default=timezone.localdate())
    last = max(days, default=timezone.localdate())
    cal.add_component(_timezone(first, last))
    for meeting in meetings:
        cal.add_component(meeting_component(meeting))
    for task in tasks:
        cal.add_component(task_component(task))
    return bytes(cal.to_ical())
