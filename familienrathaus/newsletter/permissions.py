"""Who may do what with the newsletter: coordinators run it."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser


def can_manage_newsletter(user: AnyUser) -> bool:
    """Editions, sending, subscribers, bounces."""
    return bool(isinstance(user, User) and user.is_active and user.is_coordinator)
