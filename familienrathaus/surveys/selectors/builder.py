"""Reads of the survey builder: the list with states and answer counts, one survey with
everything it asks, the earlier questions a condition may refer to, channels and codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from familienrathaus.core.models import AuditEntry
from familienrathaus.surveys.models import (
    Channel,
    InvitationCode,
    Option,
    Question,
    Response,
    Section,
    Survey,
)

COMPLETE = Q(responses__status=Response.Status.COMPLETE)


def surveys() -> QuerySet[Survey]:
    """Every survey, newest first, with ``complete_count`` and ``question_count``."""
    return Survey.objects.annotate(
        complete_count=Count("responses", filter=COMPLETE, distinct=True),
        question_count=Count("questions", distinct=True),
    ).order_by("-created_at", "-pk")


def survey_with_structure(pk: int) -> Survey | None:
    """One survey with its sections, questions, options and matrix items prefetched."""
    questions = Question.objects.select_related(
        "condition_question", "condition_option"
    ).prefetch_related("options", "items")
    sections = Section.objects.select_related(
        "condition_question", "condition_option"
    ).prefetch_related(Prefetch("questions", queryset=questions))
    return (
        Survey.objects.prefetch_related(Prefetch("sections", queryset=sections))
        .filter(pk=pk)
        .first()
    )


def answer_counts(survey: Survey) -> dict[str, int]:
    """How many questionnaires were completed and how many are begun and not finished."""
    rows = dict(
        survey.responses.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "complete": rows.get(Response.Status.COMPLETE, 0),
        "in_progress": rows.get(Response.Status.IN_PROGRESS, 0),
    }


@dataclass(frozen=True)
class ConditionSource:
    """An earlier question a condition may refer to, with its options."""

    question: Question
    options: list[Option]


def condition_sources(
    survey: Survey, *, section: Section | None = None, question: Question | None = None
) -> list[ConditionSource]:
    """The questions with options that come before ``section`` (in earlier sections) or
    before ``question`` (also earlier in its own section). A new question of ``section``
    (``question`` None, ``section`` given and ``for_question``) sees the whole section.
    """
    ordered_sections = list(survey.sections.all())
    rows = (
        Question.objects.filter(survey=survey, kind__in=Question.WITH_OPTIONS)
        .select_related("section")
        .prefetch_related("options")
    )
    order = {s.pk: i for i, s in enumerate(ordered_sections)}
    questions = sorted(rows, key=lambda q: (order.get(q.section_id, 0), q.position, q.pk))
    if question is not None and question.pk is not None:
        limit = (order.get(question.section_id, 0), question.position, question.pk)
        questions = [q for q in questions if (order.get(q.section_id, 0), q.position, q.pk) < limit]
    elif question is not None and section is not None:  # a new question at the end
        questions = [q for q in questions if order.get(q.section_id, 0) <= order[section.pk]]
    elif section is not None and section.pk is not None:
        questions = [q for q in questions if order.get(q.section_id, 0) < order[section.pk]]
    return [ConditionSource(q, list(q.options.all())) for q in questions if q.options.all()]


def channels(survey: Survey) -> QuerySet[Channel]:
    """The survey's channels with ``complete_count``: which way reaches families."""
    return survey.channels.annotate(
        complete_count=Count(
            "responses", filter=Q(responses__status=Response.Status.COMPLETE), distinct=True
        )
    ).order_by("created_at", "pk")


def code_counts(survey: Survey) -> dict[str, int]:
    rows = dict(
        InvitationCode.objects.filter(survey=survey)
        .values_list("used")
        .annotate(n=Count("pk"))
        .values_list("used", "n")
    )
    return {"unused": rows.get(False, 0), "used": rows.get(True, 0)}


def codes_for_print(
    survey: Survey, *, first: int | None = None, last: int | None = None
) -> QuerySet[InvitationCode]:
    """The unused codes to print, optionally only those of one run (``first``–``last``)."""
    rows = InvitationCode.objects.filter(survey=survey, used=False)
    if first is not None:
        rows = rows.filter(pk__gte=first)
    if last is not None:
        rows = rows.filter(pk__lte=last)
    return rows.order_by("pk")


def change_log(survey: Survey) -> QuerySet[AuditEntry]:
    """The audit entries about ``survey`` and its parts, newest first."""
    return AuditEntry.objects.filter(
        Q(object_type="surveys.survey", object_id=str(survey.pk)) | Q(changes__survey=survey.pk)
    ).order_by("-created_at", "-pk")


def misplaced_conditions(survey: Survey) -> dict[str, set[int]]:
    """The pages and questions (``{"sections": {pk …}, "questions": {pk …}}``) whose condition
    refers to a question that does not come before them (after a move), which families
    could never have answered by then."""
    order: dict[int, tuple[int, int]] = {}
    sections = list(survey.sections.all())
    for s_index, section in enumerate(sections):
        for q_index, question in enumerate(section.questions.all()):
            order[question.pk] = (s_index, q_index)
    found: dict[str, set[int]] = {"sections": set(), "questions": set()}
    for s_index, section in enumerate(sections):
        source = order.get(section.condition_question_id or 0)
        if section.has_condition and (source is None or source[0] >= s_index):
            found["sections"].add(section.pk)
        for question in section.questions.all():
            source = order.get(question.condition_question_id or 0)
            if question.has_condition and (source is None or source >= order[question.pk]):
                found["questions"].add(question.pk)
    return found
