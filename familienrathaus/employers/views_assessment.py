"""The self-assessment's pages: the overview with the progress, one page per field of
action (each item its own form, saved on its own), handing in, the evidence files and
the strengths-and-weaknesses report.

The team edits while the participation is open (``permissions.can_edit_participation``);
coordinators and the round's jury read the same pages; anyone else gets 404.
Without JavaScript every item is a plain form; after saving, the page comes back at that
item (``#punkt-<id>``) with a note that it was saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import private_files
from familienrathaus.employers import permissions, report
from familienrathaus.employers.forms_assessment import AnswerForm
from familienrathaus.employers.models import Answer, Participation
from familienrathaus.employers.selectors import assessment as selectors
from familienrathaus.employers.services import assessment as services


def participation_or_404(request: HttpRequest, pk: int) -> Participation:
    participation = selectors.participation(pk)
    if participation is None or not permissions.can_see_participation(request.user, participation):
        raise Http404
    return participation


def _roles(request: HttpRequest, participation: Participation) -> dict[str, Any]:
    return {
        "participation": participation,
        "may_edit": permissions.can_edit_participation(request.user, participation),
        "is_team": permissions.is_team_member(request.user, participation.employer_id),
        "is_reviewer": permissions.can_review_participation(request.user, participation),
    }


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    progress = selectors.progress(participation)
    return render(
        request,
        "employers/assessment/overview.html",
        {
            **_roles(request, participation),
            "progress": progress,
            "minimum_open": selectors.minimum_not_met(participation),
            "previous": participation.previous,
            "last_submitted": selectors.last_submitted(participation)
            if participation.status == Participation.Status.ADMITTED
            else None,
        },
    )


@login_required
@require_POST
def begin(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    if not permissions.can_edit_participation(request.user, participation):
        raise Http404
    try:
        participation = services.begin(participation=participation, actor=request.user)  # type: ignore[arg-type]
    except services.NotOpen:
        messages.error(request, _("This self-assessment can no longer be changed."))
        return redirect("employers:assessment", pk=pk)
    if participation.follow_up:
        messages.success(
            request,
            _(
                "Your answers from the last assessment were taken over. Please check each "
                "field and change what is different today."
            ),
        )
    first = selectors.progress(participation).fields
    if first:
        return redirect("employers:assessment-field", pk=pk, key=first[0].field.key)
    return redirect("employers:assessment", pk=pk)


def _field_page(
    request: HttpRequest,
    participation: Participation,
    key: str,
    *,
    bound: AnswerForm | None = None,
    conflict: Answer | None = None,
    status: int = 200,
) -> HttpResponse:
    progress = selectors.progress(participation, with_previous=participation.follow_up)
    current = progress.field(key)
    if current is None:
        raise Http404
    roles = _roles(request, participation)
    saved = request.GET.get("gespeichert", "")
    entries = []
    for item in current.items:
        form = None
        if roles["may_edit"]:
            form = (
                bound
                if bound is not None and bound.criterion.pk == item.criterion.pk
                else AnswerForm(criterion=item.criterion, answer=item.answer)
            )
        entries.append(
            {
                "item": item,
                "form": form,
                "conflict": conflict if form is not None and form is bound else None,
                "saved": saved == str(item.criterion.pk) and bound is None,
            }
        )
    position = progress.fields.index(current)
    return render(
        request,
        "employers/assessment/field.html",
        {
            **roles,
            "progress": progress,
            "current": current,
            "entries": entries,
            "number": position + 1,
            "previous_field": progress.fields[position - 1] if position else None,
            "next_field": progress.next_after(key),
            "has_error": bound is not None,
        },
        status=status,
    )


@login_required
def field(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    participation = participation_or_404(request, pk)
    if participation.status == Participation.Status.ADMITTED:
        return redirect("employers:assessment", pk=pk)
    return _field_page(request, participation, key)


@login_required
@require_POST
def save(request: HttpRequest, pk: int, key: str, criterion: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    if not permissions.can_edit_participation(request.user, participation):
        messages.error(request, _("This self-assessment can no longer be changed."))
        return redirect("employers:assessment", pk=pk)
    found = selectors.criterion_of(participation, criterion)
    if found is None or found.field.key != key:
        raise Http404
    answer = Answer.objects.filter(participation=participation, criterion=found).first()
    form = AnswerForm(request.POST, request.FILES, criterion=found, answer=answer)
    if not form.is_valid():
        return _field_page(request, participation, key, bound=form, status=400)
    try:
        services.save_answer(
            participation=participation,
            criterion=found,
            actor=request.user,  # type: ignore[arg-type]
            data=form.to_input(),
            version=form.cleaned_data["version"],
        )
    except services.Conflict as conflict:
        # Keep what this person typed; the next save deliberately replaces the
        # colleague's answer, so the version becomes the stored one.
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(conflict.current.version)
        again = AnswerForm(data, request.FILES, criterion=found, answer=conflict.current)
        again.is_valid()
        return _field_page(
            request, participation, key, bound=again, conflict=conflict.current, status=409
        )
    except services.NotOpen:
        messages.error(request, _("This self-assessment can no longer be changed."))
        return redirect("employers:assessment", pk=pk)
    url = reverse("employers:assessment-field", kwargs={"pk": pk, "key": key})
    return redirect(f"{url}?gespeichert={found.pk}#punkt-{found.pk}")


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    if not permissions.can_edit_participation(request.user, participation):
        raise Http404
    missing = selectors.missing(participation)
    if request.method == "POST":
        try:
            services.submit(participation=participation, actor=request.user)  # type: ignore[arg-type]
        except services.Incomplete as incomplete:
            missing = incomplete.missing
        except services.NotOpen:
            messages.error(request, _("This self-assessment can no longer be changed."))
            return redirect("employers:assessment", pk=pk)
        else:
            messages.success(
                request,
                _(
                    "Thank you, your self-assessment was handed in. Here is your report; "
                    "plan your measures from its gaps."
                ),
            )
            return redirect("employers:assessment-report", pk=pk)
    return render(
        request,
        "employers/assessment/submit.html",
        {
            **_roles(request, participation),
            "missing": missing,
            "minimum_open": selectors.minimum_not_met(participation),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def evidence(request: HttpRequest, pk: int, answer: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    found = selectors.answer_of(participation, answer)
    if found is None or not found.evidence_file:
        raise Http404
    return private_files.serve(
        found.evidence_file, download_name=f"nachweis-{participation.pk}-{found.criterion.key}"
    )


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    data = report.build(participation)
    return render(
        request,
        "employers/assessment/report.html",
        {
            **_roles(request, participation),
            "report": data,
            "chart": data.chart(),
            "min_comparison": report.MIN_COMPARISON,
        },
    )
