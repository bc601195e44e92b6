"""The ideas part of the API (/api/v1/ideas)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["ideas"])
