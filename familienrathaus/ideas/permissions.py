"""Who may do what with ideas of the Familienbeirat. Views and the API ask only these."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.ideas.models import Idea


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def can_submit(user: AnyUser) -> bool:
    """Every signed-in person (families, Beirat members) may submit an idea."""
    return _active(user) is not None


def can_moderate(user: AnyUser) -> bool:
    """Coordinators review ideas, give them a stage and moderate comments."""
    person = _active(user)
    return bool(person is not None and person.is_coordinator)


def is_owner(user: AnyUser, idea: Idea) -> bool:
    person = _active(user)
    return bool(person is not None and idea.created_by_id == person.pk)


def can_view(user: AnyUser, idea: Idea) -> bool:
    return idea.is_public or is_owner(user, idea) or can_moderate(user)


def can_edit(user: AnyUser, idea: Idea) -> bool:
    """The author changes the idea while it is a draft or was sent back."""
    return is_owner(user, idea) and idea.status in {Idea.Status.DRAFT, Idea.Status.RETURNED}


def can_take_part(user: AnyUser, idea: Idea) -> bool:
    """Support and comment: signed in, on a published idea."""
    return _active(user) is not None and idea.is_public
