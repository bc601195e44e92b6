"""Signing up with a known address looks and costs the same as with a new one.

The answer (status, page, message) is the same; both paths hash the typed password once
and queue one mail, so the time an answer takes does not tell which addresses have an
account (no wall-clock assertion: we count the expensive steps).
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from familienrathaus.core.models import OutboxMessage, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
PASSWORD = "Lindenstrasse-42-Neu"


def sign_up(client, email: str):
    hasher_encode = MD5PasswordHasher.encode
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=hasher_encode
    ) as encode:
        response = client.post(
            SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
    return response, encode.call_count


def test_a_known_and_a_new_address_get_the_same_answer_after_the_same_work(client_for):
    UserFactory(email="schon-da@example.org")

    known, known_hashes = sign_up(client_for(None), "schon-da@example.org")
    new, new_hashes = sign_up(client_for(None), "neu@example.org")

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == reverse("account_email_verification_sent")
    assert known_hashes == new_hashes == 1
    # One mail each: the confirmation link, or "you already have an account".
    purposes = sorted(OutboxMessage.objects.values_list("purpose", flat=True))
    assert purposes == ["account:account_already_exists", "account:email_confirmation_signup"]
    assert User.objects.filter(email="neu@example.org").exists()
    assert User.objects.filter(email="schon-da@example.org").count() == 1


def test_both_answers_show_the_same_page_and_message(client_for):
    UserFactory(email="schon-da@example.org")
    pages = []
    for email in ("schon-da@example.org", "neu@example.org"):
        client = client_for(None)
        response = client.post(
            SIGNUP,
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
        pages.append(
            (
                response.status_code,
                [t.name for t in response.templates][:1],
                [str(m).replace(email, "ADDRESS") for m in response.context["messages"]],
            )
        )
    assert pages[0] == pages[1]
