"""Who may do what with partner organisations. Views and API endpoints ask only these."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.partners.models import Organisation


def is_member(user: AnyUser, organisation: Organisation | int | None) -> bool:
    """Active partner staff who belong to the organisation (given as object or pk).

    The one membership check: offers, events, holiday activities and news ask this.
    """
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return bool(
        organisation_id is not None
        and isinstance(user, User)
        and user.is_active
        and user.is_partner_staff
        and user.memberships.filter(organisation_id=organisation_id).exists()
    )


def _is_coordinator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


def can_change_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Edit the profile, addresses and contact persons: its own staff and coordinators."""
    return _is_coordinator(user) or is_member(user, organisation)


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """The public page: everybody when the organisation is public, else who may change it."""
    return organisation.is_public or can_change_organisation(user, organisation)


def can_use_partner_backoffice(user: AnyUser) -> bool:
    """The back-office list of organisations (staff see only their own there)."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_partner_staff)
    )


def can_manage_organisations(user: AnyUser) -> bool:
    """Create organisations, see and export all of them, decide who is public or trusted."""
    return _is_coordinator(user)


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    """Add staff to an organisation or remove them: coordinators only."""
    return _is_coordinator(user)
