"""Who may do what with surveys. Views and API endpoints ask only these."""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser


def _is_coordinator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


def can_manage_surveys(user: AnyUser) -> bool:
    """Build, change, copy and publish surveys; channels, invitation codes and their letters."""
    return _is_coordinator(user)


def can_read_results(user: AnyUser) -> bool:
    """The results of every survey while it runs and after, and their exports."""
    return _is_coordinator(user)


def can_enter_paper(user: AnyUser) -> bool:
    """Enter a paper questionnaire on a family's behalf: partner staff (school social
    work, family centres) and coordinators."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_partner_staff)
    )


def can_import_paper(user: AnyUser) -> bool:
    """Import a CSV file of paper questionnaires (all or nothing)."""
    return _is_coordinator(user)
