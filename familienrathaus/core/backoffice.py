"""The back-office dashboard ("Verwaltung"): every app adds its tiles here in ``ready()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from familienrathaus.core.permissions import AnyUser


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    description: str | Promise
    url_name: str
    allowed: Callable[[AnyUser], bool]
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_tiles: list[Tile] = []


def register(tile: Tile) -> None:
    if tile not in _tiles:
        _tiles.append(tile)


def tiles_for(user: AnyUser) -> list[Tile]:
    return sorted(
        (tile for tile in _tiles if tile.allowed(user)), key=lambda t: (t.order, str(t.title))
    )
