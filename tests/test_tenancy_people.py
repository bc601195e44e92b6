"""One account, a role in each alliance (issue 23, point 3; core.models.users).

A partner active in two neighbouring towns, a coordinator who helps a second alliance:
the same login on both sites, a role in each. Families join an alliance by logging in
on its site; sessions, password resets and the second factor work per host."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from familienrathaus.core import personal_data, services, tenancy
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import AllianceMembership, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.partners.services import add_member, invite_member
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import DEFAULT_PASSWORD, TOTP_SECRET, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> Any:
    return tenancy.require()


@pytest.fixture
def village(second_alliance: Any) -> Any:
    return second_alliance


@pytest.fixture
def helper(town: Any, village: Any) -> User:
    """Coordinator in the town (with the test TOTP), partner staff in the village."""
    user = coordinator_with_totp("helferin@example.org")
    with tenancy.activate(village):
        user.role = Role.PARTNER
        user.save(update_fields=["role"])
    return user


def login_form(email: str) -> dict[str, str]:
    return {"login": email, "password": DEFAULT_PASSWORD}


def current_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


# --------------------------------------------------------------------------- roles


def test_the_role_is_the_one_in_the_active_alliance(helper: User, town: Any, village: Any) -> None:
    fresh = User._base_manager.get(pk=helper.pk)
    assert fresh.role == Role.COORDINATOR and fresh.is_coordinator
    with tenancy.activate(village):
        assert fresh.role == Role.PARTNER and fresh.is_partner_staff
        assert not fresh.is_coordinator
        assert fresh.get_role_display() == str(Role.PARTNER.label)
    assert AllianceMembership._base_manager.filter(user=helper).count() == 2


def test_user_objects_lists_the_active_alliances_members_only(
    helper: User, town: Any, village: Any
) -> None:
    UserFactory(email="nur-stadt@example.org")
    with tenancy.activate(village):
        UserFactory(email="nur-dorf@example.org")
        emails = set(User.objects.values_list("email", flat=True))
        coordinators = list(User.objects.with_role(Role.COORDINATOR))
    assert emails == {"helferin@example.org", "nur-dorf@example.org"}
    assert coordinators == []
    assert "nur-dorf@example.org" not in set(User.objects.values_list("email", flat=True))
    assert list(User.objects.with_role(Role.COORDINATOR)) == [helper]
    # No duplicate rows for an account with memberships in both.
    with tenancy.unscoped():
        assert User.objects.filter(email="helferin@example.org").count() == 1


def test_a_user_queryset_is_scoped_when_it_runs_not_when_it_is_made(
    village: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):  # as a form field's choices at import time
        coordinators = User.objects.with_role(Role.COORDINATOR).filter(is_active=True)
    town_coordinator = coordinator_with_totp("stadt@example.org")
    assert list(coordinators) == [town_coordinator]
    with tenancy.activate(village):
        assert list(coordinators.all()) == []


# --------------------------------------------------------------------------- pages


def test_one_account_is_coordinator_in_a_and_partner_in_b(
    helper: User, town: Any, village: Any
) -> None:
    with tenancy.activate(village):
        organisation = OrganisationFactory(name="Familienzentrum Beispieldorf")
        add_member(actor=None, organisation=organisation, user=helper)
    on_town = english_client(helper)
    assert on_town.get(reverse("core:audit_log")).status_code == 200
    on_village = alliance_client(village, helper)
    assert on_village.get(reverse("core:audit_log")).status_code == 403
    edit = reverse("partners:backoffice_edit", kwargs={"pk": organisation.pk})
    assert on_village.get(edit).status_code == 200
    # In the town she is no partner staff of the village's organisation.
    assert on_town.get(edit).status_code == 404


def test_a_session_of_one_host_is_anonymous_on_the_other(helper: User, village: Any) -> None:
    client = english_client(helper)  # logged in on the town's host
    assert client.get(reverse("core:dashboard")).status_code == 200
    # The same cookie shown to the village's host (a browser would not even send it):
    # nobody is logged in there, although the account is a member of both.
    response = client.get(reverse("core:dashboard"), HTTP_HOST="beispieldorf.localhost")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_logging_in_where_the_account_has_no_membership_joins_as_a_family(
    village: Any, fresh_cache: None
) -> None:
    UserFactory(email="mutter@example.org")  # a family of the town
    client = alliance_client(village)
    response = client.post(reverse("account_login"), login_form("mutter@example.org"))
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    page = client.get(response["Location"], follow=True).content.decode()
    assert "is now registered here too, as a family" in page
    with tenancy.activate(village):
        assert User.objects.get(email="mutter@example.org").role == Role.FAMILY


def test_an_operator_logs_in_everywhere_without_joining(village: Any, fresh_cache: None) -> None:
    operator = User.objects.create_superuser("betrieb@example.org", DEFAULT_PASSWORD)
    EmailAddress.objects.create(user=operator, email=operator.email, primary=True, verified=True)
    client = alliance_client(village)
    response = client.post(reverse("account_login"), login_form("betrieb@example.org"))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)
    assert not AllianceMembership._base_manager.filter(user=operator, alliance=village).exists()
    with tenancy.activate(village):
        assert User.objects.get(pk=operator.pk).is_staff  # the Django admin, as operator


def test_a_wrong_password_joins_nobody(village: Any, fresh_cache: None) -> None:
    UserFactory(email="mutter@example.org")
    client = alliance_client(village)
    form = {"login": "mutter@example.org", "password": "falsch-falsch-falsch"}
    assert client.post(reverse("account_login"), form).status_code == 200
    with tenancy.activate(village):
        assert not User.objects.filter(email="mutter@example.org").exists()


def test_the_same_totp_passes_the_second_factor_on_both_hosts(
    town: Any, village: Any, fresh_cache: None
) -> None:
    user = coordinator_with_totp("zwei-orte@example.org")
    with tenancy.activate(village):
        user.role = Role.COORDINATOR
        user.save(update_fields=["role"])
    for client in (english_client(), alliance_client(village)):
        response = client.post(reverse("account_login"), login_form(user.email))
        assert response["Location"] == unprefixed(reverse("mfa_authenticate"))
        response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
        assert response.status_code == 302
        assert client.get(reverse("core:audit_log")).status_code == 200


def test_a_password_reset_asked_on_b_links_to_b_and_works_for_an_account_of_a(
    village: Any, fresh_cache: None, settings: Any
) -> None:
    UserFactory(email="vater@example.org")  # the town's
    client = alliance_client(village)
    client.post(reverse("account_reset_password"), {"email": "vater@example.org"})
    with tenancy.activate(village):
        message = OutboxMessage.objects.get(to__icontains="vater@example.org")
    link = re.search(r"https?://\S+", message.body_text)
    assert link is not None and link.group(0).startswith("http://beispieldorf.localhost")
    path = link.group(0).split("beispieldorf.localhost", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "Neues-Passwort-2026"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert User._base_manager.get(email="vater@example.org").check_password(new)


def test_signing_up_on_b_with_an_existing_account_says_to_log_in(
    village: Any, fresh_cache: None
) -> None:
    UserFactory(email="oma@example.org")  # the town's
    client = alliance_client(village)
    client.post(
        reverse("account_signup"),
        {"email": "oma@example.org", "password1": "Lange-Geheim-1", "password2": "Lange-Geheim-1"},
    )
    with tenancy.activate(village):
        message = OutboxMessage.objects.get(to__icontains="oma@example.org")
    # In the account's language: it names the village and links to its login page.
    assert "Beispieldorf" in message.body_text
    assert re.search(r"http://beispieldorf\.localhost/(\w\w/)?konto/login/", message.body_text)
    assert User._base_manager.filter(email="oma@example.org").count() == 1


def test_signing_up_on_b_finds_an_account_of_a_without_a_listed_address(
    village: Any, fresh_cache: None
) -> None:
    User.objects.create_user("opa@example.org", DEFAULT_PASSWORD)  # no EmailAddress row
    client = alliance_client(village)
    response = client.post(
        reverse("account_signup"),
        {"email": "opa@example.org", "password1": "Lange-Geheim-1", "password2": "Lange-Geheim-1"},
    )
    assert response.status_code == 302
    assert User._base_manager.filter(email="opa@example.org").count() == 1
    with tenancy.activate(village):
        assert OutboxMessage.objects.filter(purpose="account:account_already_exists").exists()


# --------------------------------------------------------------------------- back office


def test_a_coordinator_adds_an_existing_account_of_another_alliance_as_partner(
    village: Any,
) -> None:
    UserFactory(email="beraterin@example.org")  # a family of the town
    with tenancy.activate(village):
        coordinator = coordinator_with_totp("koordination@beispieldorf.example")
        organisation = OrganisationFactory(name="Familienzentrum")
        _membership, invited = invite_member(
            actor=coordinator, organisation=organisation, email="Beraterin@example.org"
        )
        account = User.objects.get(email="beraterin@example.org")
        assert not invited and account.role == Role.PARTNER
    assert User.objects.get(email="beraterin@example.org").role == Role.FAMILY


def test_a_coordinator_of_a_helps_b_and_leaving_b_keeps_the_account(
    helper: User, village: Any
) -> None:
    with tenancy.activate(village):
        coordinator = coordinator_with_totp("koordination@beispieldorf.example")
        services.add_to_alliance(actor=coordinator, user=helper, role=Role.COORDINATOR)
        assert User.objects.get(pk=helper.pk).is_coordinator
        _token, key = services.create_api_token(user=helper, name="Dorf")
        services.remove_from_alliance(actor=coordinator, user=helper)
        assert not User.objects.filter(pk=helper.pk).exists()
    headers = {"Authorization": f"Bearer {key}"}
    assert alliance_client(village).get("/api/v1/me", headers=headers).status_code == 401
    # Her own alliance's role and the account are untouched.
    assert User.objects.get(pk=helper.pk).role == Role.COORDINATOR


# --------------------------------------------------------------------------- personal data


def test_the_export_lists_the_memberships(helper: User, village: Any) -> None:
    exported = personal_data.export(helper)
    memberships = exported["account"]["alliance_memberships"]
    assert {(m["alliance"], m["role"]) for m in memberships} == {
        (tenancy.require().name, Role.COORDINATOR),
        (village.name, Role.PARTNER),
    }


def test_erasing_in_a_keeps_the_account_and_its_membership_in_b(helper: User, village: Any) -> None:
    assert services.delete_account(user=helper) is False
    account = User._base_manager.get(pk=helper.pk)
    assert not User.objects.filter(pk=helper.pk).exists()
    assert EmailAddress.objects.filter(user=account).exists()
    with tenancy.activate(village):
        assert User.objects.get(pk=helper.pk).role == Role.PARTNER
        # Erased in the last alliance too: now the account goes.
        assert services.delete_account(user=account) is True
    assert not User._base_manager.filter(pk=helper.pk).exists()


def test_the_admin_shows_memberships_and_no_role_column(helper: User) -> None:
    from familienrathaus.core.admin import UserAdmin

    assert "role" not in UserAdmin.list_display and "alliance" not in UserAdmin.list_display
    assert any(inline.model is AllianceMembership for inline in UserAdmin.inlines)


def test_no_session_cookie_domain_is_shared(settings: Any) -> None:
    assert not getattr(settings, "SESSION_COOKIE_DOMAIN", None)


# --------------------------------------------------------------------------- migration

BEFORE = [("core", "0017_alliance_settings")]
AFTER = [("core", "0018_alliance_membership")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_carries_each_accounts_alliance_and_role_over() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Alliance = apps.get_model("core", "Alliance")
    OldUser = apps.get_model("core", "User")
    first = Alliance.objects.order_by("pk").first()
    second = Alliance.objects.create(slug="altdorf", name="Altdorf")
    OldUser.objects.create(email="k@example.org", role="coordinator", alliance_id=first.pk)
    OldUser.objects.create(email="p@example.org", role="partner", alliance_id=second.pk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Membership = apps.get_model("core", "AllianceMembership")
    rows = set(Membership.objects.values_list("user__email", "alliance__slug", "role"))
    assert rows == {
        ("k@example.org", first.slug, "coordinator"),
        ("p@example.org", "altdorf", "partner"),
    }
    assert "role" not in {f.name for f in apps.get_model("core", "User")._meta.get_fields()}
