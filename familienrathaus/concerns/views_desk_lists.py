"""The desk's lists: offices of the administration, answer templates, topics with their
target times (coordinators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.concerns import forms_desk, permissions
from familienrathaus.concerns.models import AnswerTemplate, Office, Topic
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import desk_settings as services
from familienrathaus.core.views.access import require


def _edit(
    request: HttpRequest,
    *,
    form: Any,
    save: Any,
    kind: str,
    back: str,
    title: str,
    instance: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    return render(
        request,
        "concerns/desk/list_form.html",
        {"form": form, "kind": kind, "back": back, "title": title, "instance": instance},
        status=400 if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------------- offices


@require(permissions.can_manage_settings)
def offices(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/desk/offices.html", {"offices": selectors.offices()})


@require(permissions.can_manage_settings)
def office_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    office = get_object_or_404(Office, pk=pk) if pk else None
    form = forms_desk.OfficeForm(request.POST or None, instance=office)
    return _edit(
        request,
        form=form,
        save=lambda data: services.save_office(
            actor=request.user,  # type: ignore[arg-type]
            office=get_object_or_404(Office, pk=pk) if pk else None,
            values=data,
        ),
        kind="office",
        back="concerns:desk-offices",
        title=office.name if office else _("New office"),
        instance=office,
    )


# --------------------------------------------------------------------------- templates


@require(permissions.can_manage_settings)
def templates(request: HttpRequest) -> HttpResponse:
    return render(
        request, "concerns/desk/templates.html", {"templates": selectors.answer_templates()}
    )


@require(permissions.can_manage_settings)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(AnswerTemplate, pk=pk) if pk else None
    form = forms_desk.AnswerTemplateForm(request.POST or None, instance=template)
    return _edit(
        request,
        form=form,
        save=lambda data: services.save_template(
            actor=request.user,  # type: ignore[arg-type]
            template=get_object_or_404(AnswerTemplate, pk=pk) if pk else None,
            values=data,
        ),
        kind="template",
        back="concerns:desk-templates",
        title=template.title if template else _("New answer template"),
        instance=template,
    )


@require_POST
@require(permissions.can_manage_settings)
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(AnswerTemplate, pk=pk)
    services.delete_template(actor=request.user, template=template)  # type: ignore[arg-type]
    messages.success(request, _("The template was deleted."))
    return redirect("concerns:desk-templates")


# --------------------------------------------------------------------------- topics


@require(permissions.can_manage_settings)
def topics(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/desk/topics.html", {"topics": selectors.topics()})


@require(permissions.can_manage_settings)
def topic_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk) if pk else None
    form = forms_desk.TopicForm(request.POST or None, instance=topic)
    return _edit(
        request,
        form=form,
        save=lambda data: services.save_topic(
            actor=request.user,  # type: ignore[arg-type]
            topic=get_object_or_404(Topic, pk=pk) if pk else None,
            values=data,
        ),
        kind="topic",
        back="concerns:desk-topics",
        title=topic.name if topic else _("New topic"),
        instance=topic,
    )
