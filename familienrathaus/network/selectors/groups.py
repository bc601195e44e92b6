"""Reads about groups and members; every query is limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from familienrathaus.network import permissions
from familienrathaus.network.models import Group, GroupMember, Invitation, Meeting


def visible_groups(user: Any) -> QuerySet[Group]:
    """The groups the user is a member of (any role); none for anonymous visitors."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Group.objects.none()
    return Group.objects.filter(members__user=user).distinct()


def get_group_or_404(user: Any, slug: str) -> Group:
    """The group by its address, if the user is a member; else 404 (never 403)."""
    group = visible_groups(user).filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def get_managed_group_or_404(user: Any, slug: str) -> Group:
    """The group for managing its members: coordinators (any group) and its leads."""
    group = Group.objects.filter(slug=slug).first()
    if group is None or not permissions.can_manage_members(user, group):
        raise Http404
    return group


def my_groups(user: Any, *, archived: bool = False) -> QuerySet[Group]:
    """The user's groups for the start page, with member count and next meeting."""
    now = timezone.now()
    mine = visible_groups(user).filter(archived_at__isnull=not archived).values("pk")
    # Counted over all members (a join on the user's own membership would count one).
    return (
        Group.objects.filter(pk__in=mine)
        .annotate(
            member_count=Count("members", distinct=True),
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__starts_at__gte=now, meetings__status=Meeting.Status.PLANNED),
            ),
        )
        .order_by("kind", "name")
    )


def all_groups(*, archived: bool = False) -> QuerySet[Group]:
    """Every group with counts, for coordinators (names and figures, no content)."""
    return (
        Group.objects.filter(archived_at__isnull=not archived)
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max(
                "meetings__starts_at", filter=Q(meetings__starts_at__lte=timezone.now())
            ),
        )
        .order_by("kind", "name")
    )


def members_of(group: Group) -> QuerySet[GroupMember]:
    return group.members.select_related("user", "organisation").order_by(
        "role", "user__name", "user__email"
    )


def open_invitations(group: Group) -> QuerySet[Invitation]:
    return group.invitations.filter(
        accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def membership(user: Any, group: Group) -> GroupMember | None:
    if not (user is not None and user.is_authenticated):
        return None
    return GroupMember.objects.filter(group=group, user=user).first()


def invitations_for(user: Any) -> QuerySet[Invitation]:
    """Open invitations to the user's addresses (shown on the start page)."""
    if not (user is not None and user.is_authenticated):
        return Invitation.objects.none()
    emails = [
        user.email,
        *user.emailaddress_set.filter(verified=True).values_list("email", flat=True),
    ]
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    return (
        Invitation.objects.filter(query)
        .filter(accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=timezone.now())
        .exclude(group__members__user=user)
        .select_related("group")
    )
