"""The welcome part of the API (/api/v1/welcome): the timeline of the first years from a
child's date of birth (check-ups U2–U9, Elterngeld, Kita claim …)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["welcome"])
