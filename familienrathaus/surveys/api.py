"""The surveys part of the API (/api/v1/surveys)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["surveys"])
