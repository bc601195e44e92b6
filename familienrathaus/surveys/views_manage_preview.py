"""The builder's preview: the survey exactly as a family sees it, page by page, with the
family's own templates (``surveys/public/``) and conditions working. Nothing is saved
in the survey's tables: the answers typed into the preview live in the coordinator's
session only, until "start again"."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from familienrathaus.surveys import answer_fields, conditions, pages
from familienrathaus.surveys.models import Question, Section, Survey
from familienrathaus.surveys.selectors import answering
from familienrathaus.surveys.views_manage import manage

ACTIONS = ("next", "back", "finish", "save")


def _key(survey: Survey) -> str:
    return f"surveys-preview-{survey.pk}"


def _url(survey: Survey, number: int) -> str:
    return reverse("surveys:manage-preview", kwargs={"pk": survey.pk}) + f"?seite={number}"


class _Preview:
    def __init__(self, request: HttpRequest, survey: Survey) -> None:
        self.survey = survey
        self.sections = answering.sections(survey)
        self.by_code = answering.questions_by_code(self.sections)
        self.raw: dict[str, Any] = dict(request.session.get(_key(survey), {}))

    def kept(self) -> dict[str, frozenset[str]]:
        codes = {
            code: answer_fields.chosen_codes(self.by_code[code], raw)
            for code, raw in self.raw.items()
            if code in self.by_code
        }
        return conditions.prune(self.sections, codes)

    def visible(self) -> list[Section]:
        kept = self.kept()
        return [s for s in self.sections if conditions.visible(s, kept)]


def _number(request: HttpRequest) -> int:
    value = request.GET.get("seite", "0")
    return int(value) if value.isdigit() and len(value) < 4 else 0


@manage
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "restart":
        request.session.pop(_key(survey), None)
        return redirect(_url(survey, 0))
    number = _number(request)
    base = {
        "survey": survey,
        "preview": True,
        "preview_url": _url(survey, 0),
        "builder_url": reverse("surveys:manage-detail", kwargs={"pk": survey.pk}),
    }
    if number == 0:
        if request.method == "POST":
            return redirect(_url(survey, 1))
        return render(
            request,
            "surveys/public/start.html",
            {
                **base,
                "state": "open",
                "limit_reached": False,
                "answered_here": False,
                "own_response": None,
                "channel_token": "",
                "code": "",
                "code_error": "",
                "error": "",
                "form_action": _url(survey, 0),
            },
        )
    state = _Preview(request, survey)
    visible = state.visible()
    if not visible:
        raise Http404
    if number > len(visible):
        return render(request, "surveys/public/thanks.html", {**base, "state": "open"})
    section = visible[number - 1]
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "next")
        action = action if action in ACTIONS else "next"
        shown = pages.shown_questions(section, state.kept())
        raws = {q.code: answer_fields.read(q, request.POST) for q in shown}
        state.raw.update(raws)
        request.session[_key(survey)] = state.raw
        kept_after = state.kept()
        if action in ("next", "finish"):
            errors = _errors(shown, raws, kept_after)
        if not errors:
            visible = state.visible()
            here = visible.index(section) + 1 if section in visible else number
            target = here - 1 if action == "back" else here + 1
            if action == "save":
                target = here
            return redirect(_url(survey, max(target, 0)))
        status = 400
    context = {
        **base,
        "section": section,
        "entries": pages.entries(
            section,
            answered=state.raw,
            kept=state.kept(),
            errors=errors,
            districts=answering.districts(),
        ),
        "page_number": number,
        "page_count": len(visible),
        "is_last": number == len(visible),
        "errors": errors,
        "message": "",
        "submission_key": "",
        "resume_url": "",
        "response": None,
        "form_action": _url(survey, number),
        "back_url": _url(survey, number - 1),
    }
    return render(request, "surveys/public/section.html", context, status=status)


def _errors(
    shown: list[Question], raws: dict[str, Any], kept: dict[str, frozenset[str]]
) -> dict[str, str]:
    errors = {}
    for question in shown:
        if not conditions.visible(question, kept):
            continue
        message = answer_fields.check(question, raws[question.code], required=question.required)
        if message:
            errors[question.code] = message
    return errors
