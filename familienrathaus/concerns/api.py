"""The concerns part of the API (/api/v1/concerns).

- ``POST /concerns/`` submits a concern (no account needed; rate-limited per address
  like the form). The answer carries the reference code and the status link: the
  only way back for an anonymous concern.
- ``GET /concerns/status/{tracking_token}`` is the family's status page as data: the
  status in plain words and the public messages, never an internal note.
- ``GET /concerns/passed`` and ``/concerns/passed/{reference}``: partner staff, with
  their API token, read the concerns passed to their organisation right now (the
  same permission helpers as the back office, ``concerns.permissions``). The family's
  name and contact only at the privacy level "with my name".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Router, Schema, Status
from pydantic import Field

from familienrathaus.concerns import permissions
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.concerns.selectors import desk as desk_selectors
from familienrathaus.concerns.selectors import intake as selectors
from familienrathaus.concerns.services import intake as services
from familienrathaus.core import limits, ratelimit
from familienrathaus.core.api import BodyId, ValidationErrors, authenticated
from familienrathaus.core.api import Message as Detail
from familienrathaus.core.models import User

router = Router(tags=["concerns"])

SUBMIT_PER_MINUTE = 3
SUBMIT_PER_HOUR = 20
STATUS_PER_HOUR = 120


class ConcernIn(Schema):
    """A new concern. ``privacy``: ``named`` (name goes along to partners and offices),
    ``office_only`` (only the coordination office sees it), ``anonymous`` (no contact is
    stored; the status link is the only way back)."""

    kind: Literal["question", "suggestion", "complaint", "help"]
    text: str = Field(min_length=1, max_length=limits.TEXT_SHORT)
    topic_id: BodyId | None = None
    district_id: BodyId | None = None
    privacy: Literal["named", "office_only", "anonymous"] = "office_only"
    name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    language: str = Field("", max_length=10)


class ConcernReceiptOut(Schema):
    reference: str
    tracking_token: str
    status_url: str


class ConcernMessageOut(Schema):
    written: datetime
    kind: str
    author: str
    text: str


class ConcernStatusOut(Schema):
    reference: str
    kind: str
    topic: str | None
    created_at: datetime
    status: str
    status_label: str
    with_whom: str
    explanation: str
    merged: bool
    messages: list[ConcernMessageOut]


class ConcernTopicOut(Schema):
    id: int
    name: str
    first_answer_days: int
    closing_days: int


class PassedConcernOut(Schema):
    """A concern passed to the partner's organisation; contact only at "named"."""

    reference: str
    kind: str
    topic: str | None
    district: str | None
    text: str
    status: str
    priority: str
    created_at: datetime
    first_answer_due: date | None
    close_due: date | None
    privacy: str
    name: str | None
    email: str | None
    phone: str | None


class PassedConcernDetailOut(PassedConcernOut):
    messages: list[ConcernMessageOut]


def _errors(items: list[tuple[str, str]]) -> Any:
    """422 in the shape of the API's own validation errors (``core.api.ValidationErrors``)."""
    return Status(422, {"detail": [{"loc": ["body", field], "msg": msg} for field, msg in items]})


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"text": exc.messages}


def _author(message: Message) -> str:
    if message.kind in {Message.Kind.FAMILY, Message.Kind.REOPENED}:
        return "family"
    return message.author_label


def _message(message: Message) -> dict[str, Any]:
    return {
        "written": message.created_at,
        "kind": message.kind,
        "author": _author(message),
        "text": message.text,
    }


@router.get("/topics", response=list[ConcernTopicOut], auth=None, summary="Topics of concerns")
def topics(request: HttpRequest) -> Any:
    return list(selectors.active_topics())


@router.post(
    "/",
    response={201: ConcernReceiptOut, 422: ValidationErrors, 429: Detail},
    auth=None,
    summary="Submit a concern",
)
def submit(request: HttpRequest, payload: ConcernIn) -> Any:
    if not (
        ratelimit.allow(
            request, scope="concerns.submit", limit=SUBMIT_PER_MINUTE, period_seconds=60
        )
        and ratelimit.allow(
            request, scope="concerns.submit.hour", limit=SUBMIT_PER_HOUR, period_seconds=3600
        )
    ):
        return Status(429, {"detail": _("Too many concerns from this address. Wait a minute.")})
    topic = selectors.active_topic(payload.topic_id)
    district = selectors.district(payload.district_id)
    if payload.topic_id and topic is None:
        return _errors([("topic_id", _("Unknown topic."))])
    if payload.district_id and district is None:
        return _errors([("district_id", _("Unknown district."))])
    if payload.privacy != "anonymous" and not (payload.email or payload.phone):
        return _errors([("email", _("Give an e-mail address or a phone number, or anonymous."))])
    try:
        concern = services.submit(
            kind=payload.kind,
            text=payload.text,
            topic=topic,
            district=district,
            privacy=payload.privacy,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            channel=Concern.Channel.API,
            language=payload.language,
        )
    except ValidationError as exc:
        return _errors(
            [(field, message) for field, messages in _by_field(exc).items() for message in messages]
        )
    return Status(
        201,
        {
            "reference": concern.reference,
            "tracking_token": concern.tracking_token,
            "status_url": services.status_url(concern),
        },
    )


@router.get(
    "/status/{tracking_token}",
    response={200: ConcernStatusOut, 404: Detail, 429: Detail},
    auth=None,
    summary="Where a concern stands, by its tracking token",
)
def status(request: HttpRequest, tracking_token: str) -> Any:
    if not ratelimit.allow(
        request, scope="concerns.api.status", limit=STATUS_PER_HOUR, period_seconds=3600
    ):
        return Status(429, {"detail": pgettext("api", "Too many requests. Try again later.")})
    own = selectors.by_token(tracking_token)
    if own is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    state = selectors.shown(own)  # only the state of the concern it was merged into
    return Status(
        200,
        {
            "reference": own.reference,
            "kind": own.kind,
            "topic": own.topic.name if own.topic else None,
            "created_at": own.created_at,
            "status": state.status,
            "status_label": str(state.get_status_display()),
            "with_whom": str(selectors.whereabouts(state)),
            "explanation": str(selectors.EXPLANATIONS.get(state.status, "")),
            "merged": own.merged_into_id is not None,
            "messages": [_message(m) for m in selectors.public_messages(own)],
        },
    )


def _passed(user: User, concern: Concern) -> dict[str, Any]:
    contact = permissions.can_see_contact(user, concern)
    return {
        "reference": concern.reference,
        "kind": concern.kind,
        "topic": concern.topic.name if concern.topic else None,
        "district": concern.district.name if concern.district else None,
        "text": concern.text,
        "status": concern.status,
        "priority": concern.priority,
        "created_at": concern.created_at,
        "first_answer_due": concern.first_answer_due,
        "close_due": concern.close_due,
        "privacy": concern.privacy,
        "name": concern.name if contact else None,
        "email": concern.email if contact else None,
        "phone": concern.phone if contact else None,
    }


@router.get(
    "/passed",
    response={200: list[PassedConcernOut], 403: Detail},
    auth=authenticated,
    summary="Concerns passed to your organisation",
)
def passed(request: HttpRequest) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    if not permissions.can_use_partner_inbox(user):
        return Status(403, {"detail": _("Only partner staff have concerns passed to them.")})
    concerns = desk_selectors.partner_concerns(user).select_related("topic", "district")
    return Status(200, [_passed(user, c) for c in concerns[:500]])


@router.get(
    "/passed/{reference}",
    response={200: PassedConcernDetailOut, 404: Detail},
    auth=authenticated,
    summary="One concern passed to your organisation, with what you may read of its history",
)
def passed_one(request: HttpRequest, reference: str) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    concern = desk_selectors.by_reference(reference[:20])
    if concern is None or not permissions.can_view(user, concern):
        return Status(404, {"detail": pgettext("api", "Not found.")})
    messages = [
        m
        for m in desk_selectors.timeline(concern, whole=False)
        if permissions.can_view_message(user, m)
    ]
    return Status(200, {**_passed(user, concern), "messages": [_message(m) for m in messages]})
