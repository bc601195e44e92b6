"""Django's and allauth's login backends, bound to the request's alliance (core.tenancy).

An account belongs to one alliance: it logs in on that alliance's host only, and a
session cookie shown to another alliance's host finds no user (``get_user`` asks
``user_can_authenticate`` too).
"""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends

from familienrathaus.core.models.alliance import active_alliance


def of_active_alliance(user: Any) -> bool:
    alliance = active_alliance()
    return alliance is None or getattr(user, "alliance_id", None) == alliance.pk


class AllianceBound:
    def user_can_authenticate(self, user: Any) -> bool:
        return of_active_alliance(user) and bool(super().user_can_authenticate(user))  # type: ignore[misc]


class ModelBackend(AllianceBound, backends.ModelBackend):
    pass


class AuthenticationBackend(AllianceBound, allauth_backends.AuthenticationBackend):
    def _check_password(self, user: Any, password: str) -> Any:
        # allauth keeps a user whose password matched but who may not log in, to show
        # "account inactive"; an account of another alliance must not even get there.
        if user is not None and not of_active_alliance(user):
            return None
        return super()._check_password(user, password)
