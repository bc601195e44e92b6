"""Reads about minutes and decisions; each starts from a group the user may read."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from familienrathaus.network.models import (
    Attendance,
    Decision,
    Group,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesSection,
)
from familienrathaus.network.selectors.groups import get_group_or_404


def get_minutes_or_404(user: Any, slug: str, pk: int) -> Minutes:
    """The minutes by the group's address and their number, for a member; else 404."""
    group = get_group_or_404(user, slug)
    minutes = (
        Minutes.objects.select_related("meeting__group", "approved_by", "updated_by")
        .filter(pk=pk, meeting__group=group)
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes


def get_meeting_or_404(user: Any, slug: str, pk: int) -> Meeting:
    group = get_group_or_404(user, slug)
    meeting = Meeting.objects.select_related("group").filter(pk=pk, group=group).first()
    if meeting is None:
        raise Http404
    return meeting


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, if somebody has begun them."""
    return Minutes.objects.filter(meeting=meeting).first()


def group_minutes(group: Group) -> QuerySet[Minutes]:
    """All minutes of the group, newest meeting first."""
    return (
        Minutes.objects.filter(meeting__group=group)
        .select_related("meeting", "approved_by")
        .order_by("-meeting__starts_at")
    )


def meetings_without_minutes(group: Group) -> QuerySet[Meeting]:
    """The group's meetings that have begun and were not cancelled, without minutes yet."""
    return (
        Meeting.objects.filter(group=group, minutes__isnull=True, starts_at__lte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    )


def local_day(minutes: Minutes) -> dt.date:
    """The day of the meeting, in the alliance's time zone."""
    return timezone.localdate(minutes.meeting.starts_at)


def sections(minutes: Minutes) -> list[MinutesSection]:
    return list(minutes.sections.select_related("agenda_item").order_by("position", "pk"))


def comments_by_section(minutes: Minutes) -> dict[int | None, list[MinutesComment]]:
    """The comments, per section pk (None: on the minutes as a whole)."""
    found: dict[int | None, list[MinutesComment]] = {}
    for row in minutes.comments.select_related("author").order_by("created_at", "pk"):
        found.setdefault(row.section_id, []).append(row)
    return found


def attendance(minutes: Minutes) -> tuple[list[Attendance], list[Attendance]]:
    """Who was present and who was excused, as taken at the meeting."""
    rows = list(
        Attendance.objects.filter(meeting=minutes.meeting)
        .select_related("organisation")
        .order_by("name")
    )
    return [r for r in rows if r.present], [r for r in rows if not r.present]


def decision_log(group: Group, *, year: int | None = None, text: str = "") -> QuerySet[Decision]:
    """The group's decisions, newest first, with their minutes; by year and words."""
    found = Decision.objects.filter(group=group).select_related("minutes__meeting", "section")
    if year:
        found = found.filter(decided_on__year=year)
    for word in text.split():
        found = found.filter(Q(text__icontains=word) | Q(section__heading__icontains=word))
    return found.order_by("-decided_on", "minutes", "position", "pk")


def decision_years(group: Group) -> list[int]:
    return sorted(
        {
            day.year
            for day in Decision.objects.filter(group=group).values_list("decided_on", flat=True)
        },
        reverse=True,
    )


# --------------------------------------------------------------------------- differences


def fingerprint(section: MinutesSection | tuple[str, str]) -> str:
    """A short digest of a section's heading and text: equal texts, equal digests."""
    heading, body = (
        (section.heading, section.body) if isinstance(section, MinutesSection) else section
    )
    text = f"{heading}\x00{body.replace(chr(13), '')}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed" (only in the saved text), "added" (only in yours)
    text: str


@dataclass(frozen=True)
class SectionDiff:
    heading: str
    theirs_heading: str
    lines: list[DiffLine]


@dataclass
class Merge:
    """A save that came too late, sorted out per section against what the editor had
    opened: ``data`` is the form to show again, ``diffs`` the sections both changed,
    ``taken`` the headings of sections only the other person changed (their text is
    now in the form), ``kept`` those only this editor changed."""

    data: dict[str, str]
    diffs: list[SectionDiff]
    taken: list[str]
    kept: list[str]


def merge(
    saved: list[MinutesSection],
    typed: Mapping[int, tuple[str, str]],
    bases: Mapping[int, str],
) -> Merge:
    data: dict[str, str] = {}
    both: list[MinutesSection] = []
    taken: list[str] = []
    kept: list[str] = []
    for section in saved:
        mine = typed.get(section.pk)
        theirs = (section.heading, section.body)
        base = bases.get(section.pk, "")
        if mine is None or mine == theirs or fingerprint(mine) == base:
            if mine is not None and mine != theirs:
                taken.append(section.heading)
            heading, body = theirs
        else:
            heading, body = mine
            if fingerprint(theirs) == base:
                kept.append(heading)
            else:
                both.append(section)
        data[f"heading-{section.pk}"] = heading
        data[f"body-{section.pk}"] = body
        data[f"base-{section.pk}"] = fingerprint(theirs)
    return Merge(data=data, diffs=differences(both, typed), taken=taken, kept=kept)


def differences(
    saved: list[MinutesSection], typed: Mapping[int, tuple[str, str]]
) -> list[SectionDiff]:
    """Per section where the saved text differs from what the editor typed: the lines
    (from ``difflib``) that only the saved version has, that only the typed one has,
    and the ones around them."""
    found = []
    for section in saved:
        heading, body = typed.get(section.pk, (section.heading, section.body))
        if (heading, body) == (section.heading, section.body):
            continue
        lines = []
        for line in difflib.ndiff(section.body.splitlines(), body.splitlines()):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(DiffLine("same", text))
            elif code == "- ":
                lines.append(DiffLine("removed", text))
            elif code == "+ ":
                lines.append(DiffLine("added", text))
        found.append(SectionDiff(heading=heading, theirs_heading=section.heading, lines=lines))
    return found
