"""The ideas part of the API (/api/v1/ideas): published ideas of the Familienbeirat
with the family office's answer (stage, reason, progress) and their support, read-only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from familienrathaus.core import tenancy
from familienrathaus.core.api import Message, ObjectId
from familienrathaus.ideas import selectors
from familienrathaus.ideas.models import Idea, Stage

router = Router(tags=["ideas"])


class IdeaProgressOut(Schema):
    day: date
    text: str


class IdeaOut(Schema):
    id: int
    title: str
    text: str
    url: str
    stage: str
    stage_label: str
    stage_reason: str
    stage_changed_at: datetime | None
    support_count: int
    comment_count: int
    progress: list[IdeaProgressOut]
    workshop_url: str | None
    survey_url: str | None
    published_at: datetime | None


def _out(idea: Idea) -> IdeaOut:
    return IdeaOut(
        id=idea.pk,
        title=idea.title,
        text=idea.text,
        url=tenancy.site_url() + idea.get_absolute_url(),
        stage=idea.stage,
        stage_label=str(idea.get_stage_display()),
        stage_reason=idea.stage_reason,
        stage_changed_at=idea.stage_changed_at,
        support_count=getattr(idea, "support_count", 0),
        comment_count=getattr(idea, "comment_count", 0),
        progress=[IdeaProgressOut(day=n.day, text=n.text) for n in idea.progress_notes.all()],
        workshop_url=tenancy.site_url() + idea.event.get_absolute_url() if idea.event else None,
        survey_url=tenancy.site_url() + idea.survey.get_absolute_url()
        if idea.survey and idea.survey.status == idea.survey.Status.PUBLISHED
        else None,
        published_at=idea.published_at,
    )


class IdeaFilter(Schema):
    stage: Stage | None = Field(None, description="Only ideas in this stage.")
    limit: int = Field(50, ge=1, le=200, description="At most this many ideas.")


@router.get(
    "/",
    response=list[IdeaOut],
    summary="Published ideas with the family office's answer, last answered first",
)
def list_ideas(request: HttpRequest, filters: Query[IdeaFilter]) -> list[IdeaOut]:
    stage = filters.stage.value if filters.stage else ""
    return [_out(idea) for idea in selectors.published_ideas(stage)[: filters.limit]]


@router.get("/{idea_id}", response={200: IdeaOut, 404: Message}, summary="One published idea")
def get_idea(request: HttpRequest, idea_id: ObjectId) -> Any:
    idea = selectors.published_ideas().filter(pk=idea_id).first()
    if idea is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return _out(idea)
