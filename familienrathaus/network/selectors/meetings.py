"""Reads of meetings; every query is limited to the groups the user belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from familienrathaus.network.models import AgendaItem, Group, Meeting, Reply
from familienrathaus.network.selectors.groups import visible_groups


def _with_agenda(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("group", "public_event").prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.select_related("owner", "task").prefetch_related(
                "documents"
            ),
        )
    )


def meetings_of(user: Any) -> QuerySet[Meeting]:
    """Meetings of all the user's groups (none for anyone else)."""
    return Meeting.objects.filter(group__in=visible_groups(user))


def upcoming_for(user: Any, *, limit: int | None = None) -> list[Meeting]:
    """The user's next meetings across their groups (the workshop's start page)."""
    meetings = (
        meetings_of(user)
        .filter(ends_at__gte=timezone.now(), status=Meeting.Status.PLANNED)
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    return list(meetings[:limit] if limit else meetings)


def for_api(user: Any, *, since: datetime | None = None) -> QuerySet[Meeting]:
    """The user's meetings for the API and the calendar feed, with agenda."""
    meetings = meetings_of(user)
    if since is not None:
        meetings = meetings.filter(ends_at__gte=since)
    return _with_agenda(meetings).order_by("starts_at", "pk")


def meeting_for(user: Any, pk: int) -> Meeting | None:
    return _with_agenda(meetings_of(user)).filter(pk=pk).first()


def group_meetings(group: Group) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of a group; call only after the permission check."""
    now = timezone.now()
    meetings = group.meetings.select_related("group")
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk"))
    return upcoming, past


def get_meeting_or_404(group: Group, pk: int) -> Meeting:
    """The meeting of an already checked group, with its agenda."""
    meeting = _with_agenda(group.meetings.all()).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def get_item_or_404(meeting: Meeting, pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def reply_of(user: Any, meeting: Meeting) -> Reply | None:
    if not user.is_authenticated:
        return None
    return meeting.replies.filter(user=user).select_related("delegate").first()


def replies(meeting: Meeting) -> dict[str, list[Reply]]:
    """The answers so far, by answer (yes, maybe, delegate, no)."""
    grouped: dict[str, list[Reply]] = {answer: [] for answer in Reply.Answer.values}
    for answer in meeting.replies.select_related("user", "delegate").order_by("user__name"):
        grouped[answer.answer].append(answer)
    return grouped


def not_answered(meeting: Meeting) -> list[Any]:
    answered = meeting.replies.values_list("user_id", flat=True)
    return list(
        meeting.group.members.exclude(user_id__in=answered)
        .select_related("user")
        .order_by("user__name")
    )


def next_meeting(group: Group) -> Meeting | None:
    """The group's next planned meeting (where open tasks are carried to)."""
    return (
        group.meetings.filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )
