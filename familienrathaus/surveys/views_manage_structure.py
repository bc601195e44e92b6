"""The builder's pages and questions: add, change, delete, move up and down."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.surveys.forms_builder import QuestionForm, SectionForm
from familienrathaus.surveys.models import Question, Section, Survey
from familienrathaus.surveys.selectors import builder as selectors
from familienrathaus.surveys.services import builder as services
from familienrathaus.surveys.views_manage import manage, running_context


def _back(survey_pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse("surveys:manage-detail", kwargs={"pk": survey_pk}) + f"#{anchor}")


# --------------------------------------------------------------------------- sections


@manage
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = SectionForm(
        request.POST or None,
        instance=Section(survey=survey),
        sources=selectors.condition_sources(survey, section=Section(survey=survey)),
    )
    if request.method == "POST" and form.is_valid():
        section = services.create_section(
            actor=request.user,  # type: ignore[arg-type]
            survey=survey,
            data=form.cleaned_data,
        )
        messages.success(request, _("The page was added. Now add its questions."))
        return _back(pk, f"section-{section.pk}")
    return render(
        request,
        "surveys/manage/section_form.html",
        {"form": form, "section": None, **running_context(survey)},
    )


@manage
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    survey = section.survey
    form = SectionForm(
        request.POST or None,
        instance=section,
        sources=selectors.condition_sources(survey, section=section),
    )
    if request.method == "POST" and form.is_valid():
        services.update_section(
            actor=request.user,  # type: ignore[arg-type]
            section=get_object_or_404(Section, pk=section_pk, survey_id=pk),
            data=form.cleaned_data,
        )
        messages.success(request, _("The page was saved."))
        return _back(pk, f"section-{section_pk}")
    return render(
        request,
        "surveys/manage/section_form.html",
        {"form": form, "section": section, **running_context(survey)},
    )


@manage
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    if request.method == "POST":
        services.delete_section(actor=request.user, section=section)  # type: ignore[arg-type]
        messages.success(request, _("The page was deleted with its questions."))
        return _back(pk, "sections")
    return render(
        request,
        "surveys/manage/confirm_delete.html",
        {**running_context(section.survey), "what": section.title, "cancel": pk},
    )


@manage
@require_POST
def section_move(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    up = request.POST.get("direction") == "up"
    if services.move(actor=request.user, obj=section, up=up):  # type: ignore[arg-type]
        messages.success(
            request,
            (_("“%(title)s” moved up.") if up else _("“%(title)s” moved down."))
            % {"title": section.title},
        )
    return _back(pk, f"section-{section_pk}")


# --------------------------------------------------------------------------- questions


KINDS = [
    (Question.Kind.SINGLE, gettext_lazy("One answer from a list, e.g. yes / no.")),
    (Question.Kind.MULTIPLE, gettext_lazy("Several answers from a list, optionally “other: ___”.")),
    (Question.Kind.SCALE, gettext_lazy("A point on a scale, e.g. 1 to 5 with labelled ends.")),
    (Question.Kind.MATRIX, gettext_lazy("Several statements, each rated on the same scale.")),
    (Question.Kind.NUMBER, gettext_lazy("A number, e.g. the number of children.")),
    (Question.Kind.DATE, gettext_lazy("A date.")),
    (Question.Kind.TEXT, gettext_lazy("A free text in the family's own words.")),
    (Question.Kind.RANKING, gettext_lazy("Put answers from a list in order.")),
    (
        Question.Kind.DISTRICT,
        gettext_lazy("The district the family lives in, from the alliance's list."),
    ),
]


def _next_code(survey: Survey) -> str:
    codes = set(Question.objects.filter(survey=survey).values_list("code", flat=True))
    number = len(codes) + 1
    while f"q{number}" in codes:
        number += 1
    return f"q{number}"


@manage
def question_create(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    survey = section.survey
    kind = request.GET.get("kind", "")
    if request.method != "POST" and kind not in Question.Kind.values:
        return render(
            request,
            "surveys/manage/question_kind.html",
            {"section": section, "kinds": KINDS, **running_context(survey)},
        )
    form = QuestionForm(
        request.POST or None,
        instance=Question(section=section, survey=survey),
        initial={"code": _next_code(survey), "kind": kind or Question.Kind.SINGLE},
        survey=survey,
        sources=selectors.condition_sources(
            survey, section=section, question=Question(section=section)
        ),
    )
    if request.method == "POST" and form.is_valid():
        question = services.create_question(
            actor=request.user,  # type: ignore[arg-type]
            section=section,
            data=form.cleaned_data,
            options=form.labels("options"),
            items=form.labels("items"),
        )
        messages.success(request, _("The question was added."))
        return _back(pk, f"question-{question.pk}")
    return render(
        request,
        "surveys/manage/question_form.html",
        {"form": form, "section": section, "question": None, **running_context(survey)},
    )


@manage
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    survey = question.survey
    form = QuestionForm(
        request.POST or None,
        instance=question,
        survey=survey,
        sources=selectors.condition_sources(survey, question=question),
    )
    if request.method == "POST" and form.is_valid():
        services.update_question(
            actor=request.user,  # type: ignore[arg-type]
            question=get_object_or_404(Question, pk=question_pk, survey_id=pk),
            data=form.cleaned_data,
            options=form.labels("options"),
            items=form.labels("items"),
        )
        messages.success(request, _("The question was saved."))
        return _back(pk, f"question-{question_pk}")
    return render(
        request,
        "surveys/manage/question_form.html",
        {
            "form": form,
            "section": question.section,
            "question": question,
            **running_context(survey),
        },
    )


@manage
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    if request.method == "POST":
        section_pk = question.section_id
        services.delete_question(actor=request.user, question=question)  # type: ignore[arg-type]
        messages.success(request, _("The question was deleted."))
        return _back(pk, f"section-{section_pk}")
    return render(
        request,
        "surveys/manage/confirm_delete.html",
        {**running_context(question.survey), "what": question.text, "cancel": pk},
    )


@manage
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    up = request.POST.get("direction") == "up"
    if services.move(actor=request.user, obj=question, up=up):  # type: ignore[arg-type]
        messages.success(
            request,
            (_("“%(title)s” moved up.") if up else _("“%(title)s” moved down."))
            % {"title": question.text},
        )
    return _back(pk, f"question-{question_pk}")
