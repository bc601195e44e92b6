"""Reads of the self-assessment: the fields with their progress, one field's items with
their answers, what is missing, the minimum requirements not met, the answers of the
previous assessment (a re-certification starts from them)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from familienrathaus.employers.models import (
    Answer,
    Criterion,
    FieldOfAction,
    Participation,
)

# The participations whose self-assessment was handed in (also when decided later).
SUBMITTED = (
    Participation.Status.SUBMITTED,
    Participation.Status.EVALUATION,
    Participation.Status.CERTIFIED,
    Participation.Status.NOT_YET,
)


@dataclass
class Item:
    criterion: Criterion
    answer: Answer | None
    previous: Answer | None = None  # the answer of the last assessment (re-certification)

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.score is not None

    @property
    def points(self) -> int:
        """The score, 0 without an answer."""
        score = self.answer.score if self.answer is not None else None
        return int(score) if score is not None else 0

    @property
    def version(self) -> int:
        return self.answer.version if self.answer is not None else 0

    @property
    def taken_over(self) -> bool:
        """Copied from the last assessment and not changed since."""
        return self.answer is not None and self.answer.version == 0 and self.answered


@dataclass
class FieldProgress:
    field: FieldOfAction
    items: list[Item] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def started(self) -> bool:
        return self.answered > 0


@dataclass
class Progress:
    fields: list[FieldProgress]

    @property
    def fields_done(self) -> int:
        return sum(1 for f in self.fields if f.complete)

    @property
    def fields_total(self) -> int:
        return len(self.fields)

    @property
    def items_answered(self) -> int:
        return sum(f.answered for f in self.fields)

    @property
    def items_total(self) -> int:
        return sum(f.total for f in self.fields)

    @property
    def complete(self) -> bool:
        return self.fields_done == self.fields_total

    @property
    def percent(self) -> int:
        return round(100 * self.items_answered / self.items_total) if self.items_total else 0

    def field(self, key: str) -> FieldProgress | None:
        return next((f for f in self.fields if f.field.key == key), None)

    def next_after(self, key: str) -> FieldProgress | None:
        keys = [f.field.key for f in self.fields]
        position = keys.index(key) if key in keys else -1
        return self.fields[position + 1] if 0 <= position < len(keys) - 1 else None


def fields_of(participation: Participation) -> QuerySet[FieldOfAction]:
    return (
        FieldOfAction.objects.filter(catalogue_id=participation.round.catalogue_id)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
        )
    )


def answers_by_criterion(participation: Participation) -> dict[int, Answer]:
    return {
        a.criterion_id: a
        for a in Answer.objects.filter(participation=participation).select_related("updated_by")
    }


def progress(participation: Participation, *, with_previous: bool = False) -> Progress:
    """Every field of the round's catalogue with its items and answers."""
    answers = answers_by_criterion(participation)
    earlier = previous_answers(participation) if with_previous else {}
    return Progress(
        fields=[
            FieldProgress(
                field=f,
                items=[
                    Item(criterion=c, answer=answers.get(c.pk), previous=earlier.get(c.key))
                    for c in f.criteria.all()
                ],
            )
            for f in fields_of(participation)
        ]
    )


def missing(participation: Participation) -> list[Criterion]:
    """The criteria without a score yet, in the catalogue's order."""
    return [
        item.criterion
        for f in progress(participation).fields
        for item in f.items
        if not item.answered
    ]


def minimum_not_met(participation: Participation) -> list[Item]:
    """Minimum requirements answered as not fully in place."""
    return [
        item
        for f in progress(participation).fields
        for item in f.items
        if item.criterion.minimum and item.answered and item.points != Answer.Score.FULLY
    ]


def previous_answers(participation: Participation) -> dict[str, Answer]:
    """The previous assessment's answers by the criteria's stable key."""
    if participation.previous_id is None:
        return {}
    return {
        a.criterion.key: a
        for a in Answer.objects.filter(participation_id=participation.previous_id).select_related(
            "criterion"
        )
    }


def last_submitted(participation: Participation) -> Participation | None:
    """The employer's last handed-in assessment in another round, if any."""
    return (
        Participation.objects.filter(
            employer_id=participation.employer_id,
            status__in=SUBMITTED,
            submitted_at__isnull=False,
        )
        .exclude(pk=participation.pk)
        .order_by("-submitted_at")
        .first()
    )


def criterion_of(participation: Participation, pk: int) -> Criterion | None:
    return (
        Criterion.objects.filter(pk=pk, field__catalogue_id=participation.round.catalogue_id)
        .select_related("field")
        .first()
    )


def answer_of(participation: Participation, pk: int) -> Answer | None:
    return Answer.objects.filter(pk=pk, participation=participation).first()


def is_submitted(participation: Participation) -> bool:
    return participation.status in SUBMITTED


def participation(pk: int) -> Participation | None:
    return (
        Participation.objects.select_related("round", "round__catalogue", "employer", "previous")
        .filter(pk=pk)
        .first()
    )
