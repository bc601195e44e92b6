"""Who may use the template library. Views ask only these (and a kind's own ``allowed``
for publishing and copying objects of that kind)."""

from __future__ import annotations

from familienrathaus.core.library import TemplateKind
from familienrathaus.core.permissions import AnyUser


def can_use_library(user: AnyUser) -> bool:
    """Browse the library and see what the alliance published and copied: coordinators."""
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


def can_handle(user: AnyUser, kind: TemplateKind) -> bool:
    """Publish, withdraw and copy templates of ``kind``: whoever manages such objects."""
    return can_use_library(user) and kind.allowed(user)
