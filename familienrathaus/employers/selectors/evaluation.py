"""Reads of the evaluation: what a reviewer may review, the answers with comments and
evidence, the measures and the talks of a participation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from familienrathaus.core.permissions import AnyUser
from familienrathaus.employers import permissions
from familienrathaus.employers.models import (
    Evaluation,
    Measure,
    Participation,
    Round,
    Talk,
)
from familienrathaus.employers.selectors import assessment

HANDED_IN = assessment.SUBMITTED
Status = Participation.Status


@dataclass
class Group:
    round: Round
    participations: list[Participation]


def reviewable_participations(user: AnyUser) -> QuerySet[Participation]:
    """The handed-in participations of the rounds the person reviews."""
    rows = Participation.objects.filter(status__in=HANDED_IN).select_related(
        "round", "employer", "evaluation"
    )
    if not permissions.can_manage(user):
        rows = rows.filter(round__jury__user_id=user.pk or 0)
    return rows.order_by("-round__starts_on", "round__name", "employer__name")


def review_groups(user: AnyUser) -> list[Group]:
    groups: dict[int, Group] = {}
    for participation in reviewable_participations(user):
        groups.setdefault(
            participation.round_id, Group(round=participation.round, participations=[])
        ).participations.append(participation)
    return list(groups.values())


def evaluation_of(participation: Participation) -> Evaluation:
    """The participation's evaluation (unsaved and empty if there is none yet)."""
    found = Evaluation.objects.filter(participation=participation).first()
    return found or Evaluation(participation=participation)


def answers_for_review(participation: Participation) -> list[assessment.FieldProgress]:
    return assessment.progress(participation).fields


def measures_of(participation: Participation) -> QuerySet[Measure]:
    return participation.measures.select_related("field", "template").order_by("due_on", "pk")


def talks_of(participation: Participation) -> QuerySet[Talk]:
    return participation.talks.select_related("recorded_by").order_by("held_on", "pk")
