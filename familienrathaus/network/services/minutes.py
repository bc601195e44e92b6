"""Writing minutes: from the agenda, edited without overwriting, approved, then frozen.

Optimistic concurrency
----------------------
Every edit form carries the ``Minutes.version`` it was opened at. :func:`save` raises
the version with one conditional ``UPDATE … WHERE version = <as opened>``: of two
people who opened the same version, the first one's save wins, the second gets
:class:`Conflict` (with the fresh minutes) and nothing of either text is lost: the
view shows the second editor what changed and keeps what they typed. A save over a
conflict is deliberate: the form then carries the version just shown.

Marks
-----
Lines marked ``Beschluss:`` and ``Aufgabe:`` (:mod:`familienrathaus.network.marks`)
become ``Decision`` and ``Task`` rows on every save of the draft. Decisions follow
the text exactly; tasks are matched by title, so a task somebody has already begun
keeps its status, and an open one whose line was removed goes. An owner name that
matches nobody leaves the task without owner; the editor shows why (the text stays).

Approval
--------
A lead approves: from then on no service changes the minutes' sections, decisions or
tasks from the text; corrections are added as addenda, which everyone sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from familienrathaus.core import outbox, tenancy
from familienrathaus.network import marks, notifications, permissions, search_index
from familienrathaus.network.models import (
    Addendum,
    Decision,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesSection,
    Post,
    Task,
)
from familienrathaus.network.services import feed
from familienrathaus.network.services import tasks as task_services

# The text of a new section, one per agenda item.
SECTION_TEMPLATE = "Bericht:\n\nDiskussion:\n\nBeschluss:\nAufgabe:\n"


class Conflict(Exception):
    """Somebody saved the minutes after the editor opened them."""

    def __init__(self, minutes: Minutes) -> None:
        super().__init__("The minutes were saved by someone else meanwhile.")
        self.minutes = minutes


def _frozen() -> ValidationError:
    return ValidationError(
        _("These minutes are approved and no longer change. Add an addendum instead."),
        code="approved",
    )


@dataclass
class Saved:
    minutes: Minutes
    decisions: int = 0
    tasks: int = 0
    problems: list[marks.Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def minutes_url(minutes: Minutes) -> str:
    return reverse("network:minutes-detail", args=[minutes.meeting.group.slug, minutes.pk])


def decided_on(minutes: Minutes) -> dt.date:
    return timezone.localdate(minutes.meeting.starts_at)


def member_users(minutes: Minutes) -> list[Any]:
    """Whom a task can be for: the group's members."""
    return [m.user for m in minutes.meeting.group.members.select_related("user")]


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --------------------------------------------------------------------------- start


@transaction.atomic
def start(*, meeting: Meeting, actor: Any) -> Minutes:
    """The meeting's minutes, begun from its agenda (one section per item, each with
    the template text); the existing ones when somebody began them already."""
    _check(permissions.can_write(actor, meeting.group))
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    now = timezone.now()
    minutes = Minutes(meeting=meeting, updated_by=actor, updated_at=now, created_at=now)
    minutes.full_clean()
    minutes.save()
    items = list(meeting.items.order_by("position", "pk"))
    sections = [
        MinutesSection(
            minutes=minutes,
            agenda_item=item,
            position=number,
            heading=f"TOP {number}: {item.title}"[:200],
            body=SECTION_TEMPLATE,
        )
        for number, item in enumerate(items, start=1)
    ] or [
        MinutesSection(
            minutes=minutes,
            position=1,
            heading=pgettext("of a meeting", "Minutes"),
            body=SECTION_TEMPLATE,
        )
    ]
    for section in sections:
        section.full_clean()
    MinutesSection.objects.bulk_create(sections)
    search_index.index_minutes(minutes)
    return minutes


# --------------------------------------------------------------------------- save


def save(
    *,
    minutes: Minutes,
    actor: Any,
    version: int,
    sections: Mapping[int, tuple[str, str]],
) -> Saved:
    """Save the draft's sections (``{section pk: (heading, text)}``) over ``version``.

    Raises :class:`Conflict` when someone saved meanwhile, ``ValidationError`` when
    the minutes are approved or a text is too long. Decisions and tasks follow the marks.
    """
    group = minutes.meeting.group
    _check(permissions.can_write(actor, group))
    with transaction.atomic():
        won = Minutes.objects.filter(
            pk=minutes.pk, version=version, status=Minutes.Status.DRAFT
        ).update(version=F("version") + 1, updated_by=actor, updated_at=timezone.now())
        if not won:
            fresh = Minutes.objects.select_related("updated_by", "meeting__group").get(
                pk=minutes.pk
            )
            if fresh.is_approved:
                raise _frozen()
            raise Conflict(fresh)
        rows = {s.pk: s for s in minutes.sections.all()}
        for pk, (heading, body) in sections.items():
            section = rows.get(pk)
            if section is None or (section.heading, section.body) == (heading, body):
                continue
            section.heading, section.body = heading, body
            section.full_clean()
            section.save(update_fields=["heading", "body"])
        minutes.refresh_from_db()
        saved = sync_marks(minutes, actor=actor)
        search_index.index_minutes(minutes)
    return saved


@transaction.atomic
def add_section(*, minutes: Minutes, actor: Any, heading: str) -> MinutesSection:
    """A further section at the end (e.g. "Verschiedenes"); it raises the version, so
    an editor who opened the minutes before is told."""
    _check(permissions.can_write(actor, minutes.meeting.group))
    won = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.DRAFT).update(
        version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    if not won:
        raise _frozen()
    last = minutes.sections.order_by("-position").values_list("position", flat=True).first()
    section = MinutesSection(
        minutes=minutes, position=(last or 0) + 1, heading=heading, body=SECTION_TEMPLATE
    )
    section.full_clean()
    section.save()
    search_index.index_minutes(minutes)
    return section


def problems(minutes: Minutes) -> dict[int, list[marks.Problem]]:
    """What the marks of each section (by pk) name that could not be matched."""
    users = member_users(minutes)
    found: dict[int, list[marks.Problem]] = {}
    for section in minutes.sections.all():
        for mark in marks.parse(section.body):
            if mark.is_task:
                _owner, issues = marks.problems_of(mark, section.heading, users)
                if issues:
                    found.setdefault(section.pk, []).extend(issues)
    return found


def sync_marks(minutes: Minutes, *, actor: Any) -> Saved:
    """Make the minutes' Decision and Task rows follow the marks in its text."""
    if minutes.is_approved:
        raise _frozen()
    group = minutes.meeting.group
    users = member_users(minutes)
    day = decided_on(minutes)
    saved = Saved(minutes=minutes)
    decisions: list[tuple[MinutesSection, marks.Mark]] = []
    tasks: list[tuple[MinutesSection, marks.Mark]] = []
    for section in minutes.sections.order_by("position", "pk"):
        for mark in marks.parse(section.body):
            (tasks if mark.is_task else decisions).append((section, mark))

    # Decisions: keep the rows whose text is unchanged, so links to them stay.
    old = list(minutes.decisions.all())
    for position, (section, mark) in enumerate(decisions, start=1):
        same = next((d for d in old if (d.section_id, d.text) == (section.pk, mark.text)), None)
        if same is not None:
            old.remove(same)
            if (same.position, same.decided_on) != (position, day):
                same.position, same.decided_on = position, day
                same.save(update_fields=["position", "decided_on"])
            continue
        decision = Decision(
            group=group,
            minutes=minutes,
            section=section,
            text=mark.text,
            decided_on=day,
            position=position,
        )
        decision.full_clean()
        decision.save()
    for stale in old:
        stale.delete()
    saved.decisions = len(decisions)

    # Tasks: matched by title; a begun task is never removed by an edit of the text.
    existing = list(minutes.tasks.all())
    for section, mark in tasks:
        owner, issues = marks.problems_of(mark, section.heading, users)
        saved.problems.extend(issues)
        title = mark.text[:300]
        task = next((t for t in existing if t.title.casefold() == title.casefold()), None)
        if task is not None:
            existing.remove(task)
            if task.status == Task.Status.OPEN and (task.owner_id, task.due_on) != (
                getattr(owner, "pk", None),
                mark.due_on,
            ):
                if task.due_on != mark.due_on:
                    task.reminder_sent_on = None  # the new date gets its own reminder
                task.owner, task.due_on = owner, mark.due_on
                task.save(update_fields=["owner", "due_on", "reminder_sent_on", "updated_at"])
            continue
        task_services.create_task(
            actor=actor,
            group=group,
            title=title,
            owner=owner,
            due_on=mark.due_on,
            meeting=minutes.meeting,
            minutes=minutes,
            check=False,
        )
    for dropped in existing:
        if dropped.status == Task.Status.OPEN:
            dropped.delete()
    saved.tasks = len(tasks)
    return saved


# --------------------------------------------------------------------------- comments


@transaction.atomic
def comment(
    *, minutes: Minutes, actor: Any, text: str, section: MinutesSection | None = None
) -> MinutesComment:
    """A member's comment on the draft (every role, guests too)."""
    _check(permissions.can_read(actor, minutes.meeting.group))
    if minutes.is_approved:
        raise _frozen()
    if section is not None and section.minutes_id != minutes.pk:
        raise ValidationError({"section": _("This section belongs to other minutes.")})
    row = MinutesComment(minutes=minutes, section=section, author=actor, text=text)
    row.full_clean()
    row.save()
    return row


# --------------------------------------------------------------------------- approve


@transaction.atomic
def approve(*, minutes: Minutes, actor: Any, version: int | None = None) -> Minutes:
    """Approve the draft (leads only): its text, decisions and tasks no longer change.
    ``version``: the one the lead read; a draft saved since is not approved unread.
    The group is told by mail."""
    _check(permissions.can_lead(actor, minutes.meeting.group))
    now = timezone.now()
    drafts = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.DRAFT)
    if version is not None and not drafts.filter(version=version).exists():
        if drafts.exists():
            raise ValidationError(
                _(
                    "The draft was changed after you opened it. Please read the new "
                    "version, then approve it."
                ),
                code="changed",
            )
        raise ValidationError(_("These minutes are approved already."), code="approved")
    if version is not None:
        drafts = drafts.filter(version=version)
    won = drafts.update(
        status=Minutes.Status.APPROVED,
        approved_at=now,
        approved_by=actor,
        version=F("version") + 1,
    )
    if not won:
        raise ValidationError(_("These minutes are approved already."), code="approved")
    minutes.refresh_from_db()
    group = minutes.meeting.group
    url = minutes_url(minutes)
    post = feed.record(
        group,
        Post.Kind.MINUTES,
        feed.Sentence(
            gettext_noop("Minutes approved: %(meeting)s"), {"meeting": minutes.meeting.title}
        ),
        url,
        source_key=f"minutes:{minutes.pk}:approved",
        author=actor,
        notify=False,
    )
    for decision in minutes.decisions.order_by("position", "pk"):
        feed.record(
            group,
            Post.Kind.DECISION,
            decision.text,
            f"{url}#abschnitt-{decision.section_id}" if decision.section_id else url,
            text=minutes.meeting.title,
            source_key=f"decision:{decision.pk}",
            author=actor,
            notify=False,
        )
    search_index.index_minutes(minutes)
    mail_group(minutes, post, kind="approved", actor=actor)
    return minutes


@transaction.atomic
def add_addendum(*, minutes: Minutes, actor: Any, text: str) -> Addendum:
    """A correction to approved minutes, shown below them and in the PDF (leads)."""
    _check(permissions.can_lead(actor, minutes.meeting.group))
    if not minutes.is_approved:
        raise ValidationError(
            _("A draft is corrected by editing it; addenda are for approved minutes."),
            code="draft",
        )
    addendum = Addendum(minutes=minutes, author=actor, text=text)
    addendum.full_clean()
    addendum.save()
    search_index.index_minutes(minutes)
    return addendum


# --------------------------------------------------------------------------- mail


def mail_group(minutes: Minutes, post: Post, *, kind: str, actor: Any) -> int:
    """Mail the group about the draft or the approval, through the feed's entry:
    members who want mail at once get this one now (``notifications``), the others
    find the entry in their daily or weekly digest, or not at all when they chose so.
    Each member in the language of their account; the number queued."""
    by_address = {u.email: u for u in notifications.immediate_recipients(post) if u.email}
    texts: dict[str, tuple[str, str]] = {}
    for address in sorted(by_address):
        language = outbox.language_code(by_address[address].language)
        if language not in texts:
            with outbox.in_language(language):
                texts[language] = _minutes_mail(minutes, kind=kind, actor=actor)
        subject, body = texts[language]
        outbox.queue_mail(
            to=[address],
            subject=subject,
            body_text=body,
            purpose=f"network.minutes_{kind}",
            language=language,
        )
    return len(by_address)


def _minutes_mail(minutes: Minutes, *, kind: str, actor: Any) -> tuple[str, str]:
    """Subject and body, in the active language (links with its prefix)."""
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "group": minutes.meeting.group,
        "actor": actor,
        "url": tenancy.site_url() + minutes_url(minutes),
        "settings_link": notifications.settings_link(),
        "decisions": list(minutes.decisions.order_by("position", "pk")),
    }
    if kind == "approved":
        subject = _("Minutes approved: %(meeting)s") % {"meeting": minutes.meeting.title}
    else:
        subject = _("Draft minutes for your comments: %(meeting)s") % {
            "meeting": minutes.meeting.title
        }
    return subject, render_to_string(f"network/mail/minutes_{kind}.txt", context)


@transaction.atomic
def send_draft(*, minutes: Minutes, actor: Any) -> int | None:
    """Tell the group the draft is ready for comments (a feed entry, and mail to who
    wants it at once); the number of mails queued, None when this version of the draft
    was announced already (a second click)."""
    _check(permissions.can_write(actor, minutes.meeting.group))
    if minutes.is_approved:
        raise _frozen()
    key = f"minutes:{minutes.pk}:draft:{minutes.version}"
    if Post.objects.filter(source_key=key).exists():
        return None
    post = feed.record(
        minutes.meeting.group,
        Post.Kind.MINUTES,
        feed.Sentence(
            gettext_noop("Draft minutes for your comments: %(meeting)s"),
            {"meeting": minutes.meeting.title},
        ),
        minutes_url(minutes),
        source_key=key,
        author=actor,
        notify=False,
    )
    return mail_group(minutes, post, kind="draft", actor=actor)
