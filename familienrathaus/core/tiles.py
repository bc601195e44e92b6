"""The map's tile server: the alliance's own (``Alliance.tile_url``, set by the install's
operators), else the install's ``PLACES_TILE_URL``.

Every map (places, the back office's pin and outline maps, the reports' choropleth)
takes its tiles from :func:`map_context`, and the page's Content-Security-Policy allows
pictures from exactly that origin (:func:`origin`, added per request by ``core.csp``):
the tile server is the one foreign host a browser may load from, and only after the
visitor asked for the map.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from familienrathaus.core import tenancy


def url() -> str:
    """The tile URL (with ``{z}``, ``{x}``, ``{y}``) of the active alliance's maps."""
    alliance = tenancy.current()
    return (alliance.tile_url if alliance is not None else "") or str(settings.PLACES_TILE_URL)


def attribution() -> str:
    alliance = tenancy.current()
    own = alliance.tile_attribution if alliance is not None and alliance.tile_url else ""
    return own or str(settings.PLACES_TILE_ATTRIBUTION)


def origin(tile_url: str | None = None) -> str:
    """The CSP source of the tile server (``https://*.tile.example`` for ``{s}``);
    "" for tiles from the site itself."""
    parts = urlsplit(tile_url if tile_url is not None else url())
    if not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def map_context(request: HttpRequest) -> dict[str, Any]:
    """``tile_url``, ``tile_attribution`` and ``tile_host`` (named in the privacy note
    before the map loads) for a page with a map."""
    tile_url = url()
    return {
        "tile_url": tile_url,
        "tile_attribution": attribution(),
        "tile_host": urlsplit(tile_url).netloc or request.get_host(),
    }
