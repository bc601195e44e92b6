"""Coordinators log in with their password and a TOTP code (allauth.mfa)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from familienrathaus.core.i18n import unprefixed
from tests.factories import DEFAULT_PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.django_db


def current_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def log_in_with_password(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == unprefixed(reverse("mfa_authenticate"))


def test_coordinator_reaches_the_back_office_with_password_and_code(anon_client, coordinator):
    log_in_with_password(anon_client, coordinator)
    # The password alone does not log in.
    assert anon_client.get(reverse("core:dashboard")).status_code == 302

    response = anon_client.post(reverse("mfa_authenticate"), {"code": current_code()})

    assert response.status_code == 302
    assert anon_client.get(reverse("core:dashboard")).status_code == 200


def test_a_wrong_code_does_not_log_in(anon_client, coordinator):
    log_in_with_password(anon_client, coordinator)
    wrong = f"{(int(current_code()) + 500000) % 1000000:06d}"

    response = anon_client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    dashboard = anon_client.get(reverse("core:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(unprefixed(reverse("account_login")))


def test_a_coordinator_without_totp_sets_it_up_right_after_login_without_retyping(
    anon_client, coordinator_without_totp
):
    response = anon_client.post(
        reverse("account_login"),
        {"login": coordinator_without_totp.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert anon_client.get(reverse("core:dashboard"))["Location"] == unprefixed(
        reverse("mfa_activate_totp")
    )
    # Straight to the set-up page: no second password prompt.
    assert anon_client.get(reverse("mfa_activate_totp")).status_code == 200

    # Some minutes later the usual re-authentication applies again.
    session = anon_client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= 10 * 60
    session["account_authentication_methods"] = records
    session.save()
    response = anon_client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(unprefixed(reverse("account_reauthenticate")))
