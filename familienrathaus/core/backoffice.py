"""The back-office dashboard ("Verwaltung"): every app adds its tiles here in ``ready()``,
and may add a provider of notices: short warnings at the top of the dashboard that need
someone's attention (e.g. "the welcome package's stock is running low")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import parts
from familienrathaus.core.permissions import AnyUser


class Section(Enum):
    """The dashboard's groups, in the order it shows them: with a dozen apps, one flat
    wall of tiles would hide what a coordinator looks for."""

    CONTENT = _("Content and partners")
    HOLIDAYS = _("Holiday programme")
    COMMUNICATION = _("Communication and print")
    ADMINISTRATION = _("Administration")


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    description: str | Promise
    url_name: str
    allowed: Callable[[AnyUser], bool]
    order: int = 100
    section: Section = Section.CONTENT

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_tiles: list[Tile] = []


def register(tile: Tile) -> None:
    if tile not in _tiles:
        _tiles.append(tile)


def tiles_for(user: AnyUser) -> list[Tile]:
    """The tiles the user may use, of the parts the alliance uses (core.parts)."""
    return sorted(
        (tile for tile in _tiles if parts.url_name_used(tile.url_name) and tile.allowed(user)),
        key=lambda t: (t.order, str(t.title)),
    )


def sections_for(user: AnyUser) -> list[tuple[Section, list[Tile]]]:
    """The user's tiles by section, leaving out empty sections."""
    tiles = tiles_for(user)
    grouped = [(section, [t for t in tiles if t.section is section]) for section in Section]
    return [(section, members) for section, members in grouped if members]


@dataclass(frozen=True)
class Notice:
    """A warning at the top of the dashboard, with a link to where it is dealt with."""

    text: str | Promise
    url: str
    link_text: str | Promise = ""


NoticeProvider = Callable[[AnyUser], Iterable[Notice]]
_notice_providers: list[NoticeProvider] = []


def register_notices(provider: NoticeProvider) -> None:
    """Register ``provider(user)``, asked on every dashboard view (keep it to a query)."""
    if provider not in _notice_providers:
        _notice_providers.append(provider)


def notices_for(user: AnyUser) -> list[Notice]:
    return [
        notice
        for provider in _notice_providers
        if parts.module_used(provider.__module__)
        for notice in provider(user)
    ]
