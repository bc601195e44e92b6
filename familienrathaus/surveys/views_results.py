"""Results of a survey: the coordinators' page, free texts, exports, the PDF report and
the optional public results page. Reads only; the numbers come from
``selectors.results`` (counted in the database)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as urlquote

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.views.access import require
from familienrathaus.surveys import exports, pdf, results_charts
from familienrathaus.surveys.models import Survey
from familienrathaus.surveys.permissions import can_read_results
from familienrathaus.surveys.selectors import public_results as public_selectors
from familienrathaus.surveys.selectors import results as selectors

TEXTS_PER_PAGE = 20


def _filtered(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    """The survey's questions and the filter the page asks for
    (``?filter=<question code>:<value>``)."""
    questions = selectors.survey_questions(survey)
    code, _sep, value = request.GET.get("filter", "").partition(":")
    return {"questions": questions, "flt": selectors.parse_filter(questions, code, value)}


def _filter_form(questions: list[Any], flt: selectors.Filter | None) -> list[dict[str, Any]]:
    return [
        {
            "code": q.code,
            "text": q.text,
            "choices": [
                (f"{q.code}:{value}", label) for value, label in selectors.filter_choices(q)
            ],
        }
        for q in selectors.filter_questions(questions)
    ]


def _query(flt: selectors.Filter | None) -> str:
    return f"filter={flt.question.code}:{urlquote(flt.value)}" if flt is not None else ""


def _value(flt: selectors.Filter | None) -> str:
    return f"{flt.question.code}:{flt.value}" if flt is not None else ""


@require_safe
@require(can_read_results)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    found = _filtered(request, survey)
    flt = found["flt"]
    result, from_snapshot = public_selectors.coordinator_results(
        survey, flt=flt, questions=found["questions"]
    )
    return render(
        request,
        "surveys/results/detail.html",
        {
            "survey": survey,
            "result": result,
            "from_snapshot": from_snapshot,
            "items": results_charts.questions(result),
            "channel_chart": results_charts.channel_chart(result),
            "day_chart": results_charts.day_chart(result),
            "flt": flt,
            "filter_asked": bool(request.GET.get("filter")),
            "filters": _filter_form(found["questions"], flt),
            "query": _query(flt),
            "filter_value": _value(flt),
            "text_questions": selectors.text_questions(found["questions"]),
        },
    )


@require_safe
@require(can_read_results)
def free_texts(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    found = _filtered(request, survey)
    flt = found["flt"]
    search = request.GET.get("suche", "").strip()[:200]
    question = request.GET.get("frage", "")
    group = selectors.complete_responses(survey, flt).count()
    suppressed = group < selectors.MIN_GROUP
    texts = (
        selectors.free_texts(survey, flt=flt, search=search, question=question)
        if not suppressed
        else selectors.free_texts(survey).none()
    )
    page = Paginator(texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    keep = "&".join(
        part
        for part in (
            _query(flt),
            f"suche={urlquote(search)}" if search else "",
            f"frage={urlquote(question)}" if question else "",
        )
        if part
    )
    return render(
        request,
        "surveys/results/texts.html",
        {
            "survey": survey,
            "page": page,
            "search": search,
            "question": question,
            "text_questions": selectors.text_questions(found["questions"]),
            "flt": flt,
            "filters": _filter_form(found["questions"], flt),
            "query": _query(flt),
            "filter_value": _value(flt),
            "keep": keep,
            "suppressed": suppressed,
            "min_group": selectors.MIN_GROUP,
        },
    )


@require_safe
@require(can_read_results)
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """``?format=csv`` (default) or ``xlsx``; ``?teil=codebuch`` the codebook as CSV."""
    survey = get_object_or_404(Survey, pk=pk)
    file_format = request.GET.get("format", "csv")
    if request.GET.get("teil") == "codebuch":
        return exports.codebook_response(survey)
    return exports.answers_response(survey, file_format=file_format)


@require_safe
@require(can_read_results)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    found = _filtered(request, survey)
    content = pdf.render_report(survey, flt=found["flt"], questions=found["questions"])
    response = HttpResponse(content, content_type="application/pdf")
    name = _("results")  # outside the f-string, where makemessages reads it
    set_download_name(response, f"{name}-{survey.slug}.pdf")
    return response


@require_safe
def public(request: HttpRequest, slug: str) -> HttpResponse:
    """The public results page: only when the coordinator switched it on, after the
    close, with the questions marked public and never free text."""
    survey = get_object_or_404(Survey, slug=slug)
    result = public_selectors.public_results(survey)
    if result is None:
        raise Http404
    return render(
        request,
        "surveys/results/public.html",
        {
            "survey": survey,
            "result": result,
            "items": results_charts.questions(result),
        },
    )
