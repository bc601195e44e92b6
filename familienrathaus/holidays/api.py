"""The holiday programme in the API (``/api/v1/holidays/``).

Public: periods and their bookable occasions with free places. Authenticated: the
caller's own children and bookings, booking (same rules and lock as the web page),
and for organisers the participants of their own occasions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from familienrathaus.core import capacity
from familienrathaus.core.api import BodyId, Message, ObjectId, PathSlug, authenticated
from familienrathaus.core.models import User
from familienrathaus.holidays import permissions, selectors, services
from familienrathaus.holidays.models import Child, Occasion, Period

router = Router(tags=["holidays"])


class PeriodOut(Schema):
    name: str
    slug: str
    holiday_start: date
    holiday_end: date
    booking_opens: datetime
    phase: str
    url: str


class OccasionDateOut(Schema):
    """A stretch of time of an occasion (one day, or a trip with nights)."""

    starts: datetime
    ends: datetime


class OccasionOut(Schema):
    id: int
    activity: str
    activity_url: str
    category: str
    organiser: str
    dates: list[OccasionDateOut]
    age_min: int | None
    age_max: int | None
    places: int
    taken: int
    waiting: int
    fee: str


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: date


class BookingIn(Schema):
    child: BodyId
    occasion: BodyId


class BookingOut(Schema):
    id: int
    child: int
    occasion: int
    activity: str
    status: str
    position: int | None = None


class OccasionParticipantOut(Schema):
    """A child booked on one of the caller's occasions."""

    first_name: str
    last_name: str
    birth_date: date
    status: str
    attended: bool | None


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _occasion_out(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk,
        "activity": o.activity.title,
        "activity_url": o.activity.get_absolute_url(),
        "category": o.activity.category,
        "organiser": o.activity.organisation.name,
        "dates": [{"starts": d.starts, "ends": d.ends} for d in o.dates.all()],
        "age_min": o.age_min,
        "age_max": o.age_max,
        "places": o.max_places,
        "taken": o.taken,
        "waiting": o.waiting,
        "fee": str(o.fee),
    }


@router.get("/periods", response=list[PeriodOut], auth=None, summary="Holiday programmes")
def periods(request: HttpRequest) -> Any:
    return [
        {
            "name": p.name,
            "slug": p.slug,
            "holiday_start": p.holiday_start,
            "holiday_end": p.holiday_end,
            "booking_opens": p.booking_opens,
            "phase": p.phase,
            "url": p.get_absolute_url(),
        }
        for p in selectors.visible_periods()
    ]


@router.get(
    "/periods/{slug}/occasions",
    response={200: list[OccasionOut], 404: Message},
    auth=None,
    summary="The bookable occasions of a programme, with free places",
)
def occasions(request: HttpRequest, slug: PathSlug) -> Any:
    period = get_object_or_404(Period, slug=slug, is_archived=False)
    return [_occasion_out(o) for o in selectors.programme(period, selectors.ProgrammeFilter())]


@router.get("/children", response=list[ChildOut], auth=authenticated, summary="My children")
def children(request: HttpRequest) -> Any:
    return selectors.children_of(_user(request))


@router.get("/bookings", response=list[BookingOut], auth=authenticated, summary="My bookings")
def bookings(request: HttpRequest) -> Any:
    result = []
    for group in selectors.bookings_of_family(_user(request)):
        for b in group.bookings:
            result.append(
                {
                    "id": b.pk,
                    "child": b.child_id,
                    "occasion": b.occasion_id,
                    "activity": b.occasion.activity.title,
                    "status": b.status,
                    "position": getattr(b, "position", None),
                }
            )
    return result


@router.post(
    "/bookings",
    response={201: BookingOut, 404: Message, 409: Message, 503: Message},
    auth=authenticated,
    summary="Book a child of mine (a place, or the waiting list when full)",
)
def book(request: HttpRequest, payload: BookingIn) -> Any:
    user = _user(request)
    child = Child.objects.filter(pk=payload.child, family=user).first()
    if child is None:
        raise HttpError(404, pgettext("api", "No such child."))
    occasion = get_object_or_404(
        Occasion.objects.select_related("activity__period").prefetch_related("dates"),
        pk=payload.occasion,
    )
    try:
        booking = services.book(actor=user, child=child, occasion=occasion)
    except services.BookingRefused as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    except capacity.CapacityBusy as exc:
        message = pgettext("api", "Too many bookings at this moment; please try again.")
        raise HttpError(503, message) from exc
    except PermissionDenied as exc:
        raise HttpError(404, pgettext("api", "No such child.")) from exc
    return Status(
        201,
        {
            "id": booking.pk,
            "child": child.pk,
            "occasion": occasion.pk,
            "activity": occasion.activity.title,
            "status": booking.status,
            "position": services.waitlist_position(booking),
        },
    )


@router.get(
    "/occasions/{occasion_id}/participants",
    response={200: list[OccasionParticipantOut], 404: Message},
    auth=authenticated,
    summary="Participants of one of my occasions (organisers)",
)
def participants(request: HttpRequest, occasion_id: ObjectId) -> Any:
    occasion = get_object_or_404(Occasion.objects.select_related("activity"), pk=occasion_id)
    if not permissions.can_see_participants(_user(request), occasion):
        raise HttpError(404, pgettext("api", "Not found."))
    return [
        {
            "first_name": b.child.first_name,
            "last_name": b.child.last_name,
            "birth_date": b.child.birth_date,
            "status": b.status,
            "attended": b.attended,
        }
        for b in selectors.participants(occasion)
    ]
