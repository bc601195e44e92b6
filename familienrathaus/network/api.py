"""The network part of the API (/api/v1/network): a member's meetings, tasks and feed,
with a personal API token. Only groups the member belongs to are ever visible."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["network"])
