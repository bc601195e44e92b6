"""A small fixed-window rate limit for public forms, kept in the shared cache."""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, found the way allauth's login limits find it.

    Behind the proxy every request comes from its address (REMOTE_ADDR), which would
    put all visitors into one bucket. With ``ALLAUTH_TRUSTED_PROXY_COUNT = n`` the n-th
    X-Forwarded-For entry from the right is taken, the one our own proxy appended;
    with 0 (gunicorn facing the clients) the header is ignored, so nobody can reset
    their limit by sending one."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:  # no address at all
        return "unknown"


def allow(request: HttpRequest, *, scope: str, limit: int, period_seconds: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the window."""
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=period_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period_seconds)
        return True
    return count <= limit
