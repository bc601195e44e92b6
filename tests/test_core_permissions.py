"""The permission helpers of the core app (core.permissions), role by role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from familienrathaus.core import permissions
from familienrathaus.core.models.users import Role
from tests.factories import UserFactory

COORDINATOR_ONLY = [
    permissions.can_edit_site_settings,
    permissions.can_edit_legal_pages,
    permissions.can_read_audit_log,
    permissions.can_manage_outbox,
    permissions.can_read_accessibility_feedback,
    permissions.can_import,
    permissions.can_edit_vocabularies,
    permissions.can_see_missing_translations,
    permissions.can_manage_team,
]
BACKOFFICE = [permissions.can_use_backoffice, permissions.can_manage_own_api_tokens]
ALL_HELPERS = COORDINATOR_ONLY + BACKOFFICE

# role -> the helpers that allow it
ALLOWED = {
    Role.FAMILY: set(),
    Role.PARTNER: set(BACKOFFICE),
    Role.COORDINATOR: set(ALL_HELPERS),
    Role.ADMINISTRATOR: set(ALL_HELPERS),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("helper", ALL_HELPERS, ids=lambda helper: helper.__name__)
def test_helper_allows_exactly_the_intended_roles(role, helper):
    user = UserFactory(role=role)

    assert helper(user) is (helper in ALLOWED[role])


@pytest.mark.parametrize("helper", ALL_HELPERS, ids=lambda helper: helper.__name__)
def test_anonymous_visitors_may_do_nothing(helper):
    assert helper(AnonymousUser()) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PARTNER, Role.COORDINATOR, Role.ADMINISTRATOR])
@pytest.mark.parametrize("helper", ALL_HELPERS, ids=lambda helper: helper.__name__)
def test_deactivated_users_may_do_nothing(role, helper):
    user = UserFactory(role=role, is_active=False)

    assert helper(user) is False


def test_every_helper_of_the_module_is_covered():
    helpers = {
        getattr(permissions, name)
        for name in dir(permissions)
        if name.startswith("can_") and callable(getattr(permissions, name))
    }
    assert helpers == {*ALL_HELPERS, permissions.can_give_role}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "role", "before", "allowed"),
    [
        (Role.FAMILY, Role.COORDINATOR, None, False),
        (Role.PARTNER, Role.COORDINATOR, None, False),
        (Role.COORDINATOR, Role.COORDINATOR, None, True),
        (Role.COORDINATOR, Role.ADMINISTRATOR, None, False),
        (Role.COORDINATOR, Role.COORDINATOR, Role.ADMINISTRATOR, False),
        (Role.ADMINISTRATOR, Role.ADMINISTRATOR, None, True),
        (Role.ADMINISTRATOR, Role.COORDINATOR, Role.ADMINISTRATOR, True),
    ],
)
def test_who_may_give_which_role_on_the_team_page(actor, role, before, allowed):
    """Coordinators give the coordinator role; only administrators give, change or take
    the administrator role."""
    assert permissions.can_give_role(UserFactory(role=actor), role, before=before) is allowed
    assert permissions.can_give_role(AnonymousUser(), role, before=before) is False
