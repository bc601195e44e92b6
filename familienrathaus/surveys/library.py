"""Surveys in the shared template library (core.library): a survey's texts, settings,
sections, questions, options, matrix items and conditions, in every language.

Never its answers, invitation codes, channels' tokens, dates or who made it. A copy is
a new draft survey of the active alliance with the two standard channels.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import audit, library, slugs
from familienrathaus.core.models import User
from familienrathaus.surveys import permissions
from familienrathaus.surveys.models import MatrixItem, Option, Question, Section, Survey
from familienrathaus.surveys.services.builder import add_standard_channels

SURVEY_TEXTS = ("title", "intro", "privacy_text", "thanks_text")
SURVEY_SETTINGS = ("access", "max_answers", "public_results", "keep_answers_days")
SECTION_TEXTS = ("title", "intro")
QUESTION_TEXTS = ("text", "help_text", "scale_min_label", "scale_max_label")
QUESTION_SETTINGS = (
    "code",
    "kind",
    "required",
    "allow_other",
    "dont_know",
    "scale_min",
    "scale_max",
    "public",
)


def _condition(row: Section | Question) -> dict[str, str] | None:
    if not row.has_condition:
        return None
    question = row.condition_question
    option = row.condition_option
    assert question is not None and option is not None  # has_condition
    return {"question": question.code, "operator": row.condition_operator, "option": option.code}


def _choices(rows: Any) -> list[dict[str, Any]]:
    return [{"code": row.code, **library.texts(row, ["label"])} for row in rows]


def export(survey: Survey) -> dict[str, Any]:
    questions: dict[int, list[dict[str, Any]]] = {}
    for question in (
        Question.objects.filter(survey=survey)
        .select_related("condition_question", "condition_option")
        .prefetch_related("options", "items")
        .order_by("position", "pk")
    ):
        questions.setdefault(question.section_id, []).append(
            {
                **{name: getattr(question, name) for name in QUESTION_SETTINGS},
                "number_min": None if question.number_min is None else str(question.number_min),
                "number_max": None if question.number_max is None else str(question.number_max),
                **library.texts(question, QUESTION_TEXTS),
                "condition": _condition(question),
                "options": _choices(question.options.all()),
                "items": _choices(question.items.all()),
            }
        )
    sections = [
        {
            **library.texts(section, SECTION_TEXTS),
            "condition": _condition(section),
            "questions": questions.get(section.pk, []),
        }
        for section in survey.sections.select_related(
            "condition_question", "condition_option"
        ).order_by("position", "pk")
    ]
    return {
        **library.texts(survey, SURVEY_TEXTS),
        **{name: getattr(survey, name) for name in SURVEY_SETTINGS},
        "sections": sections,
    }


def _set_choices(model: type[Option] | type[MatrixItem], question: Question, rows: Any) -> None:
    for position, row in enumerate(rows or []):
        choice = model(question=question, position=position, code=str(row.get("code", "")))
        library.set_texts(choice, row, ["label"])
        choice.full_clean(exclude=["question"])
        choice.save()


@transaction.atomic
def copy(payload: dict[str, Any], actor: User) -> Survey:
    """A new draft survey of the active alliance made from ``payload``."""
    survey = Survey(created_by=actor, status=Survey.Status.DRAFT)
    library.set_texts(survey, payload, SURVEY_TEXTS)
    for name in SURVEY_SETTINGS:
        if name in payload:
            setattr(survey, name, payload[name])
    survey.slug = slugs.unique_slug(Survey, survey.title_de, fallback="befragung")
    survey.full_clean()
    survey.save()
    add_standard_channels(survey=survey)

    conditions: list[tuple[Section | Question, dict[str, str]]] = []
    questions: dict[str, Question] = {}
    for s_position, section_data in enumerate(payload.get("sections") or []):
        section = Section(survey=survey, position=s_position)
        library.set_texts(section, section_data, SECTION_TEXTS)
        section.full_clean(exclude=["survey"])
        section.save()
        if section_data.get("condition"):
            conditions.append((section, section_data["condition"]))
        for q_position, data in enumerate(section_data.get("questions") or []):
            question = Question(survey=survey, section=section, position=q_position)
            for name in QUESTION_SETTINGS:
                if name in data:
                    setattr(question, name, data[name])
            question.number_min = data.get("number_min")
            question.number_max = data.get("number_max")
            library.set_texts(question, data, QUESTION_TEXTS)
            question.full_clean(exclude=["survey", "section"])
            question.save()
            questions[question.code] = question
            _set_choices(Option, question, data.get("options"))
            _set_choices(MatrixItem, question, data.get("items"))
            if data.get("condition"):
                conditions.append((question, data["condition"]))

    # Conditions point at the copy's own questions and options, found by their codes.
    for row, condition in conditions:
        target = questions.get(condition.get("question", ""))
        option = target.options.filter(code=condition.get("option", "")).first() if target else None
        if target is None or option is None:
            continue
        row.condition_question = target
        row.condition_operator = condition.get("operator", "")
        row.condition_option = option
        row.save(update_fields=["condition_question", "condition_operator", "condition_option"])

    audit.record(
        actor=actor,
        action="survey.create",
        obj=survey,
        changes={"from_library": True, "questions": len(questions)},
    )
    return survey


def _publishable() -> QuerySet[Survey]:
    return Survey.objects.order_by("-created_at", "-pk")


def _edit_url(survey: Survey) -> str:
    return reverse("surveys:manage-detail", kwargs={"pk": survey.pk})


library.register(
    library.TemplateKind(
        key="survey",
        label=_("Survey"),
        export=export,
        copy=copy,
        publishable=_publishable,
        allowed=permissions.can_manage_surveys,
        preview_template="surveys/library_preview.html",
        edit_url=_edit_url,
    )
)
