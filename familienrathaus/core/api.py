"""The core part of the API: authentication and who-am-I."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from familienrathaus.core import selectors
from familienrathaus.core.models import User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer frh_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = selectors.user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """A logged-in browser session (CSRF-checked for writes by django-ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "needs_second_factor", False):
            from familienrathaus.core.second_factor import has_second_factor

            if not has_second_factor(user):
                return None
        return user


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: frh_…``, for clients that cannot send a bearer token."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = selectors.user_for_api_key(key or "")
        if user is not None:
            request.user = user
        return user


authenticated = [TokenAuth(), ApiKeyAuth(), ActiveSessionAuth()]

router = Router(tags=["core"])


class SiteOut(Schema):
    alliance_name: str
    municipality: str
    tagline: str
    contact_email: str
    contact_phone: str


class MeOut(Schema):
    email: str
    name: str
    role: str
    organisations: list[str]


@router.get("/site", response=SiteOut, auth=None, summary="The alliance this site belongs to")
def site(request: HttpRequest) -> Any:
    return selectors.site_settings()


@router.get("/me", response=MeOut, auth=authenticated, summary="The user behind the token")
def me(request: HttpRequest) -> Any:
    from familienrathaus.partners.selectors import organisations_of

    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "organisations": [org.name for org in organisations_of(user)],
    }
