"""Reads of ideas for pages, downloads and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from familienrathaus.core import tenancy
from familienrathaus.core.permissions import AnyUser
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage, Support

# The public page shows the stages in this order: first what is being done.
PUBLIC_ORDER = [
    Stage.IN_PROGRESS,
    Stage.PLANNED,
    Stage.UNDER_REVIEW,
    Stage.NEW,
    Stage.DONE,
    Stage.NOT_POSSIBLE,
]


def _counted(queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    return queryset.annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True),
    )


def published_ideas(stage: str = "") -> QuerySet[Idea]:
    """Published ideas with their supports and visible comments counted, with the
    progress notes and links the public page shows."""
    queryset = Idea.objects.filter(status=Idea.Status.PUBLISHED)
    if stage:
        queryset = queryset.filter(stage=stage)
    return (
        _counted(queryset)
        .select_related("event", "survey")
        .prefetch_related(
            Prefetch("progress_notes", queryset=ProgressNote.objects.order_by("-day", "-id"))
        )
        .order_by("-stage_changed_at", "-published_at", "-id")
    )


@dataclass
class StageGroup:
    stage: str
    label: str
    ideas: list[Idea]


def stage_counts() -> dict[str, int]:
    rows = (
        Idea.objects.filter(status=Idea.Status.PUBLISHED)
        .values("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["stage"]: row["n"] for row in rows}
    return {stage.value: counts.get(stage.value, 0) for stage in PUBLIC_ORDER}


def grouped_ideas(stage: str = "") -> list[StageGroup]:
    """The published ideas by stage in :data:`PUBLIC_ORDER` (only ``stage`` if given),
    leaving out empty stages."""
    by_stage: dict[str, list[Idea]] = {}
    for idea in published_ideas(stage):
        by_stage.setdefault(idea.stage, []).append(idea)
    return [
        StageGroup(value.value, str(value.label), by_stage[value.value])
        for value in PUBLIC_ORDER
        if by_stage.get(value.value)
    ]


def idea_for_page(pk: int) -> Idea | None:
    return (
        _counted(Idea.objects.filter(pk=pk))
        .select_related("event", "survey", "created_by")
        .prefetch_related(
            Prefetch("progress_notes", queryset=ProgressNote.objects.order_by("-day", "-id"))
        )
        .first()
    )


def comments_of(idea: Idea) -> list[Comment]:
    return list(idea.comments.select_related("author").order_by("created_at", "id"))


def has_supported(user: AnyUser, idea: Idea) -> bool:
    if not user.is_authenticated:
        return False
    return Support.objects.filter(idea=idea, user_id=user.pk).exists()


def ideas_of(user: AnyUser) -> list[Idea]:
    """The person's own ideas, newest first (with their review state)."""
    if not user.is_authenticated:
        return []
    return list(_counted(Idea.objects.filter(created_by_id=user.pk)).order_by("-created_at"))


def latest_answered(limit: int = 3) -> list[Idea]:
    """For the start page: published ideas whose stage the family office changed last."""
    return list(
        _counted(
            Idea.objects.filter(status=Idea.Status.PUBLISHED, stage_changed_at__isnull=False)
        ).order_by("-stage_changed_at", "-id")[:limit]
    )


# ------------------------------------------------------------------ back office


def backoffice_ideas(*, stage: str = "", status: str = "", query: str = "") -> QuerySet[Idea]:
    queryset = Idea.objects.all()
    if stage in Stage.values:
        queryset = queryset.filter(stage=stage)
    if status in Idea.Status.values:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(text__icontains=query))
    return _counted(queryset).select_related("event", "survey").order_by("-created_at", "-id")


def waiting_for_review() -> int:
    return Idea.objects.filter(status=Idea.Status.SUBMITTED).count()


def export_table(queryset: QuerySet[Idea]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The back-office list as a download: one row per idea (no author's address)."""
    header = [
        _("Title"),
        _("Idea"),
        _("Moderation"),
        _("Stage"),
        _("Reason"),
        _("Stage changed"),
        _("Supports"),
        _("Comments"),
        _("Progress notes"),
        _("Workshop"),
        _("Survey"),
        _("Submitted"),
        _("Address"),
    ]
    rows = []
    for idea in queryset.prefetch_related("progress_notes"):
        notes = " | ".join(
            f"{note.day:%d.%m.%Y}: {note.text}" for note in idea.progress_notes.all()
        )
        survey = idea.survey
        rows.append(
            (
                idea.title,
                idea.text,
                idea.get_status_display(),
                idea.get_stage_display(),
                idea.stage_reason,
                idea.stage_changed_at,
                getattr(idea, "support_count", 0),
                getattr(idea, "comment_count", 0),
                notes,
                idea.event.title if idea.event else "",
                str(survey) if survey else "",
                idea.created_at,
                tenancy.site_url() + idea.get_absolute_url(),
            )
        )
    return header, rows
