"""The coordinator's survey builder: list, settings, overview, publish, copy, preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core.views.access import require
from familienrathaus.surveys import permissions
from familienrathaus.surveys.forms_builder import CopyForm, SurveyForm
from familienrathaus.surveys.models import Survey
from familienrathaus.surveys.selectors import builder as selectors
from familienrathaus.surveys.services import builder as services
from familienrathaus.surveys.services import copying

manage = require(permissions.can_manage_surveys)

# What the audit log's actions mean, for the survey's own list of changes.
ACTIONS = {
    "survey.create": gettext_lazy("survey created"),
    "survey.copy": gettext_lazy("created as a copy"),
    "survey.update": gettext_lazy("settings changed"),
    "survey.status": gettext_lazy("published or back to draft"),
    "survey.section.create": gettext_lazy("page added"),
    "survey.section.update": gettext_lazy("page changed"),
    "survey.section.delete": gettext_lazy("page deleted"),
    "survey.section.move": gettext_lazy("page moved"),
    "survey.question.create": gettext_lazy("question added"),
    "survey.question.update": gettext_lazy("question changed"),
    "survey.question.delete": gettext_lazy("question deleted"),
    "survey.question.move": gettext_lazy("question moved"),
    "survey.channel.create": gettext_lazy("channel added"),
    "survey.channel.delete": gettext_lazy("channel deleted"),
    "survey.codes.create": gettext_lazy("invitation codes created"),
}


def running_context(survey: Survey) -> dict[str, Any]:
    """What every builder page of ``survey`` shows: its state and its answers, for the
    warning that changes to a running survey mix results."""
    counts = selectors.answer_counts(survey)
    return {
        "survey": survey,
        "state": survey.state(),
        "answers": counts,
        "has_answers": bool(counts["complete"] or counts["in_progress"]),
    }


@manage
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/manage/list.html", {"surveys": selectors.surveys()})


@manage
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(
            actor=request.user,  # type: ignore[arg-type]
            data=form.cleaned_data,
        )
        messages.success(request, _("The survey was created. Now add its first page."))
        return redirect("surveys:manage-detail", pk=survey.pk)
    return render(request, "surveys/manage/form.html", {"form": form, "survey": None})


@manage
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.update_survey(
            actor=request.user,  # type: ignore[arg-type]
            survey=get_object_or_404(Survey, pk=pk),
            data=form.cleaned_data,
        )
        messages.success(request, _("The settings were saved."))
        return redirect("surveys:manage-detail", pk=pk)
    return render(
        request,
        "surveys/manage/form.html",
        {"form": form, **running_context(get_object_or_404(Survey, pk=pk))},
    )


@manage
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_with_structure(pk)
    if survey is None:
        raise Http404
    return render(
        request,
        "surveys/manage/detail.html",
        {
            **running_context(survey),
            "sections": survey.sections.all(),
            "misplaced": selectors.misplaced_conditions(survey),
            "channels": selectors.channels(survey),
            "codes": selectors.code_counts(survey),
            "log": [
                (entry, ACTIONS.get(entry.action, entry.action))
                for entry in selectors.change_log(survey)[:20]
            ],
            "copy_form": CopyForm(initial={"title_de": f"{survey.title_de} (Kopie)"}),
        },
    )


@manage
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    publish = request.POST.get("status") == Survey.Status.PUBLISHED
    if publish and not survey.questions.exists():
        messages.error(request, _("Please add at least one question before publishing."))
        return redirect("surveys:manage-detail", pk=pk)
    services.set_status(
        actor=request.user,  # type: ignore[arg-type]
        survey=survey,
        status=Survey.Status.PUBLISHED if publish else Survey.Status.DRAFT,
    )
    if publish:
        messages.success(request, _("The survey is published."))
    else:
        messages.success(request, _("The survey is a draft again; families cannot open it."))
    return redirect("surveys:manage-detail", pk=pk)


@manage
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = CopyForm(request.POST or None, initial={"title_de": f"{survey.title_de} (Kopie)"})
    if request.method == "POST" and form.is_valid():
        copy = copying.copy_survey(
            actor=request.user,  # type: ignore[arg-type]
            survey=survey,
            title_de=form.cleaned_data["title_de"],
        )
        messages.success(
            request,
            _("The copy was created as a draft, with all questions and new links; no answers."),
        )
        return redirect("surveys:manage-detail", pk=copy.pk)
    return render(request, "surveys/manage/copy.html", {"form": form, "survey": survey})


@manage
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    if request.method == "POST":
        services.delete_survey(actor=request.user, survey=survey)  # type: ignore[arg-type]
        messages.success(request, _("The survey was deleted with all its answers."))
        return redirect("surveys:manage-list")
    return render(
        request,
        "surveys/manage/confirm_delete.html",
        {
            **running_context(survey),
            "what": survey.title,
            "cancel": survey.pk,
        },
    )
