"""A small fixed-window rate limit for public forms, kept in the shared cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR is what the reverse proxy connects from unless it rewrites it
    # (nginx real_ip); trusting X-Forwarded-For blindly would let anyone reset the limit.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
