"""Django's and allauth's login backends, bound to the request's alliance (core.tenancy).

An account is the same person on every alliance's site; what it may do on one is its
role there (``AllianceMembership``). A correct login on the host of an alliance the
account does not belong to yet makes it a family there ("families register per
alliance", like joining a new workspace) and says so; the install's operators
(superusers) log in everywhere without a membership. A session is per host (its cookie
goes to that host only), and ``get_user`` finds only the active alliance's accounts: a
person removed from the alliance is logged out there.
"""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends as allauth_backends
from django.contrib import messages
from django.contrib.auth import backends
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from familienrathaus.core.models.alliance import active_alliance
from familienrathaus.core.models.users import AllianceMembership, Role, User


def join(request: HttpRequest | None, user: Any) -> None:
    """After a correct password on the host of an alliance the account does not belong
    to: the person joins it as a family (operators need no membership)."""
    alliance = active_alliance()
    if alliance is None or not isinstance(user, User) or user.is_superuser:
        return
    if user.role is not None:
        return
    AllianceMembership._base_manager.get_or_create(
        alliance=alliance, user=user, defaults={"role": Role.FAMILY}
    )
    user.remember_role(alliance, Role.FAMILY)
    if request is not None and hasattr(request, "_messages"):
        messages.info(
            request,
            _(
                "Welcome to %(alliance)s. You have logged in with your existing account, "
                "which is now registered here too, as a family."
            )
            % {"alliance": alliance.name},
        )


class AllianceBound:
    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        # The account is looked up among all of them: one may log in on any alliance's
        # host with it.
        with scopes_disabled():
            user = super().authenticate(request, *args, **kwargs)  # type: ignore[misc]
        if user is not None:
            join(request, user)
        return user

    def get_user(self, user_id: Any) -> Any:
        """The session's account, if it belongs to the host's alliance, read together
        with its role there (one query)."""
        alliance = active_alliance()
        accounts = User._default_manager.filter(pk=user_id)
        if alliance is not None:
            accounts = accounts.annotate(
                alliance_role=Subquery(
                    AllianceMembership._base_manager.filter(
                        alliance=alliance, user=OuterRef("pk")
                    ).values("role")[:1]
                )
            )
        user = accounts.first()
        if user is None:
            return None
        if alliance is not None:
            user.remember_role(alliance, user.alliance_role)  # type: ignore[attr-defined]
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(AllianceBound, backends.ModelBackend):
    pass


class AuthenticationBackend(AllianceBound, allauth_backends.AuthenticationBackend):
    pass
