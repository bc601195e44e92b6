"""The back office's "Team" page (issue 23, point 3: a coordinator who helps a second
alliance; core.views.team): B's coordinators add A's coordinator by e-mail."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from familienrathaus.core import services, tenancy
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import AllianceMembership, AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import DEFAULT_PASSWORD, TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db

TEAM = "/verwaltung/team/"


@pytest.fixture
def town() -> Any:
    return tenancy.require()


@pytest.fixture
def village(second_alliance: Any) -> Any:
    return second_alliance


@pytest.fixture
def town_coordinator(town: Any) -> User:
    return coordinator_with_totp("stadt@example.org")


@pytest.fixture
def village_coordinator(village: Any) -> User:
    with tenancy.activate(village):
        return coordinator_with_totp("dorf@example.org")


def current_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def mails_to(alliance: Any, email: str) -> list[OutboxMessage]:
    with tenancy.activate(alliance):
        return [m for m in OutboxMessage.objects.order_by("pk") if email in m.to]


def team_actions(alliance: Any) -> list[tuple[str, dict[str, Any]]]:
    with tenancy.activate(alliance):
        entries = AuditEntry.objects.filter(action__startswith="membership.").order_by("pk")
        return [(e.action, e.changes) for e in entries]


# --------------------------------------------------------------------------- adding


def test_bs_coordinator_adds_as_coordinator_who_then_works_in_b_with_own_totp(
    town: Any, village: Any, town_coordinator: User, village_coordinator: User, fresh_cache: None
) -> None:
    page = alliance_client(village, village_coordinator)

    response = page.post(TEAM, {"email": "STADT@example.org ", "role": Role.COORDINATOR})

    assert response.status_code == 302
    assert User._base_manager.filter(email__iexact="stadt@example.org").count() == 1
    fresh = User._base_manager.get(pk=town_coordinator.pk)
    assert fresh.role == Role.COORDINATOR  # A's role unchanged
    with tenancy.activate(village):
        assert fresh.role_in(village) == Role.COORDINATOR
        listing = page.get(TEAM).content.decode()
    assert "stadt@example.org" in listing
    # An info mail on B's address, no set-password link; nothing in A's outbox.
    (mail,) = mails_to(village, "stadt@example.org")
    assert mail.purpose == "core:team_role"
    assert "password/reset/key" not in mail.body_text
    assert "beispieldorf.localhost" in mail.body_text
    assert mails_to(town, "stadt@example.org") == []
    # The person logs in on B's host with their own password and TOTP and works there.
    client = alliance_client(village)
    login = client.post(
        reverse("account_login"), {"login": "stadt@example.org", "password": DEFAULT_PASSWORD}
    )
    assert login["Location"] == unprefixed(reverse("mfa_authenticate"))
    assert client.post(reverse("mfa_authenticate"), {"code": current_code()}).status_code == 302
    assert client.get(reverse("core:audit_log")).status_code == 200
    assert client.get(TEAM).status_code == 200
    ((action, changes),) = team_actions(village)
    assert action == "membership.role"
    assert changes["role"] == {"before": None, "after": Role.COORDINATOR}
    assert team_actions(town) == []


def test_an_unknown_address_gets_a_new_account_and_a_set_password_mail(
    coordinator_client: Any, coordinator: User
) -> None:
    response = coordinator_client.post(TEAM, {"email": "neu@example.org", "role": "coordinator"})

    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.role == Role.COORDINATOR
    assert not user.has_usable_password()
    (mail,) = [m for m in OutboxMessage.objects.all() if "neu@example.org" in m.to]
    assert mail.purpose == "core:team_welcome"
    assert "/password/reset/key/" in mail.body_text
    (entry,) = AuditEntry.objects.filter(action="membership.role")
    assert entry.actor == coordinator
    assert entry.changes["new_account"] is True


def test_a_family_of_this_alliance_becomes_coordinator_and_gets_the_info_mail(
    coordinator_client: Any, family_user: User
) -> None:
    coordinator_client.post(TEAM, {"email": family_user.email, "role": "coordinator"})

    assert User.objects.get(pk=family_user.pk).role == Role.COORDINATOR
    (mail,) = [m for m in OutboxMessage.objects.all() if family_user.email in m.to]
    assert mail.purpose == "core:team_role"


def test_the_mails_are_in_the_persons_language(coordinator_client: Any) -> None:
    UserFactory(role=Role.FAMILY, email="aile@example.org", language="tr")

    coordinator_client.post(TEAM, {"email": "aile@example.org", "role": "coordinator"})
    coordinator_client.post(TEAM, {"email": "neu@example.org", "role": "coordinator"})

    (info,) = [m for m in OutboxMessage.objects.all() if "aile@example.org" in m.to]
    assert "Merhaba" in info.body_text and "Koordinatör" in info.subject
    (welcome,) = [m for m in OutboxMessage.objects.all() if "neu@example.org" in m.to]
    assert "Guten Tag" in welcome.body_text and "Passwort" in welcome.body_text
    assert "Koordination" in welcome.subject  # a new account starts in German


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"email": "kein-at-zeichen", "role": "coordinator"}, "email", "valid email address"),
        ({"email": "koordination@example.org", "role": "coordinator"}, "email", "already has"),
        ({"email": "weg@example.org", "role": "coordinator"}, "email", "deactivated"),
        ({"email": "x@example.org", "role": "administrator"}, "role", "Select a valid choice"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_the_input_stays(
    coordinator_client: Any, form: dict[str, str], field: str, message: str
) -> None:
    UserFactory(email="weg@example.org", is_active=False)
    response = coordinator_client.post(TEAM, form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    content = response.content.decode()
    error = content.split(f'id="id_{field}-error"')[1].split("</div>")[0]
    assert message in error
    assert f'value="{form["email"]}"' in content
    assert not OutboxMessage.objects.exists()


def test_only_an_administrator_gives_or_changes_the_administrator_role(
    coordinator_client: Any,
) -> None:
    boss = UserFactory(role=Role.ADMINISTRATOR, email="chefin@example.org")
    form = coordinator_client.get(TEAM).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == ["coordinator"]
    # A coordinator cannot make an administrator a coordinator (a demotion) either.
    response = coordinator_client.post(TEAM, {"email": boss.email, "role": "coordinator"})
    assert "Only an administrator" in str(response.context["form"].errors["role"])
    assert User.objects.get(pk=boss.pk).role == Role.ADMINISTRATOR

    administrator = coordinator_with_totp("admin@example.org")
    administrator.role = Role.ADMINISTRATOR
    administrator.save_role()
    response = english_client(administrator).post(
        TEAM, {"email": "zweite@example.org", "role": "administrator"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="zweite@example.org").role == Role.ADMINISTRATOR


def test_partners_and_families_are_refused(partner_client: Any, family_client: Any) -> None:
    for client in (partner_client, family_client):
        assert client.get(TEAM).status_code == 403
        assert (
            client.post(TEAM, {"email": "x@example.org", "role": "coordinator"}).status_code == 403
        )
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_page_lists_the_team_and_only_counts_the_others(
    coordinator_client: Any, partner_user: User, family_user: User
) -> None:
    content = coordinator_client.get(TEAM).content.decode()

    assert "koordination@example.org" in content
    assert partner_user.email not in content and family_user.email not in content
    assert "Partner staff" in content and "Families" in content


def test_the_dashboard_has_the_team_tile_for_coordinators_only(
    coordinator_client: Any, partner_client: Any
) -> None:
    assert TEAM in coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert TEAM not in partner_client.get(reverse("core:dashboard")).content.decode()


# --------------------------------------------------------------------------- removing


def membership_of(user: User) -> AllianceMembership:
    return AllianceMembership.objects.get(user=user)


def test_removing_a_role_after_confirmation_keeps_the_account_and_other_roles(
    town: Any, village: Any, village_coordinator: User, town_coordinator: User
) -> None:
    with tenancy.activate(village):
        town_coordinator.role = Role.COORDINATOR
        town_coordinator.save_role()
        helper = membership_of(town_coordinator)
    client = alliance_client(village, village_coordinator)
    path = reverse("core:team_remove", args=[helper.pk])

    confirmation = client.get(path)
    assert confirmation.status_code == 200
    assert "stadt@example.org" in confirmation.content.decode()
    response = client.post(path)

    assert response.status_code == 302
    fresh = User._base_manager.get(pk=town_coordinator.pk)
    assert fresh.role_in(village) is None
    assert fresh.role_in(town) == Role.COORDINATOR
    assert [action for action, _changes in team_actions(village)] == ["membership.delete"]


def test_nobody_removes_themselves(coordinator_client: Any, coordinator: User) -> None:
    UserFactory(role=Role.COORDINATOR, email="kollegin@example.org")
    path = reverse("core:team_remove", args=[membership_of(coordinator).pk])

    page = coordinator_client.get(path).content.decode()
    assert "You cannot remove your own role" in page
    assert "Remove the role</span></button>" not in page
    response = coordinator_client.post(path, follow=True)

    assert "You cannot remove your own role" in response.content.decode()
    assert User.objects.get(pk=coordinator.pk).role == Role.COORDINATOR
    assert not AuditEntry.objects.filter(action="membership.delete").exists()


def test_the_last_coordinator_cannot_be_removed(coordinator: User) -> None:
    # Only possible for someone outside the team (the page itself never lets a person
    # remove themselves), e.g. an operator through the service.
    operator = UserFactory(email="betrieb@example.org", is_superuser=True)
    operator.role = Role.ADMINISTRATOR  # so the permission rule lets it act
    with pytest.raises(services.TeamChangeRefused, match="mindestens eine Person in Koordination"):
        services.remove_from_team(actor=operator, user=coordinator)
    assert User.objects.get(pk=coordinator.pk).role == Role.COORDINATOR


def test_a_coordinator_cannot_remove_an_administrator(coordinator_client: Any) -> None:
    boss = UserFactory(role=Role.ADMINISTRATOR, email="chefin@example.org")
    path = reverse("core:team_remove", args=[membership_of(boss).pk])

    assert "Only an administrator" in coordinator_client.get(path).content.decode()
    coordinator_client.post(path)

    assert User.objects.get(pk=boss.pk).role == Role.ADMINISTRATOR


def test_partners_cannot_remove_anyone(partner_client: Any, coordinator: User) -> None:
    path = reverse("core:team_remove", args=[membership_of(coordinator).pk])
    assert partner_client.post(path).status_code == 403
    assert User.objects.get(pk=coordinator.pk).role == Role.COORDINATOR


def test_b_cannot_reach_as_memberships(
    town_coordinator: User, village: Any, village_coordinator: User
) -> None:
    client = alliance_client(village, village_coordinator)
    path = reverse("core:team_remove", args=[membership_of(town_coordinator).pk])
    assert client.post(path).status_code == 404
    assert User._base_manager.get(pk=town_coordinator.pk).role == Role.COORDINATOR


# --------------------------------------------------------------------------- shared code


def test_the_operators_first_coordinator_is_made_by_the_same_code(
    town: Any, town_coordinator: User
) -> None:
    """core.operators.services.create_alliance reuses core.services.account_with_role and
    password_link: a new address gets an account, a known one keeps its account."""
    from familienrathaus.core.operators import services as operators

    new = operators.create_alliance(
        actor=town_coordinator,
        slug="neudorf",
        name="Neudorf",
        domain=None,
        coordinator_email="Chefin@Neudorf.example",
    )
    known = operators.create_alliance(
        actor=town_coordinator,
        slug="altdorf",
        name="Altdorf",
        domain=None,
        coordinator_email="stadt@example.org",
    )

    with tenancy.activate(new):
        chefin = User.objects.get(email="chefin@neudorf.example")
        assert chefin.role == Role.COORDINATOR
        (mail,) = OutboxMessage.objects.filter(purpose="core:operators_welcome")
        assert "neudorf.localhost" in mail.body_text and "/password/reset/key/" in mail.body_text
    with tenancy.activate(known):
        assert User.objects.get(email="stadt@example.org").pk == town_coordinator.pk
    fresh = User._base_manager.get(pk=town_coordinator.pk)
    assert fresh.role_in(known) == Role.COORDINATOR and fresh.role_in(town) == Role.COORDINATOR
