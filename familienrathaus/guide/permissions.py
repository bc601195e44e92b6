"""Who may do what with the printed guide. Views ask only these."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser


def can_build_guide(user: AnyUser) -> bool:
    """Start builds of the printed guide, follow them and download every file."""
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)
