"""Coordinators and administrators must log in with a second factor (TOTP)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from familienrathaus.core.models import User


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
