"""Who may do what with the core resources. Views and API endpoints ask only these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role

AnyUser = User | AnonymousUser


def _is_coordinator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


def can_use_backoffice(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_partner_staff)
    )


def can_edit_site_settings(user: AnyUser) -> bool:
    return _is_coordinator(user)


def can_edit_legal_pages(user: AnyUser) -> bool:
    return _is_coordinator(user)


def can_read_audit_log(user: AnyUser) -> bool:
    return _is_coordinator(user)


def can_manage_outbox(user: AnyUser) -> bool:
    return _is_coordinator(user)


def can_read_accessibility_feedback(user: AnyUser) -> bool:
    return _is_coordinator(user)


def can_manage_own_api_tokens(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_partner_staff or user.is_coordinator)
    )


def can_import(user: AnyUser) -> bool:
    """CSV/XLSX imports of partners and offers (core.imports)."""
    return _is_coordinator(user)


def can_edit_vocabularies(user: AnyUser) -> bool:
    """Themes, audiences, districts and languages (core.views.vocabularies)."""
    return _is_coordinator(user)


def can_see_missing_translations(user: AnyUser) -> bool:
    """The list of content missing a language (core.views.translations)."""
    return _is_coordinator(user)


def can_manage_team(user: AnyUser) -> bool:
    """The alliance's coordinators and administrators (core.views.team)."""
    return _is_coordinator(user)


def can_give_role(user: AnyUser, role: str, *, before: str | None = None) -> bool:
    """Whether ``user`` may give someone ``role`` whose role here is ``before``
    (or remove it: ``role == before``): coordinators give the coordinator role,
    administrators also the administrator role, and only they change an
    administrator's."""
    if not _is_coordinator(user):
        return False
    if Role.ADMINISTRATOR in (role, before):
        return isinstance(user, User) and user.role == Role.ADMINISTRATOR
    return role == Role.COORDINATOR
