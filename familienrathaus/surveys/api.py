"""The surveys part of the API (/api/v1/surveys): open surveys, and the aggregated
results of surveys whose coordinator published them (never free text, never a single
answer; groups under five answers are left out). Read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext
from ninja import Router, Schema, Status

from familienrathaus.core import tenancy
from familienrathaus.core.api import Message
from familienrathaus.surveys.models import Survey
from familienrathaus.surveys.selectors import answering
from familienrathaus.surveys.selectors import public_results as selectors

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    slug: str
    title: str
    intro: str
    access: str
    opens_at: datetime | None
    closes_at: datetime | None
    url: str
    results_url: str | None


class SurveyAnswerCountOut(Schema):
    label: str
    count: int


class SurveyMatrixRowOut(Schema):
    label: str
    counts: list[int]


class SurveyQuestionResultOut(Schema):
    code: str
    text: str
    kind: str
    section: str
    respondents: int | None
    suppressed: bool
    answers: list[SurveyAnswerCountOut]
    categories: list[str]
    rows: list[SurveyMatrixRowOut]


class SurveyResultOut(Schema):
    slug: str
    title: str
    closes_at: datetime | None
    responses: int
    suppressed: bool
    min_group: int
    questions: list[SurveyQuestionResultOut]


def _results_url(survey: Survey) -> str | None:
    if not selectors.has_public_results(survey):
        return None
    return tenancy.site_url() + reverse("surveys:results-public", kwargs={"slug": survey.slug})


def _survey(survey: Survey) -> SurveyOut:
    return SurveyOut(
        slug=survey.slug,
        title=survey.title,
        intro=survey.intro,
        access=survey.access,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        url=tenancy.site_url() + survey.get_absolute_url(),
        results_url=_results_url(survey),
    )


@router.get("/", response=list[SurveyOut], summary="Surveys families can answer now")
def list_open(request: HttpRequest) -> list[SurveyOut]:
    return [_survey(survey) for survey in answering.open_surveys(limit=100)]


@router.get("/results", response=list[SurveyOut], summary="Closed surveys with published results")
def list_with_results(request: HttpRequest) -> list[SurveyOut]:
    return [_survey(survey) for survey in selectors.surveys_with_public_results()[:100]]


def _question(entry: dict[str, Any]) -> SurveyQuestionResultOut:
    chart = entry.get("chart") or {}
    suppressed = bool(entry.get("suppressed"))
    return SurveyQuestionResultOut(
        code=entry["code"],
        text=entry["text"],
        kind=entry["kind"],
        section=entry["section"],
        respondents=None if suppressed else entry["respondents"],
        suppressed=suppressed,
        answers=[
            SurveyAnswerCountOut(label=str(label), count=count)
            for label, count in chart.get("bars", [])
        ],
        categories=[str(c) for c in chart.get("categories", [])],
        rows=[
            SurveyMatrixRowOut(label=str(label), counts=list(counts))
            for label, counts in chart.get("rows", [])
        ],
    )


@router.get(
    "/{slug}/results",
    response={200: SurveyResultOut, 404: Message},
    summary="The published results of a closed survey, counted (no single answers)",
)
def results(request: HttpRequest, slug: str) -> Any:
    survey = Survey.objects.filter(slug=slug).first()
    result = selectors.public_results(survey) if survey is not None else None
    if survey is None or result is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return Status(
        200,
        SurveyResultOut(
            slug=survey.slug,
            title=survey.title,
            closes_at=survey.closes_at,
            responses=result["responses"],
            suppressed=result["suppressed"],
            min_group=result["min_group"],
            questions=[_question(entry) for entry in result["questions"]],
        ),
    )
