"""Who may use the operators' area: the install's superusers, on any alliance's host."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser


def is_operator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
