"""Who may change a partner organisation (partners.permissions), and membership."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from familienrathaus.core.models import AuditEntry
from familienrathaus.core.models.users import Role
from familienrathaus.partners.permissions import can_change_organisation
from familienrathaus.partners.selectors import organisations_of
from familienrathaus.partners.services import add_member
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_may_change_their_own_organisation(partner_user, organisation):
    assert can_change_organisation(partner_user, organisation) is True


def test_staff_may_not_change_another_organisation(partner_user):
    other = OrganisationFactory()

    assert can_change_organisation(partner_user, other) is False


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMINISTRATOR])
def test_coordinators_may_change_every_organisation(role, organisation):
    assert can_change_organisation(UserFactory(role=role), organisation) is True


def test_families_may_not_change_organisations(family_user, organisation):
    assert can_change_organisation(family_user, organisation) is False


def test_anonymous_visitors_may_not_change_organisations(organisation):
    assert can_change_organisation(AnonymousUser(), organisation) is False


def test_deactivated_staff_may_not_change_their_organisation(partner_user, organisation):
    partner_user.is_active = False
    partner_user.save()

    assert can_change_organisation(partner_user, organisation) is False


def test_adding_a_family_member_makes_them_partner_staff_and_is_audited(coordinator):
    organisation = OrganisationFactory(name="TuS Musterstadt")
    user = UserFactory(role=Role.FAMILY)

    add_member(actor=coordinator, organisation=organisation, user=user)
    add_member(actor=coordinator, organisation=organisation, user=user)  # no duplicate

    user.refresh_from_db()
    assert user.role == Role.PARTNER
    assert list(organisations_of(user)) == [organisation]
    assert can_change_organisation(user, organisation) is True
    [entry] = AuditEntry.objects.filter(action="membership.create")
    assert entry.actor == coordinator
    assert entry.changes["organisation"] == "TuS Musterstadt"
    assert user.email not in str(entry.changes)  # the audit log never keeps an address
