"""The measures plan, the annual check and the progress of a round's employers.

The team plans and updates measures (``permissions.can_plan_measures``); coordinators
and the round's jury read the plan and see every employer's progress in the round;
coordinators mark the annual check done. Anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import private_files
from familienrathaus.core.views.access import require
from familienrathaus.employers import permissions, report
from familienrathaus.employers.forms_measures import AnnualCheckForm, MeasureForm, StatusForm
from familienrathaus.employers.models import Measure, Participation
from familienrathaus.employers.selectors import measures as selectors
from familienrathaus.employers.services import measures as services
from familienrathaus.employers.views_assessment import participation_or_404


def _number(value: str | None) -> int:
    """A posted id; anything that is not a number is no id."""
    return int(value) if value and value.isdigit() else 0


def _planning(request: HttpRequest, pk: int) -> Participation:
    participation = participation_or_404(request, pk)
    if not permissions.can_plan_measures(request.user, participation):
        raise Http404
    return participation


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    may_plan = permissions.can_plan_measures(request.user, participation)
    measures = list(selectors.measures_of(participation))
    today = timezone.localdate()
    data = report.build(participation)
    suggested = selectors.suggestions(participation, data.gap_keys) if may_plan else []
    return render(
        request,
        "employers/measures/plan.html",
        {
            "participation": participation,
            "may_plan": may_plan,
            "rows": [(m, selectors.is_overdue(m, today)) for m in measures],
            "progress": selectors.progress_of(measures, today),
            "report": data,
            "suggested": suggested,
            "others": selectors.other_templates(participation, suggested) if may_plan else [],
            "certificate": selectors.certificate_of(participation),
        },
    )


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _planning(request, pk)
    template = selectors.template_of(_number(request.POST.get("template")))
    if template is None:
        messages.error(request, _("Please choose a measure from the catalogue."))
        return redirect("employers:measures", pk=pk)
    measure = services.adopt(
        participation=participation,
        template=template,
        actor=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request,
        _("“%(title)s” is in your plan. Please add who is responsible and by when.")
        % {"title": measure.title},
    )
    return redirect("employers:measure-edit", pk=pk, measure=measure.pk)


@login_required
def create(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _planning(request, pk)
    initial = {"field": request.GET.get("feld") or None, "status": Measure.Status.PLANNED}
    form = MeasureForm(
        request.POST or None, request.FILES or None, participation=participation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.create(
            participation=participation,
            actor=request.user,  # type: ignore[arg-type]
            data=form.to_input(),
        )
        messages.success(request, _("The measure was added to your plan."))
        return redirect("employers:measures", pk=pk)
    return render(
        request,
        "employers/measures/form.html",
        {"participation": participation, "form": form, "measure": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def edit(request: HttpRequest, pk: int, measure: int) -> HttpResponse:
    participation = _planning(request, pk)
    found = selectors.measure_of(participation, measure)
    if found is None:
        raise Http404
    form = MeasureForm(
        request.POST or None, request.FILES or None, participation=participation, measure=found
    )
    if request.method == "POST" and form.is_valid():
        services.update(
            measure=found,
            actor=request.user,  # type: ignore[arg-type]
            data=form.to_input(),
        )
        messages.success(request, _("The measure was saved."))
        return redirect("employers:measures", pk=pk)
    return render(
        request,
        "employers/measures/form.html",
        {"participation": participation, "form": form, "measure": found},
        status=400 if form.is_bound else 200,
    )


@login_required
def evidence(request: HttpRequest, pk: int, measure: int) -> HttpResponse:
    participation = participation_or_404(request, pk)
    found = selectors.measure_of(participation, measure)
    if found is None or not found.evidence_file:
        raise Http404
    return private_files.serve(
        found.evidence_file, download_name=f"massnahme-{participation.pk}-{found.pk}"
    )


@login_required
def annual(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual check: the team updates each measure's status, the coordinator marks
    the check done."""
    participation = participation_or_404(request, pk)
    certificate = selectors.certificate_of(participation)
    if certificate is None:
        raise Http404
    may_plan = permissions.can_plan_measures(request.user, participation)
    may_check = permissions.can_manage(request.user)
    measures = list(selectors.measures_of(participation))
    check_form = AnnualCheckForm(request.POST if "check" in request.POST else None)
    if request.method == "POST":
        if "check" in request.POST:
            if not may_check:
                raise Http404
            if check_form.is_valid():
                services.complete_annual_check(
                    certificate=certificate,
                    actor=request.user,  # type: ignore[arg-type]
                    notes=check_form.cleaned_data["notes"],
                )
                messages.success(request, _("The annual check is marked done."))
                return redirect("employers:annual-check", pk=pk)
        else:
            if not may_plan:
                raise Http404
            found = selectors.measure_of(participation, _number(request.POST.get("measure")))
            if found is None:
                raise Http404
            form = StatusForm(request.POST, measure=found)
            if form.is_valid():
                services.set_status(
                    measure=found,
                    actor=request.user,  # type: ignore[arg-type]
                    status=form.cleaned_data["status"],
                )
                messages.success(request, _("“%(title)s” was updated.") % {"title": found.title})
            return redirect("employers:annual-check", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "employers/measures/annual.html",
        {
            "participation": participation,
            "certificate": certificate,
            "checks": selectors.annual_checks(certificate),
            "rows": [
                (m, selectors.is_overdue(m, today), StatusForm(measure=m) if may_plan else None)
                for m in measures
            ],
            "progress": selectors.progress_of(measures, today),
            "may_check": may_check,
            "check_form": check_form,
        },
        status=400 if check_form.is_bound else 200,
    )


@login_required
def round_progress(request: HttpRequest, round: int) -> HttpResponse:
    found = selectors.round_of(round)
    if found is None or not permissions.can_see_round_progress(request.user, found):
        raise Http404
    return render(
        request,
        "employers/measures/round.html",
        {"round": found, "rows": selectors.round_progress(found)},
    )


@require(permissions.can_manage)
def rounds(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employers/measures/rounds.html",
        {"rounds": selectors.rounds_with_employers()},
    )
