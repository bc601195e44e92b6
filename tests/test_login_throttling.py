"""Failed logins are throttled per (e-mail address, client address), plus per client address.

allauth's ``login_failed`` limit keyed by the account alone let anyone lock a real user
(coordinators included) out for five minutes with five wrong passwords; the key now
includes the client address (core.auth_adapter), and a generous per-address limit stops
one machine from trying many accounts.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from familienrathaus.core.models.users import Role
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


ELSEWHERE = "198.51.100.20"


def test_failures_from_one_address_do_not_lock_the_owner_out_elsewhere(client_for, user):
    attacker = client_for(None)
    for _attempt in range(6):
        log_in(attacker, "falsches-Passwort")
    # The attacking machine is locked out of this account ...
    response = log_in(attacker, DEFAULT_PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not logged_in(attacker)

    # ... but the owner on another machine logs in with the right password.
    owner = client_for(None)
    response = owner.post(
        LOGIN, {"login": user.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR=ELSEWHERE
    )
    assert response.status_code == 302
    assert logged_in(owner)


def test_a_coordinator_is_not_locked_out_by_someone_else(client_for):
    coordinator = UserFactory(email="koordination@example.org", role=Role.COORDINATOR)
    attacker = client_for(None)
    for _attempt in range(5):
        log_in(attacker, "falsches-Passwort", email=coordinator.email)

    office = client_for(None)
    response = office.post(
        LOGIN,
        {"login": coordinator.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=ELSEWHERE,
    )
    assert TOO_MANY not in response.content.decode()
    # A coordinator's next step is the second factor, not the lock.
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client_for, user):
    other = UserFactory(email="vater@example.org")
    attacker = client_for(None)
    for number in range(20):
        log_in(attacker, "falsches-Passwort", email=f"nr{number}@example.org")

    response = log_in(attacker, DEFAULT_PASSWORD, email=other.email)
    assert TOO_MANY in response.content.decode()
    assert not logged_in(attacker)
    # Other people on other machines log in as usual.
    owner = client_for(None)
    owner.post(LOGIN, {"login": other.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR=ELSEWHERE)
    assert logged_in(owner)
