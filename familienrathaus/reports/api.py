"""The reports part of the API (/api/v1/reports), for coordinators' tokens (R4)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
