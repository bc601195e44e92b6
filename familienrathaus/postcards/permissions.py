"""Who may do what with the QR postcards. Views ask only these."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser


def can_manage_postcards(user: AnyUser) -> bool:
    """Create and change postcards, download their PDFs and see how often they were scanned."""
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)
