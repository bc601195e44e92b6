"""Engagement figures for the coordinators (point 7 of issue 17).

- attendance per partner organisation over the last four Bündnistreffen (meetings of
  the plenary groups that have taken place, cancelled ones left out);
- partners not seen for a year: organisations nobody attended any meeting for in the
  last 365 days (or never);
- groups without a meeting for six months (archived groups left out).

A person's attendance counts for the organisation recorded on the attendance row,
else the organisation they represent in the group, else their first partner
organisation. Only names and figures: no content of any group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role as UserRole
from familienrathaus.network.models import Attendance, Group, GroupMember, Handover, Meeting, Task
from familienrathaus.partners.models import Membership, Organisation

PLENARY_MEETINGS = 4
UNSEEN_DAYS = 365
QUIET_DAYS = 183


@dataclass
class OrganisationRow:
    organisation: Organisation
    present: list[bool] = field(default_factory=list)
    last_seen: datetime | None = None

    @property
    def count(self) -> int:
        return sum(self.present)


@dataclass
class QuietGroup:
    group: Group
    last_meeting: datetime | None


def _past(now: datetime) -> Q:
    return Q(starts_at__lte=now) & ~Q(status=Meeting.Status.CANCELLED)


def last_plenary_meetings(*, now: datetime | None = None) -> list[Meeting]:
    """The last four Bündnistreffen, oldest first."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(_past(now), group__kind=Group.Kind.PLENARY)
        .select_related("group")
        .order_by("-starts_at")[:PLENARY_MEETINGS]
    )
    return list(reversed(list(meetings)))


def _attendance_by_organisation(meetings: list[Meeting] | None) -> dict[int, dict[int, datetime]]:
    """``{organisation_id: {meeting_id: starts_at}}`` of present attendance rows (of
    ``meetings``, else of every meeting that has taken place)."""
    attendance = Attendance.objects.filter(
        present=True, meeting__starts_at__lte=timezone.now()
    ).exclude(meeting__status=Meeting.Status.CANCELLED)
    if meetings is not None:
        attendance = attendance.filter(meeting__in=meetings)
    rows: list[tuple[int, int, datetime, int | None, int | None]] = list(
        attendance.values_list(
            "meeting_id", "meeting__group_id", "meeting__starts_at", "user_id", "organisation_id"
        )
    )
    users = {row[3] for row in rows if row[4] is None and row[3] is not None}
    in_group = {
        (m.group_id, m.user_id): m.organisation_id
        for m in GroupMember.objects.filter(user_id__in=users, organisation__isnull=False)
    }
    first: dict[int, int] = {}
    for membership in Membership.objects.filter(user_id__in=users).order_by("organisation__name"):
        first.setdefault(membership.user_id, membership.organisation_id)
    seen: dict[int, dict[int, datetime]] = {}
    for meeting_id, group_id, starts_at, user_id, org_id in rows:
        org = org_id or in_group.get((group_id, user_id or 0))
        if org is None and user_id is not None:
            org = first.get(user_id)
        if org is not None:
            seen.setdefault(org, {})[meeting_id] = starts_at
    return seen


def plenary_attendance(
    *, now: datetime | None = None
) -> tuple[list[Meeting], list[OrganisationRow]]:
    """The last four Bündnistreffen and, per organisation, at which of them it was
    present; organisations seen least come first."""
    meetings = last_plenary_meetings(now=now)
    seen = _attendance_by_organisation(meetings)
    rows = [
        OrganisationRow(
            organisation=organisation,
            present=[meeting.pk in seen.get(organisation.pk, {}) for meeting in meetings],
        )
        for organisation in Organisation.objects.order_by("name")
    ]
    rows.sort(key=lambda row: (row.count, row.organisation.name.lower()))
    return meetings, rows


def unseen_partners(*, now: datetime | None = None) -> list[OrganisationRow]:
    """Organisations nobody attended a meeting for in the last year, longest unseen
    (or never seen) first: the list for visiting partners in person."""
    now = now or timezone.now()
    seen = _attendance_by_organisation(None)
    last = {org: max(dates.values()) for org, dates in seen.items() if dates}
    cutoff = now - timedelta(days=UNSEEN_DAYS)
    rows = [
        OrganisationRow(organisation=organisation, last_seen=last.get(organisation.pk))
        for organisation in Organisation.objects.order_by("name")
        if last.get(organisation.pk) is None or last[organisation.pk] < cutoff
    ]
    never = [row for row in rows if row.last_seen is None]
    once = sorted((row for row in rows if row.last_seen), key=lambda row: row.last_seen)  # type: ignore[arg-type, return-value]
    return never + once


def quiet_groups(*, now: datetime | None = None) -> list[QuietGroup]:
    """Active groups whose last meeting is more than six months ago (or that never
    met), the longest quiet first."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=QUIET_DAYS)
    groups = Group.objects.filter(archived_at__isnull=True).annotate(
        last=Max(
            "meetings__starts_at",
            filter=Q(meetings__starts_at__lte=now) & ~Q(meetings__status=Meeting.Status.CANCELLED),
        ),
    )
    quiet = [
        QuietGroup(group=group, last_meeting=group.last)
        for group in groups.filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .filter(created_at__lt=cutoff)
        .order_by("last", "name")
    ]
    return quiet


# --------------------------------------------------------------------------- handing over

OPEN_TASKS = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


def handover_preview(*, from_user: User) -> dict[str, Any]:
    """What a handover would pass on (shown before the coordinator confirms)."""
    return {
        "memberships": list(
            GroupMember.objects.filter(user=from_user)
            .select_related("group")
            .order_by("group__name")
        ),
        "tasks": list(
            Task.objects.filter(owner=from_user, status__in=OPEN_TASKS)
            .select_related("group")
            .order_by("group__name", "due_on")
        ),
        "coordinator": from_user.role == UserRole.COORDINATOR,
    }


def recent_handovers(*, limit: int = 10) -> list[Handover]:
    return list(Handover.objects.select_related("from_user", "to_user", "by")[:limit])
