"""Who may do what in the lottery. Views and services ask only these; they build on
the holiday programme's helpers (a family's own children, coordinators)."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser
from familienrathaus.holidays import permissions as holiday_permissions
from familienrathaus.holidays.models import Child


def can_run_lottery(user: AnyUser) -> bool:
    """Coordinators: priority groups, runs, previews, confirmation."""
    return holiday_permissions.can_run_programme(user)


def can_wish(user: AnyUser) -> bool:
    """Anyone logged in may keep children and wish for them."""
    return holiday_permissions.can_have_children(user)


def may_wish_for(user: AnyUser, child: Child) -> bool:
    """Only the child's own family enters its wishes."""
    return holiday_permissions.is_family_of(user, child)


def can_see_outcome(user: AnyUser, child: Child) -> bool:
    """The child's family, and coordinators."""
    return holiday_permissions.is_family_of(user, child) or can_run_lottery(user)
