"""Who may do what in the network workshop (Bündnis-Werkstatt).

The one rule: a ``GroupMember`` row is the only thing that grants access to a group
and everything in it (meetings, minutes, tasks, documents, feed). Nobody else sees
anything of a group, and views answer 404, not 403, so that a group's existence does
not leak. Every check reads the database on each request (no cache), so a removed
member loses access at once, including secret feed links and the API.

Coordinators create groups, manage the members of any group, see the list of all
groups with counts, the engagement figures and hand over; they read a group's content
only when they are members of it.
"""

from __future__ import annotations

from typing import Any

from familienrathaus.network.models import Group, GroupMember

Role = GroupMember.Role


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_of(user: Any, group: Group | None) -> str | None:
    """The user's role in the group (``"lead"``, ``"member"``, ``"guest"``) or None."""
    if not _active(user) or group is None or group.pk is None:
        return None
    return GroupMember.objects.filter(group=group, user=user).values_list("role", flat=True).first()


def is_member(user: Any, group: Group | None) -> bool:
    return role_of(user, group) is not None


def can_read(user: Any, group: Group | None) -> bool:
    """Members of every role read all of the group's content."""
    return is_member(user, group)


def can_write(user: Any, group: Group | None) -> bool:
    """Leads and members write drafts, comments, posts, uploads and own tasks."""
    return role_of(user, group) in {Role.LEAD, Role.MEMBER}


def can_lead(user: Any, group: Group | None) -> bool:
    """Leads, and coordinators who are members: edit meetings, approve minutes."""
    role = role_of(user, group)
    if role == Role.LEAD:
        return True
    return role is not None and bool(user.is_coordinator)


def can_manage_groups(user: Any) -> bool:
    """Coordinators create groups, see all groups with counts, engagement, handover."""
    return _active(user) and bool(user.is_coordinator)


def can_manage_members(user: Any, group: Group) -> bool:
    """Coordinators (of any group) and the group's leads add and remove members."""
    return can_manage_groups(user) or role_of(user, group) == Role.LEAD


def can_edit_group(user: Any, group: Group) -> bool:
    """Name, purpose, archiving: coordinators and the group's leads."""
    return can_manage_members(user, group)


def can_use_workshop(user: Any) -> bool:
    """Who sees the workshop's start page: coordinators, partner staff (perhaps
    without a group yet) and members of any group (guests have plain accounts)."""
    if not _active(user):
        return False
    if user.is_coordinator or user.is_partner_staff:
        return True
    return GroupMember.objects.filter(user=user).exists()
