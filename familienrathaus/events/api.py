"""The events part of the API (/api/v1/events).

Reading the calendar is public (published events only, same filters as the list page).
Organisers read the events of their own organisations and their participant lists
with their API token; coordinators all (``events.permissions``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from familienrathaus.core import limits
from familienrathaus.core.api import Message, ObjectId, authenticated
from familienrathaus.core.models import User
from familienrathaus.events import permissions, selectors
from familienrathaus.events.models import Occurrence

router = Router(tags=["events"])


class EventDateOut(Schema):
    """One date of a published event (a series has one per date)."""

    id: int
    title: str
    start: datetime
    end: datetime
    all_day: bool
    status: str
    venue_name: str
    online_possible: bool
    url: str


class FilterIn(Schema):
    von: date | None = Field(None, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    bis: date | None = Field(None, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    thema: str = Field("", max_length=100, description="Slug of a theme")
    zielgruppe: str = Field("", max_length=100, description="Slug of an audience")
    stadtteil: str = Field("", max_length=100, description="Slug of a district")
    partner: str = Field("", max_length=200, description="Slug of a partner")
    kostenlos: str = Field("", max_length=10, description="1: free events only")
    online: str = Field("", max_length=10, description="1: online or hybrid events only")


class OwnEventOut(Schema):
    id: int
    title: str
    slug: str
    status: str
    organisation: str | None
    start: datetime


class EventParticipantOut(Schema):
    """A registration for one date of an event."""

    id: int
    name: str
    email: str
    adults: int
    children: int
    status: str
    message: str


def _date(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "id": occurrence.pk,
        "title": occurrence.title,
        "start": occurrence.start,
        "end": occurrence.end,
        "all_day": occurrence.all_day,
        "status": occurrence.status,
        "venue_name": occurrence.venue_name,
        "online_possible": occurrence.online_possible,
        "url": occurrence.get_absolute_url(),
    }


@router.get("/", response=list[EventDateOut], summary="Upcoming dates of published events")
def upcoming(request: HttpRequest, filters: Query[FilterIn]) -> Any:
    params = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.dict().items() if v
    }
    return [_date(o) for o in selectors.upcoming(selectors.filters_from(params))[:200]]


@router.get(
    "/mine", response=list[OwnEventOut], auth=authenticated, summary="Events of your organisations"
)
def mine(request: HttpRequest) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    return [
        {
            "id": e.pk,
            "title": e.title,
            "slug": e.slug,
            "status": e.status,
            "organisation": e.organisation.name if e.organisation else None,
            "start": e.start,
        }
        for e in selectors.events_for(user)[:500]
    ]


@router.get(
    "/dates/{occurrence_id}/participants",
    response={200: list[EventParticipantOut], 404: Message},
    auth=authenticated,
    summary="The participant list of one date of your event",
)
def participants(request: HttpRequest, occurrence_id: ObjectId) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    occurrence = Occurrence.objects.select_related("event").filter(pk=occurrence_id).first()
    if occurrence is None or not permissions.can_see_participants(user, occurrence.event):
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return Status(
        200,
        [
            {
                "id": r.pk,
                "name": r.name,
                "email": r.email,
                "adults": r.adults,
                "children": r.children,
                "status": r.status,
                "message": r.message,
            }
            for r in selectors.participants(occurrence)
        ],
    )
