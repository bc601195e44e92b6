"""Reads for the family's side of a survey: the survey by its address, the pages a
response shows, what it has answered so far, the open surveys of the start page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.surveys import answer_fields, conditions
from familienrathaus.surveys.models import (
    Answer,
    Channel,
    Option,
    Question,
    Response,
    Section,
    Survey,
)


def survey_by_slug(slug: str) -> Survey | None:
    """A published survey (drafts have no public page)."""
    return Survey.objects.filter(slug=slug, status=Survey.Status.PUBLISHED).first()


def channel_for_link(survey: Survey, token: str) -> Channel | None:
    """The channel of a link ``?k=<token>`` (never the paper channel: families do not
    enter from paper)."""
    if not token:
        return None
    return Channel.objects.filter(survey=survey, token=token[:40], paper=False).first()


def direct_channel(survey: Survey) -> Channel | None:
    """The plain link's channel ("Direkt"): the first channel that is not paper."""
    return Channel.objects.filter(survey=survey, paper=False).order_by("created_at", "pk").first()


def paper_channels(survey: Survey) -> list[Channel]:
    return list(Channel.objects.filter(survey=survey, paper=True).order_by("created_at", "pk"))


def response_by_token(survey: Survey, token: str) -> Response | None:
    if not token:
        return None
    return (
        Response.objects.filter(survey=survey, resume_token=token[:43])
        .select_related("survey")
        .first()
    )


def response_by_submission(survey: Survey, key: Any) -> Response | None:
    if not key:
        return None
    return Response.objects.filter(survey=survey, submission_key=key).first()


def response_of_user(survey: Survey, user: Any) -> Response | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Response.objects.filter(survey=survey, user=user).first()


def complete_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, status=Response.Status.COMPLETE).count()


def limit_reached(survey: Survey) -> bool:
    return survey.max_answers is not None and complete_count(survey) >= survey.max_answers


def sections(survey: Survey) -> list[Section]:
    """The survey's sections with everything a page shows, in two queries per level."""
    questions = Question.objects.select_related(
        "condition_question", "condition_option"
    ).prefetch_related("options", "items")
    return list(
        Section.objects.filter(survey=survey)
        .select_related("condition_question", "condition_option")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def districts() -> list[District]:
    return list(District.objects.all())


@dataclass
class Answered:
    """What a response holds, as raw answers per question code (see ``answer_fields``)."""

    raw: dict[str, answer_fields.Raw] = field(default_factory=dict)

    def codes(self, questions: dict[str, Question]) -> dict[str, frozenset[str]]:
        return {
            code: answer_fields.chosen_codes(questions[code], raw)
            for code, raw in self.raw.items()
            if code in questions
        }


def answered(response: Response | None, all_sections: list[Section]) -> Answered:
    if response is None or response.pk is None:
        return Answered()
    by_question: dict[int, list[Answer]] = defaultdict(list)
    rows = Answer.objects.filter(response=response).select_related("option", "item")
    for answer in rows:
        by_question[answer.question_id].append(answer)
    result = Answered()
    for section in all_sections:
        for question in section.questions.all():
            if question.pk in by_question:
                result.raw[question.code] = answer_fields.from_answers(
                    question, by_question[question.pk]
                )
    return result


def questions_by_code(all_sections: list[Section]) -> dict[str, Question]:
    return {q.code: q for s in all_sections for q in s.questions.all()}


def visible_sections(
    all_sections: list[Section], codes: dict[str, frozenset[str]]
) -> list[Section]:
    """The pages a family sees with these answers: conditions on earlier answers applied."""
    kept = conditions.prune(all_sections, codes)
    return [section for section in all_sections if conditions.visible(section, kept)]


def open_surveys(limit: int = 4) -> list[Survey]:
    """Published surveys open now, the soonest closing first (start page, lists)."""
    now = timezone.now()
    queryset: QuerySet[Survey] = Survey.objects.filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        Q(closes_at__isnull=True) | Q(closes_at__gt=now),
        status=Survey.Status.PUBLISHED,
        answers_deleted_on__isnull=True,
    ).order_by(F("closes_at").asc(nulls_last=True), "-pk")
    return list(queryset[:limit])


def surveys_taking_paper() -> list[Survey]:
    """Published surveys whose answers are still kept, with a paper channel: open ones
    first, then those closed most recently (paper may arrive after the close)."""
    return list(
        Survey.objects.filter(
            status=Survey.Status.PUBLISHED,
            answers_deleted_on__isnull=True,
            channels__paper=True,
        )
        .distinct()
        .order_by(F("closes_at").desc(nulls_first=True), "-pk")
    )


def option_by_code(question: Question, code: str) -> Option | None:
    return next((o for o in question.options.all() if o.code == code), None)
