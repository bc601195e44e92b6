"""Who reaches which back-office page ("Verwaltung"), through HTTP, for every URL."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from familienrathaus.core import urls as core_urls
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import AllianceMembership, District, OutboxMessage, Theme
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from tests.factories import (
    DEFAULT_PASSWORD,
    AccessibilityFeedbackFactory,
    OutboxMessageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GET_PAGES = {
    "dashboard",
    "site_settings",
    "legal_pages",
    "legal_page_edit",
    "audit_log",
    "outbox",
    "feedback_list",
    "api_tokens",
    "vocabularies",
    "vocabulary_create",
    "vocabulary_edit",
    "translations",
    "team",
    "team_remove",
}
POST_ACTIONS = {"outbox_resend", "feedback_handled", "api_token_revoke", "vocabulary_delete"}
BACKOFFICE_NAMES = sorted(GET_PAGES | POST_ACTIONS)
# What partner staff may reach; coordinators reach everything, families nothing.
PARTNER_ALLOWED = {"dashboard", "api_tokens", "api_token_revoke"}


def test_every_backoffice_url_is_covered_here():
    names = {
        pattern.name
        for pattern in core_urls.urlpatterns
        if str(pattern.pattern).startswith("verwaltung/")
        and not str(pattern.name).startswith("import_")  # tests/test_imports.py covers those
    }
    assert names == set(BACKOFFICE_NAMES)


def backoffice_request(name, user):
    """(method, path) for the URL name, with objects the user may act on if anyone may."""
    if name == "legal_page_edit":
        return "get", reverse("core:legal_page_edit", kwargs={"kind": "impressum"})
    if name == "outbox_resend":
        message = OutboxMessageFactory(status=OutboxMessage.Status.FAILED)
        return "post", reverse("core:outbox_resend", args=[message.pk])
    if name == "feedback_handled":
        feedback = AccessibilityFeedbackFactory()
        return "post", reverse("core:feedback_handled", args=[feedback.pk])
    if name == "api_token_revoke":
        owner = user if user is not None and user.role != Role.FAMILY else None
        owner = owner or UserFactory(role=Role.PARTNER)
        token, _key = create_api_token(user=owner, name="Import")
        return "post", reverse("core:api_token_revoke", args=[token.pk])
    if name == "vocabulary_create":
        return "get", reverse("core:vocabulary_create", kwargs={"kind": "ortsteile"})
    if name == "vocabulary_edit":
        theme = Theme.objects.get(slug="gesundheit")
        return "get", reverse("core:vocabulary_edit", kwargs={"kind": "themen", "pk": theme.pk})
    if name == "vocabulary_delete":
        district = District.objects.create(name="Unbenutzt", slug="unbenutzt")
        return "post", reverse(
            "core:vocabulary_delete", kwargs={"kind": "ortsteile", "pk": district.pk}
        )
    if name == "team_remove":  # the confirmation; core.views.team
        colleague = UserFactory(role=Role.COORDINATOR)
        membership = AllianceMembership.objects.get(user=colleague)
        return "get", reverse("core:team_remove", args=[membership.pk])
    return "get", reverse(f"core:{name}")


def request_as(client_for, user, name):
    method, path = backoffice_request(name, user)
    return path, getattr(client_for(user), method)(path)


@pytest.mark.parametrize("name", BACKOFFICE_NAMES)
def test_anonymous_visitors_are_sent_to_the_login(client_for, name):
    path, response = request_as(client_for, None, name)

    assert response.status_code == 302
    assert response["Location"] == f"{unprefixed(reverse('account_login'))}?next={quote(path)}"


@pytest.mark.parametrize("name", BACKOFFICE_NAMES)
def test_families_are_refused(client_for, family_user, name):
    _path, response = request_as(client_for, family_user, name)

    assert response.status_code == 403


@pytest.mark.parametrize("name", BACKOFFICE_NAMES)
def test_partner_staff_reach_only_their_part(client_for, partner_user, name):
    _path, response = request_as(client_for, partner_user, name)

    if name not in PARTNER_ALLOWED:
        assert response.status_code == 403
    elif name in POST_ACTIONS:
        assert response.status_code == 302
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("name", BACKOFFICE_NAMES)
def test_coordinators_without_second_factor_are_sent_to_set_it_up(
    client_for, coordinator_without_totp, name
):
    _path, response = request_as(client_for, coordinator_without_totp, name)

    assert response.status_code == 302
    assert response["Location"] == unprefixed(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", BACKOFFICE_NAMES)
def test_coordinators_with_second_factor_reach_everything(client_for, coordinator, name):
    _path, response = request_as(client_for, coordinator, name)

    assert response.status_code == (302 if name in POST_ACTIONS else 200)
    if name in POST_ACTIONS:
        assert response["Location"].startswith("/verwaltung/")


def test_the_second_factor_also_guards_the_django_admin(client_for):
    administrator = UserFactory(role=Role.ADMINISTRATOR)

    response = client_for(administrator).get("/django-admin/")

    assert response.status_code == 302
    assert response["Location"] == unprefixed(reverse("mfa_activate_totp"))


def test_new_coordinator_logs_in_and_reaches_the_totp_set_up(client_for, coordinator_without_totp):
    client = client_for(None)
    login = client.post(
        reverse("account_login"),
        {"login": coordinator_without_totp.email, "password": DEFAULT_PASSWORD},
    )
    assert login.status_code == 302

    backoffice = client.get(reverse("core:dashboard"))
    assert backoffice.status_code == 302
    assert backoffice["Location"] == unprefixed(reverse("mfa_activate_totp"))
    # Right after the login: the set-up page itself, with no second password prompt.
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert "Please set up two-factor authentication" in setup.content.decode()
    assert client.get(reverse("core:home")).status_code == 200  # the public site still works


def test_dashboard_shows_partner_staff_only_the_tiles_they_may_use(partner_client):
    content = partner_client.get(reverse("core:dashboard")).content.decode()

    assert reverse("core:api_tokens") in content
    for name in ["site_settings", "legal_pages", "audit_log", "outbox", "feedback_list"]:
        assert reverse(f"core:{name}") not in content


def test_dashboard_shows_coordinators_every_tile(coordinator_client):
    content = coordinator_client.get(reverse("core:dashboard")).content.decode()

    for name in ["site_settings", "legal_pages", "audit_log", "outbox", "feedback_list"]:
        assert reverse(f"core:{name}") in content


def test_partner_staff_cannot_revoke_someone_elses_token(partner_client):
    other = UserFactory(role=Role.PARTNER)
    token, _key = create_api_token(user=other, name="Fremd")

    response = partner_client.post(reverse("core:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
