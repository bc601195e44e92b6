"""Failed logins are throttled per e-mail address (allauth's ``login_failed`` limit)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def user():
    return UserFactory(email="mutter@example.org")


def log_in(client, password: str, email: str = "mutter@example.org"):
    return client.post(LOGIN, {"login": email, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_correct_password_logs_in(anon_client, user):
    response = log_in(anon_client, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert logged_in(anon_client)


def test_after_five_failures_even_the_correct_password_is_refused(anon_client, user):
    for _attempt in range(5):
        response = log_in(anon_client, "falsches-Passwort")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()

    response = log_in(anon_client, DEFAULT_PASSWORD)

    # allauth refuses with an error on the form; 429 is for its other limits.
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not logged_in(anon_client)


def test_four_failures_still_let_the_owner_in(anon_client, user):
    for _attempt in range(4):
        log_in(anon_client, "falsches-Passwort")

    log_in(anon_client, DEFAULT_PASSWORD)

    assert logged_in(anon_client)


def test_the_lock_holds_for_the_address_and_for_the_machine(client_for, user):
    other = UserFactory(email="vater@example.org")
    attacker = client_for(None)
    for _attempt in range(5):
        log_in(attacker, "falsches-Passwort")

    # The attacked address is locked from everywhere ...
    elsewhere = client_for(None)
    elsewhere.post(
        LOGIN, {"login": user.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert not logged_in(elsewhere)
    # ... and the attacking machine cannot go on with other addresses ...
    response = log_in(attacker, DEFAULT_PASSWORD, email=other.email)
    assert TOO_MANY in response.content.decode()
    assert not logged_in(attacker)
    # ... but other people on other machines log in as usual.
    owner = client_for(None)
    owner.post(
        LOGIN, {"login": other.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="198.51.100.21"
    )
    assert logged_in(owner)
