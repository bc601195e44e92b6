"""Content-Security-Policy for inline ``<style>`` elements: allowed by their hash.

Every page carries the alliance's colours in a ``<style>`` in its ``<head>`` (so no
second stylesheet request blocks rendering). ``style-src`` stays ``'self'`` plus the
SHA-256 of exactly the styles the page rendered. A nonce would do as well but would make
every answer differ, and so its ETag; the hash stays the same while the colours do.

``img-src`` allows the map tiles of the request's alliance (``core.tiles``): each
alliance may have its own tile server, so the origin is added per request.
"""

from __future__ import annotations

import base64
import hashlib

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.http import HttpRequest, HttpResponseBase

from familienrathaus.core import tiles

_HASHES = "_frh_inline_style_hashes"


def style_source(css: str) -> str:
    """The CSP source expression allowing a ``<style>`` whose text is ``css``."""
    digest = hashlib.sha256(css.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow_inline_style(request: HttpRequest, css: str) -> None:
    """Allow a ``<style>`` with exactly this text in the answer to ``request``."""
    hashes: set[str] = getattr(request, _HASHES, set())
    hashes.add(style_source(css))
    setattr(request, _HASHES, hashes)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, adding the hashes of the inline styles a page rendered."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        tile_origin = tiles.origin()
        if tile_origin and "img-src" not in (parts.replace or {}):
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), tile_origin]
            parts.update = update
        hashes = sorted(getattr(request, _HASHES, ()))
        # A view that replaced style-src (e.g. with 'unsafe-inline', which a hash would
        # switch off in the browser) keeps its own rule.
        if hashes and "style-src" not in (parts.replace or {}):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", ()), *hashes]
            parts.update = update
        return parts
