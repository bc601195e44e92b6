"""allauth's forms that find an account by address or link (``ACCOUNT_FORMS``).

An account is global (core.models.users): a person who forgot the password asks on
any alliance's site, and the link in the mail, which points at that site, works there
for an account made on another alliance's site (it is the same person; logging in
there then joins that alliance, core.auth_backends).
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms
from django_scopes import scopes_disabled


class ResetPasswordForm(forms.ResetPasswordForm):
    def clean_email(self) -> str:
        with scopes_disabled():
            return super().clean_email()


class UserTokenForm(forms.UserTokenForm):
    def _get_user(self, uidb36: str) -> Any:
        with scopes_disabled():
            return super()._get_user(uidb36)
