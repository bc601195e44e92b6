"""The main navigation: each app adds its public entries in ``ready()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for item in sorted(_items, key=lambda i: i.order):
        url = reverse(item.url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active})
    return entries
