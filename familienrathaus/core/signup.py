"""The sign-up form: the same work whether or not the address already has an account.

With ``ACCOUNT_PREVENT_ENUMERATION`` allauth answers a sign-up for a known address with
the same page as for a new one and mails the owner ("account already exists") instead of
creating an account. The new-address path, however, hashes the password (the slowest step
by far, deliberately), so the answer's timing told which addresses have an account. Here
the known-address path hashes the typed password too and throws the hash away; both
paths queue one mail through the outbox and end on the same "check your e-mail" page.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django_scopes import scopes_disabled


class SignupForm(AllauthSignupForm):
    def clean_email(self) -> str:
        # Whether the address has an account is asked of all alliances' accounts: one
        # person, one account (core.auth_backends); the owner is told to log in.
        with scopes_disabled():
            email: str = super().clean_email()
        return email

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            # The same expensive step as creating the account's password hash.
            make_password(self.cleaned_data.get("password1") or None)
        return super().try_save(request)
