from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse

from familienrathaus.core import tenancy
from familienrathaus.core.i18n import path_in_language
from familienrathaus.core.models import User
from familienrathaus.core.outbox import current_language, in_language, language_code, queue_mail

# A login this recent counts as having just typed the password.
FRESH_LOGIN_SECONDS = 5 * 60


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails (verification, password reset) through the outbox, in the
    language of the account they are about (the page's language for an unknown address).
    A new account starts with the language of the page it was signed up on."""

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        if isinstance(user, User):
            user.language = current_language()
        saved: AbstractBaseUser = super().save_user(request, user, form, commit)
        return saved

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per (account, client address), not per account alone.

        allauth keys its ``login_failed`` limit ("5/5m/key") by the login name only, so
        five wrong passwords typed anywhere lock the account for everyone, its owner and
        coordinators included. With the client address in the key, an attacker elsewhere
        only locks themself out of that account; the generous per-address limit
        (``.../ip`` in ``ACCOUNT_RATE_LIMITS``) stops one machine trying many accounts.
        """
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """No second password prompt right after logging in.

        allauth asks for the password again before any change to the second factor, even
        a minute after the login; a coordinator who is sent to set up TOTP straight after
        logging in would type it twice. Later, the usual re-authentication applies.
        """
        request = self.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < FRESH_LOGIN_SECONDS:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def send_account_already_exists_mail(self, email: str) -> None:
        """A sign-up with the address of an existing account (perhaps made on another
        alliance's site): the mail says to log in here with it (core.auth_backends)."""
        request = self.request
        alliance = tenancy.current()
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "email": email,
                "alliance": alliance.name if alliance else "",
                "login_url": request.build_absolute_uri(reverse("account_login")),
                "password_reset_url": request.build_absolute_uri(reverse("account_reset_password")),
            },
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        language = mail_language(email, context)
        context = links_in(language, context)
        with in_language(language):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_mail(
            to=message.to,
            subject=message.subject,
            body_text=str(message.body),
            body_html=str(html),
            purpose=f"account:{template_prefix.rsplit('/', 1)[-1]}",
            language=language,
        )


def mail_language(email: str, context: dict[str, Any]) -> str:
    """The account's language; for an address without an account, the page's."""
    user = context.get("user")
    if not isinstance(user, User):
        user = User._base_manager.filter(email__iexact=email).only("language").first()
    return language_code(user.language) if user is not None else current_language()


def links_in(language: str, context: dict[str, Any]) -> dict[str, Any]:
    """The context with its page links moved to ``language``: allauth builds them (the
    confirmation or reset link) in the language of the page the mail was asked for on,
    the mail links to the page in the account's language (``/tr/konto/…``)."""
    moved = dict(context)
    for key, value in context.items():
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            scheme, netloc, path, query, fragment = urlsplit(value)
            local = path_in_language(urlunsplit(("", "", path, query, fragment)), language)
            moved[key] = urlunsplit((scheme, netloc, *urlsplit(local)[2:]))
    return moved
