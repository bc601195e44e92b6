"""Paper questionnaires: a professional types one in on a family's behalf, or a
coordinator imports a spreadsheet of them (all or nothing). Both land in a channel
marked "entered from paper"."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familienrathaus.core import exports
from familienrathaus.core.imports import MAX_BYTES
from familienrathaus.surveys import answer_fields, conditions, imports, pages, permissions
from familienrathaus.surveys.models import Channel, Survey
from familienrathaus.surveys.selectors import answering as selectors
from familienrathaus.surveys.services import answering as services


def _survey(request: HttpRequest, pk: int, *, importing: bool = False) -> Survey:
    allowed = (
        permissions.can_import_paper(request.user)
        if importing
        else permissions.can_enter_paper(request.user)
    )
    if not allowed:
        raise PermissionDenied
    survey = get_object_or_404(Survey, pk=pk, status=Survey.Status.PUBLISHED)
    if survey.answers_deleted_on is not None:
        raise Http404
    return survey


def _channel(survey: Survey, value: str) -> Channel | None:
    channels = selectors.paper_channels(survey)
    chosen = next((c for c in channels if str(c.pk) == value), None)
    return chosen or (channels[0] if channels else None)


@login_required
def paper_list(request: HttpRequest) -> HttpResponse:
    """Where a professional starts: the surveys that take paper questionnaires."""
    if not permissions.can_enter_paper(request.user):
        raise PermissionDenied
    return render(
        request,
        "surveys/public/paper_list.html",
        {"surveys": selectors.surveys_taking_paper()},
    )


@login_required
def enter(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    all_sections = selectors.sections(survey)
    channels = selectors.paper_channels(survey)
    raws: dict[str, answer_fields.Raw] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        questions = [q for s in all_sections for q in s.questions.all()]
        raws = {q.code: answer_fields.read(q, request.POST) for q in questions}
        for question in questions:
            message = answer_fields.check(question, raws[question.code], required=False)
            if message:
                errors[question.code] = message
        channel = _channel(survey, request.POST.get("channel", ""))
        if not errors and channel is not None:
            try:
                key = uuid.UUID(request.POST.get("submission_key", ""))
            except ValueError:
                key = uuid.uuid4()
            services.enter_paper(
                survey=survey,
                channel=channel,
                raws={
                    q.code: raws[q.code]
                    for q in questions
                    if not answer_fields.is_blank(q, raws[q.code])
                },
                all_sections=all_sections,
                submission_key=key,
            )
            return redirect(reverse("surveys:paper", kwargs={"pk": survey.pk}) + "?erfasst=1")
        status = 400
    districts = selectors.districts()
    groups = [
        {
            "section": section,
            "only_if": conditions.describe(section),
            "entries": pages.entries(
                section, answered=raws, kept={}, errors=errors, districts=districts, paper=True
            ),
        }
        for section in all_sections
    ]
    context: dict[str, Any] = {
        "survey": survey,
        "groups": groups,
        "channels": channels,
        "channel": _channel(survey, request.POST.get("channel", "")),
        "errors": errors,
        "entered": request.GET.get("erfasst") == "1" and request.method != "POST",
        "submission_key": uuid.uuid4(),
        "can_import": permissions.can_import_paper(request.user),
    }
    return render(request, "surveys/public/paper.html", context, status=status)


@login_required
def import_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, importing=True)
    all_sections = selectors.sections(survey)
    channels = selectors.paper_channels(survey)
    checked: imports.Checked | None = None
    done = request.GET.get("importiert", "")
    imported = int(done) if done.isdigit() and request.method != "POST" else 0
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        channel = _channel(survey, request.POST.get("channel", ""))
        if upload is None:
            checked = imports.Checked(problem=_("Please choose a file."))
        elif channel is None:
            checked = imports.Checked(problem=_("This survey has no paper channel."))
        else:
            content = upload.read(MAX_BYTES + 1)
            checked = imports.check_file(
                content,
                upload.name or "",
                all_sections=all_sections,
                districts=selectors.districts(),
            )
            if checked.ok:
                try:
                    imported = services.import_paper(
                        survey=survey,
                        channel=channel,
                        rows=checked.rows,
                        all_sections=all_sections,
                        actor=request.user,
                        file_digest=hashlib.sha256(content).hexdigest(),
                    )
                except services.AlreadyImported:
                    checked.problem = _(
                        "Exactly this file was already imported within the last hour. "
                        "Importing it again would count its questionnaires twice."
                    )
                else:
                    url = reverse("surveys:paper_import", kwargs={"pk": survey.pk})
                    return redirect(f"{url}?importiert={imported}")
        status = 200 if checked.ok else 400
    return render(
        request,
        "surveys/public/paper_import.html",
        {
            "survey": survey,
            "channels": channels,
            "checked": checked,
            "imported": imported,
            "columns": imports.columns(all_sections),
        },
        status=status,
    )


@login_required
def template_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, importing=True)
    header = imports.columns(selectors.sections(survey))
    return exports.csv_response(f"papierfrageboegen-{survey.slug}", header, [])
