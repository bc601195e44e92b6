"""Copy a survey: texts, settings, sections, questions, options, matrix items and their
conditions; the channels by name with new tokens. Never answers or invitation codes.

The copy is a draft without dates (last year's survey is this year's starting point), and
its conditions point at the copy's own questions and options.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from familienrathaus.core import audit, slugs
from familienrathaus.core.models import User
from familienrathaus.surveys.models import Channel, MatrixItem, Option, Question, Section, Survey
from familienrathaus.surveys.models.survey import new_token


def _clone(row: Any, **changes: Any) -> Any:
    row.pk = None
    row.id = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def copy_survey(*, actor: User, survey: Survey, title_de: str = "", title_en: str = "") -> Survey:
    original_pk = survey.pk
    source = Survey.objects.get(pk=original_pk)
    sections = list(source.sections.all())
    questions = list(Question.objects.filter(survey=source).order_by("pk"))
    options = list(Option.objects.filter(question__survey=source).order_by("pk"))
    items = list(MatrixItem.objects.filter(question__survey=source).order_by("pk"))
    channels = list(source.channels.all())

    title_de = title_de or f"{source.title_de} (Kopie)"
    title_en = title_en or (f"{source.title_en} (copy)" if source.title_en else "")
    copy = _clone(
        source,
        title_de=title_de,
        title_en=title_en,
        slug=slugs.unique_slug(Survey, title_de, fallback="befragung"),
        status=Survey.Status.DRAFT,
        opens_at=None,
        closes_at=None,
        answers_deleted_on=None,
        created_by=actor,
    )

    # _clone() turns each row into its copy: read the old ids and conditions first.
    section_conditions = {s.pk: (s.condition_question_id, s.condition_option_id) for s in sections}
    question_conditions = {
        q.pk: (q.condition_question_id, q.condition_option_id) for q in questions
    }
    section_map: dict[int, Section] = {}
    for section in sections:
        old = section.pk
        section_map[old] = _clone(
            section, survey=copy, condition_question=None, condition_option=None
        )
    question_map: dict[int, Question] = {}
    for question in questions:
        old = question.pk
        question_map[old] = _clone(
            question,
            survey=copy,
            section=section_map[question.section_id],
            condition_question=None,
            condition_option=None,
        )
    option_map: dict[int, Option] = {}
    for option in options:
        old = option.pk
        option_map[old] = _clone(option, question=question_map[option.question_id])
    for item in items:
        _clone(item, question=question_map[item.question_id])

    # Conditions point at the copy's own questions and options.
    for rows, conditions in (
        (section_map, section_conditions),
        (question_map, question_conditions),
    ):
        for old_pk, (question_id, option_id) in conditions.items():
            if question_id and option_id:
                target = rows[old_pk]
                target.condition_question = question_map.get(question_id)
                target.condition_option = option_map.get(option_id)
                target.save(update_fields=["condition_question", "condition_option"])

    for channel in channels:
        Channel.objects.create(
            survey=copy, name=channel.name, paper=channel.paper, token=new_token()
        )

    audit.record(
        actor=actor,
        action="survey.copy",
        obj=copy,
        changes={"copied_from": original_pk, "questions": len(questions)},
    )
    return copy
