"""The employers part of the API (/api/v1/employers): the public list of certified
employers and certificate verification by number."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["employers"])
