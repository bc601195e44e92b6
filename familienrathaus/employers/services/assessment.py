"""The self-assessment: answers saved item by item, submission, the follow-up assessment.

Several people of an employer's team fill in the assessment over several sittings,
sometimes at the same time. Each item (an :class:`Answer`) is saved on its own.

Optimistic concurrency: each answer carries a ``version``. The item's form sends the
version it was loaded with, and :func:`save_answer` changes the row only while the
stored version is still that one, by one conditional ``UPDATE … SET version = version
+ 1 WHERE version = n``. That statement is atomic on SQLite and PostgreSQL alike and
holds no lock while a person types. When someone else saved the item in between, the
update touches no row, nothing is written, and :class:`Conflict` carries the stored
answer: the view shows both (the one saved by the colleague, and the one just typed,
still in the form) and the person decides. Nothing is lost silently. Saving the same
content twice is no conflict.

A re-certification is a follow-up assessment: :func:`begin` links the participation to
the employer's last submitted one (if the programme did not already) and copies its
answers, matched by the criteria's stable ``key`` (a new catalogue version may have
moved or added criteria). Files are not copied: a file belongs to its participation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from familienrathaus.core import audit, private_files
from familienrathaus.core.models import User
from familienrathaus.employers.models import Answer, Criterion, Participation
from familienrathaus.employers.selectors import assessment as selectors

Status = Participation.Status


class NotOpen(Exception):
    """The participation no longer takes answers (submitted, withdrawn, …)."""


class Conflict(Exception):
    """Someone saved the item since it was loaded; ``current`` is the stored answer."""

    def __init__(self, current: Answer) -> None:
        super().__init__("answer changed meanwhile")
        self.current = current


class Incomplete(Exception):
    """Not every item has a score yet; ``missing`` are the criteria without one."""

    def __init__(self, missing: list[Criterion]) -> None:
        super().__init__("assessment incomplete")
        self.missing = missing


@dataclass(frozen=True)
class AnswerInput:
    score: int | None
    comment: str = ""
    evidence_text: str = ""
    evidence_file: ContentFile | None = None  # a file checked by core.uploads
    remove_file: bool = False


def _same(answer: Answer, data: AnswerInput) -> bool:
    return (
        answer.score == data.score
        and answer.comment == data.comment
        and answer.evidence_text == data.evidence_text
        and data.evidence_file is None
        and not data.remove_file
    )


# --------------------------------------------------------------------------- begin


@transaction.atomic
def begin(*, participation: Participation, actor: User) -> Participation:
    """Start the self-assessment of an admitted participation. A re-certification
    starts from the answers of the employer's last submitted assessment."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != Status.ADMITTED:
        if participation.status == Status.ASSESSING:
            return participation
        raise NotOpen
    previous = participation.previous or selectors.last_submitted(participation)
    if previous is not None:
        participation.previous = previous
        participation.follow_up = True
        _copy_answers(source=previous, target=participation)
    participation.status = Status.ASSESSING
    participation.full_clean()
    participation.save()
    audit.record(
        actor=actor,
        action="employers.assessment.begin",
        obj=participation,
        changes={"follow_up": participation.follow_up},
    )
    return participation


def _copy_answers(*, source: Participation, target: Participation) -> int:
    criteria = {
        c.key: c for c in Criterion.objects.filter(field__catalogue=target.round.catalogue_id)
    }
    taken = set(target.answers.values_list("criterion__key", flat=True))
    copies = [
        Answer(
            participation=target,
            criterion=criteria[old.criterion.key],
            score=old.score,
            comment=old.comment,
            evidence_text=old.evidence_text,
        )
        for old in source.answers.select_related("criterion")
        if old.criterion.key in criteria and old.criterion.key not in taken
    ]
    Answer.objects.bulk_create(copies)
    return len(copies)


# --------------------------------------------------------------------------- save


def save_answer(
    *,
    participation: Participation,
    criterion: Criterion,
    actor: User,
    data: AnswerInput,
    version: int,
) -> Answer:
    """Save one item if nobody changed it since ``version`` was loaded; else raise
    :class:`Conflict` and write nothing."""
    if criterion.field.catalogue_id != participation.round.catalogue_id:
        raise ValueError("criterion of another catalogue")
    with transaction.atomic():
        if not Participation.objects.filter(
            pk=participation.pk, status__in=Participation.OPEN_FOR_TEAM
        ).exists():
            raise NotOpen
        answer, _created = Answer.objects.get_or_create(
            participation=participation, criterion=criterion
        )
        if answer.version != version and _same(answer, data):
            return answer
        claimed = Answer.objects.filter(pk=answer.pk, version=version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise Conflict(Answer.objects.select_related("updated_by").get(pk=answer.pk))
        answer.refresh_from_db()
        answer.score = data.score
        answer.comment = data.comment
        answer.evidence_text = data.evidence_text
        if data.evidence_file is not None or data.remove_file:
            private_files.delete_file(answer.evidence_file)
            answer.evidence_file = data.evidence_file or ""
        answer.updated_by = actor
        answer.full_clean()
        answer.save()
        if participation.status == Status.ADMITTED:
            Participation.objects.filter(pk=participation.pk).update(status=Status.ASSESSING)
    return answer


# --------------------------------------------------------------------------- submit


@transaction.atomic
def submit(*, participation: Participation, actor: User) -> Participation:
    """Hand in the complete self-assessment; the team can no longer change answers."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status not in Participation.OPEN_FOR_TEAM:
        raise NotOpen
    missing = selectors.missing(participation)
    if missing:
        raise Incomplete(missing)
    participation.status = Status.SUBMITTED
    participation.submitted_at = timezone.now()
    participation.full_clean()
    participation.save()
    audit.record(actor=actor, action="employers.assessment.submit", obj=participation)
    return participation
