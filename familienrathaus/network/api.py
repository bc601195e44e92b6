"""The network part of the API (/api/v1/network): a member's meetings, tasks and feed,
with a personal API token. Only groups the member belongs to are ever visible.

- ``GET /network/meetings``: the meetings of the member's groups (coming ones, or all
  with ``?all=true``), each with its agenda and the member's own reply;
- ``GET /network/meetings/{id}``: one of them (404 for any meeting of another group);
- ``GET /network/tasks``: the member's own tasks (``?status=open|done|all``);
- ``PATCH /network/tasks/{id}``: a new status for a task the member may change;
- ``GET /network/feed``: the news of the member's groups and the whole alliance
  (``api_feed``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import pgettext
from ninja import Router, Schema, Status

from familienrathaus.core.api import Message as Detail
from familienrathaus.core.api import ObjectId, ValidationErrors, authenticated
from familienrathaus.network import api_feed, ical
from familienrathaus.network.models import Meeting, Reply, Task
from familienrathaus.network.selectors import meetings as meeting_selectors
from familienrathaus.network.selectors import tasks as task_selectors
from familienrathaus.network.services import tasks as task_services

router = Router(tags=["network"])

# ------------------------------------------------------------------ meetings, tasks


class GroupRef(Schema):
    slug: str
    name: str


class AgendaItemOut(Schema):
    position: int
    title: str
    owner: str | None
    minutes_planned: int | None
    notes: str
    documents: list[str]
    task_id: int | None


class MeetingOut(Schema):
    """A meeting of one of the member's groups. ``my_reply``: yes, no, maybe,
    delegate (someone else from the organisation) or null."""

    id: int
    group: GroupRef
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    description: str
    status: Literal["planned", "cancelled", "held"]
    uid: str
    sequence: int
    url: str
    my_reply: Literal["yes", "no", "maybe", "delegate"] | None
    agenda: list[AgendaItemOut]


class TaskOut(Schema):
    id: int
    group: GroupRef
    title: str
    description: str
    due_on: date | None
    status: Literal["open", "in_progress", "done", "cancelled"]
    overdue: bool
    meeting_id: int | None
    completed_at: datetime | None


class TaskPatch(Schema):
    status: Literal["open", "in_progress", "done", "cancelled"]


def _person(user: Any) -> str | None:
    return (user.name or user.email) if user is not None else None


def _meeting(meeting: Meeting, replies: dict[int, str]) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "group": {"slug": meeting.group.slug, "name": meeting.group.name},
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "description": meeting.description,
        "status": meeting.status,
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "url": ical.meeting_url(meeting),
        "my_reply": replies.get(meeting.pk),
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "owner": _person(item.owner),
                "minutes_planned": item.minutes_planned,
                "notes": item.notes,
                "documents": [document.title for document in item.documents.all()],
                "task_id": item.task_id,
            }
            for item in meeting.items.all()
        ],
    }


def _replies(user: Any, meetings: list[Meeting]) -> dict[int, str]:
    return dict(
        Reply.objects.filter(user=user, meeting__in=meetings).values_list("meeting_id", "answer")
    )


def _task(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "group": {"slug": task.group.slug, "name": task.group.name},
        "title": task.title,
        "description": task.description,
        "due_on": task.due_on,
        "status": task.status,
        "overdue": task_selectors.is_overdue(task),
        "meeting_id": task.meeting_id,
        "completed_at": task.completed_at,
    }


@router.get(
    "/meetings",
    response=list[MeetingOut],
    auth=authenticated,
    summary="Meetings of your groups",
)
def meetings(request: HttpRequest, all: bool = False) -> Any:
    since = None if all else timezone.now()
    found = list(meeting_selectors.for_api(request.user, since=since))
    replies = _replies(request.user, found)
    return [_meeting(meeting, replies) for meeting in found]


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, 404: Detail},
    auth=authenticated,
    summary="One meeting of your groups, with its agenda",
)
def meeting(request: HttpRequest, meeting_id: ObjectId) -> Any:
    found = meeting_selectors.meeting_for(request.user, meeting_id)
    if found is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return Status(200, _meeting(found, _replies(request.user, [found])))


@router.get("/tasks", response=list[TaskOut], auth=authenticated, summary="Your tasks")
def tasks(request: HttpRequest, status: Literal["open", "done", "all"] = "open") -> Any:
    if status == "all":
        mine = task_selectors.my_tasks(request.user, done=None)
    else:
        mine = task_selectors.my_tasks(request.user, done=status == "done")
    return [_task(task) for task in mine]


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskOut, 403: Detail, 404: Detail, 422: ValidationErrors},
    auth=authenticated,
    summary="Change the status of a task",
)
def patch_task(request: HttpRequest, task_id: ObjectId, payload: TaskPatch) -> Any:
    found = task_selectors.task_for(request.user, task_id)
    if found is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    try:
        changed = task_services.set_status(
            actor=request.user,  # type: ignore[arg-type]
            task=found,
            status=payload.status,
        )
    except PermissionDenied:
        message = pgettext("api", "Only the task's owner, its author or a lead may change it.")
        return Status(403, {"detail": message})
    except ValidationError as error:
        return Status(
            422, {"detail": [{"loc": ["body", "status"], "msg": m} for m in error.messages]}
        )
    return Status(200, _task(changed))


# ------------------------------------------------------------------ feed

router.add_router("", api_feed.router)
