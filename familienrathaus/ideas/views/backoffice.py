"""Back office of ideas for coordinators: the list with filters and downloads, one idea
with its review, stage, progress notes, links and comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import review
from familienrathaus.core.exports import table_response
from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.ideas import permissions, selectors, services
from familienrathaus.ideas.forms import HideForm, LinkForm, ProgressForm, StageForm
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage
from familienrathaus.ideas.workflow import WORKFLOW


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require(permissions.can_moderate)
def manage_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("phase", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    ideas = selectors.backoffice_ideas(stage=stage, status=status, query=query)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        header, rows = selectors.export_table(ideas)
        return table_response(file_format, "ideen", header, rows)
    return render(
        request,
        "ideas/backoffice/list.html",
        {
            "ideas": ideas,
            "stage": stage,
            "status": status,
            "query": query,
            "stages": Stage.choices,
            "statuses": Idea.Status.choices,
            "waiting": selectors.waiting_for_review(),
            "download_query": request.GET.urlencode(),
        },
    )


def _page(
    request: HttpRequest,
    idea: Idea,
    *,
    status: int = 200,
    hide_forms: dict[int, HideForm] | None = None,
    **forms: Any,
) -> HttpResponse:
    hide_forms = hide_forms or {}
    context: dict[str, Any] = {
        "idea": selectors.idea_for_page(idea.pk) or idea,
        # After a step the coordinator stays here, where the stage is set next.
        "review": review.panel(
            WORKFLOW, request, idea, next=reverse("ideas:manage_detail", args=[idea.pk])
        ),
        "comments": [
            (comment, hide_forms.get(comment.pk) or HideForm(prefix=f"c{comment.pk}"))
            for comment in selectors.comments_of(idea)
        ],
        "stage_form": StageForm(initial={"stage": idea.stage, "reason": idea.stage_reason}),
        "progress_form": ProgressForm(),
        "link_form": LinkForm(initial={"event": idea.event_id, "survey": idea.survey_id}),
    }
    context.update(forms)
    return render(request, "ideas/backoffice/detail.html", context, status=status)


@require(permissions.can_moderate)
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Idea, pk=pk))


@require(permissions.can_moderate)
@require_POST
def manage_stage(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.set_stage(
                actor=_user(request),
                idea=idea,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The stage is now “%(stage)s”. The author receives an e-mail.")
                % {"stage": idea.get_stage_display()},
            )
            return redirect("ideas:manage_detail", pk=idea.pk)
    return _page(request, idea, status=400, stage_form=form)


@require(permissions.can_moderate)
@require_POST
def manage_progress(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.add_progress_note(
                actor=_user(request),
                idea=idea,
                day=form.cleaned_data["day"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The progress note is shown on the idea's page."))
            return redirect("ideas:manage_detail", pk=idea.pk)
    return _page(request, idea, status=400, progress_form=form)


@require(permissions.can_moderate)
@require_POST
def manage_progress_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(ProgressNote, pk=pk)
    services.delete_progress_note(actor=_user(request), note=note)
    messages.success(request, _("The progress note was deleted."))
    return redirect("ideas:manage_detail", pk=note.idea_id)


@require(permissions.can_moderate)
@require_POST
def manage_link(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        services.link(
            actor=_user(request),
            idea=idea,
            event=form.cleaned_data["event"],
            survey=form.cleaned_data.get("survey"),
        )
        messages.success(request, _("The links were saved."))
        return redirect("ideas:manage_detail", pk=idea.pk)
    return _page(request, idea, status=400, link_form=form)


@require(permissions.can_moderate)
@require_POST
def manage_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    form = HideForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.hide_comment(
                actor=_user(request), comment=comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The comment is hidden; the reason is shown instead."))
            return redirect(
                reverse("ideas:manage_detail", args=[comment.idea_id]) + f"#kommentar-{comment.pk}"
            )
    return _page(request, comment.idea, status=400, hide_forms={comment.pk: form})


@require(permissions.can_moderate)
@require_POST
def manage_show(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    services.show_comment(actor=_user(request), comment=comment)
    messages.success(request, _("The comment is shown again."))
    return redirect(
        reverse("ideas:manage_detail", args=[comment.idea_id]) + f"#kommentar-{comment.pk}"
    )
