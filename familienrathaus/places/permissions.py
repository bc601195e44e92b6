"""Who may do what with places and the Notinsel registry. Views ask only these."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser


def _coordinator(user: AnyUser) -> bool:
    return bool(isinstance(user, User) and user.is_active and user.is_coordinator)


def can_manage_places(user: AnyUser) -> bool:
    """Places, their hours and exceptions, imports and exports: the family office."""
    return _coordinator(user)


def can_manage_kinds(user: AnyUser) -> bool:
    """The kinds of places and their icons."""
    return _coordinator(user)


def can_manage_notinseln(user: AnyUser) -> bool:
    """The Notinsel registry: approve, hand out stickers, pause, end."""
    return _coordinator(user)
