"""The main navigation: each app adds its public entries in ``ready()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from familienrathaus.core import parts, permissions


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    # Who sees the entry (e.g. only members of a working group); None: everybody.
    allowed: Callable[[Any], bool] | None = None


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    home = reverse("core:home")  # "/" or "/tr/": the start page is active only itself
    for item in sorted(_items, key=lambda i: i.order):
        if not parts.url_name_used(item.url_name):
            continue  # a part the alliance does not use (core.parts)
        url = reverse(item.url_name)
        active = request.path == url if url == home else request.path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active})
    return entries


# The person's own pages, listed in "My account" (e.g. "My concerns"); apps add theirs.
_account_items: list[NavItem] = []


def register_account(item: NavItem) -> None:
    if item not in _account_items:
        _account_items.append(item)


def account_items(user: Any = None) -> list[dict[str, Any]]:
    """The account's own pages; with ``user``, only those its ``allowed`` lets through."""
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in sorted(_account_items, key=lambda i: i.order)
        if parts.url_name_used(item.url_name)
        and (item.allowed is None or (user is not None and item.allowed(user)))
    ]


def backoffice_link(request: HttpRequest) -> dict[str, Any] | None:
    """The header's link to the back office ("Verwaltung"), for those who may use it
    (partner staff and coordinators); None for families and visitors."""
    user = getattr(request, "user", None)  # absent when a page renders before auth
    if user is None or not permissions.can_use_backoffice(user):
        return None
    url = reverse("core:dashboard")
    return {"url": url, "active": request.path.startswith(url)}
