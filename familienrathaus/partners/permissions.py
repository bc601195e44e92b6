"""Who may do what with partner organisations."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser
from familienrathaus.partners.models import Organisation


def can_change_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_coordinator:
        return True
    return organisation.memberships.filter(user_id=user.pk).exists()
