"""Public pages of ideas: "Was aus Ihren Ideen wurde", one idea with support and
comments, submitting and changing one's own idea. No JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.core import ratelimit, review
from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.ideas import jsonld, permissions, selectors, services
from familienrathaus.ideas.forms import CommentForm, IdeaForm
from familienrathaus.ideas.models import Idea, Stage
from familienrathaus.ideas.workflow import WORKFLOW


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_safe
def idea_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("phase", "")
    if stage not in Stage.values:
        stage = ""
    groups = selectors.grouped_ideas(stage)
    ideas = [idea for group in groups for idea in group.ideas]
    return render(
        request,
        "ideas/list.html",
        {
            "groups": groups,
            "stage": stage,
            "stage_label": Stage(stage).label if stage else "",
            "counts": [
                (value, Stage(value).label, count)
                for value, count in selectors.stage_counts().items()
            ],
            "total": sum(selectors.stage_counts().values()),
            "my_ideas": selectors.ideas_of(request.user),
            "jsonld": jsonld.as_script(jsonld.list_data(ideas)),
        },
    )


def _detail(request: HttpRequest, idea: Idea, *, comment_form: CommentForm | None = None) -> Any:
    return render(
        request,
        "ideas/detail.html",
        {
            "idea": idea,
            "comments": selectors.comments_of(idea) if idea.is_public else [],
            "supported": selectors.has_supported(request.user, idea),
            "may_take_part": permissions.can_take_part(request.user, idea),
            "may_edit": permissions.can_edit(request.user, idea),
            "is_owner": permissions.is_owner(request.user, idea),
            "may_moderate": permissions.can_moderate(request.user),
            "comment_form": comment_form or CommentForm(),
            "jsonld": jsonld.as_script(jsonld.idea_data(idea)) if idea.is_public else "",
        },
        status=400 if comment_form is not None and comment_form.errors else 200,
    )


def _visible(request: HttpRequest, pk: int) -> Idea:
    idea = selectors.idea_for_page(pk)
    if idea is None or not permissions.can_view(request.user, idea):
        raise Http404
    return idea


@require_safe
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@require(permissions.can_submit)
def submit(request: HttpRequest) -> HttpResponse:
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, scope="ideas.submit", limit=10, period_seconds=3600):
            form.add_error(None, _("You sent many ideas in a short time. Please try again later."))
        else:
            try:
                idea = services.submit_idea(
                    actor=_user(request),
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    language=translation.get_language() or "",
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Thank you for your idea!"))
                return redirect(idea.get_absolute_url())
    return render(request, "ideas/form.html", {"form": form, "idea": None})


@require(permissions.can_submit)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    if not permissions.can_edit(request.user, idea):
        raise PermissionDenied
    form = IdeaForm(request.POST or None, initial={"title": idea.title, "text": idea.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_idea(
                actor=_user(request),
                idea=idea,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your idea was sent to the family office again."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "ideas/form.html",
        {"form": form, "idea": idea, "review": review.panel(WORKFLOW, request, idea, steps=set())},
    )


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(f"/ideen/{pk}/")
    idea = _visible(request, pk)
    if not permissions.can_take_part(request.user, idea):
        raise PermissionDenied
    wanted = request.POST.get("unterstuetzen", "1") != "0"
    if services.set_support(actor=_user(request), idea=idea, support=wanted):
        messages.success(request, _("Thank you: you support this idea."))
    else:
        messages.success(request, _("You no longer support this idea."))
    return redirect(f"{idea.get_absolute_url()}#unterstuetzen")


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(f"/ideen/{pk}/")
    idea = _visible(request, pk)
    if not permissions.can_take_part(request.user, idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        if not ratelimit.allow(request, scope="ideas.comment", limit=30, period_seconds=3600):
            form.add_error(
                None, _("You wrote many comments in a short time. Please try again later.")
            )
        else:
            try:
                services.add_comment(
                    actor=_user(request), idea=idea, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Thank you, your comment is shown below."))
                return redirect(f"{idea.get_absolute_url()}#kommentare")
    return _detail(request, idea, comment_form=form)
