"""The concerns part of the API (/api/v1/concerns)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["concerns"])
