"""The welcome part of the API (/api/v1/welcome): the timeline of the first years from a
child's date of birth (check-ups U2–U9, Elterngeld, Kita claim …).

- ``GET /welcome/timeline?birth_date=YYYY-MM-DD`` – ``{"items": [...]}``, each with
  ``key`` (``u2`` … ``u9``, ``u7a``, ``elterngeld``, ``kindergeld``, ``vaccinations``,
  ``kita-registration``, ``kita-claim``), ``title`` in the request's language
  (``Accept-Language``), ``start`` and ``end`` (ISO dates, both inclusive), ``url``
  (empty where none fits) and, for a check-up, the Kinder-Richtlinie's tolerance window.
  A malformed, impossible (2026-02-30) or future date answers 422 in the shape of the
  API's validation errors, with a message that says which.

The rules are :mod:`familienrathaus.welcome.timeline`; the town's Kita deadline and
portal come from the welcome's settings.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status

from familienrathaus.core.api import ValidationErrors
from familienrathaus.welcome import timeline
from familienrathaus.welcome.selectors import settings as welcome_settings

router = Router(tags=["welcome"])

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TimelineItemOut(Schema):
    key: str
    title: str
    kind: str
    start: date
    end: date
    url: str
    tolerance_start: date | None = None
    tolerance_end: date | None = None


class TimelineOut(Schema):
    birth_date: date
    items: list[TimelineItemOut]


def _refuse(message: str) -> Any:
    return Status(422, {"detail": [{"loc": ["query", "birth_date"], "msg": message}]})


def parse_birth_date(value: str, today: date) -> tuple[date | None, str]:
    """The date, or None and the reason it is refused (in the active language, like the
    API's other validation messages)."""
    if not ISO_DATE.fullmatch(value.strip()):
        return None, pgettext(
            "api", "birth_date must be a date in the form YYYY-MM-DD, e.g. 2026-03-01."
        )
    try:
        birth = date.fromisoformat(value.strip())
    except ValueError:
        message = pgettext("api", "%(date)s is not a day of the calendar.")
        return None, message % {"date": value.strip()}
    if birth > today:
        return None, pgettext(
            "api", "birth_date lies in the future; the timeline starts at the birth."
        )
    return birth, ""


@router.get(
    "/timeline",
    response={200: TimelineOut, 422: ValidationErrors},
    auth=None,
    summary="The timeline of a child's first years from its date of birth",
)
def child_timeline(request: HttpRequest, birth_date: str = Query(..., max_length=30)) -> Any:
    birth, problem = parse_birth_date(birth_date, timezone.localdate())
    if birth is None:
        return _refuse(problem)
    row = welcome_settings.get()
    items = timeline.timeline(
        birth,
        kita_deadline_months=row.kita_deadline_months,
        kita_registration_url=row.kita_registration_url,
    )
    return Status(
        200,
        {
            "birth_date": birth,
            "items": [
                {
                    "key": item.key,
                    "title": str(item.title),
                    "kind": item.kind,
                    "start": item.start,
                    "end": item.end,
                    "url": item.url,
                    "tolerance_start": item.tolerance_start,
                    "tolerance_end": item.tolerance_end,
                }
                for item in items
            ],
        },
    )
