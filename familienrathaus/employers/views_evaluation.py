"""Evaluation by the jury and the coordinators, and the coordinators' certificates.

``/arbeitgeber/bewertung/`` lists the handed-in participations the person may review
(coordinators: all; jury members: their rounds'). A participation's review page shows
the report, every answer with its comment and evidence, the measures, the talks held,
and the forms: a talk, the jury's recommendation, and (coordinators only) the decision.
``/verwaltung/arbeitgeber/zertifikate/`` lists certificates; a coordinator revokes one
with a reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from familienrathaus.core import exports
from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.employers import permissions, report
from familienrathaus.employers.forms_evaluation import (
    DecisionForm,
    RecommendationForm,
    RevokeForm,
    TalkForm,
)
from familienrathaus.employers.models import Certificate, Participation
from familienrathaus.employers.selectors import certificates as certificate_selectors
from familienrathaus.employers.selectors import evaluation as selectors
from familienrathaus.employers.selectors import programme
from familienrathaus.employers.services import certificates as certificate_services
from familienrathaus.employers.services import evaluation as services

PER_PAGE = 50


def _may_review(user: Any) -> bool:
    return permissions.can_manage(user) or permissions.is_jury_anywhere(user)


@require_safe
@require(_may_review)
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employers/evaluation/list.html",
        {
            "groups": selectors.review_groups(request.user),
            "coordinator": permissions.can_manage(request.user),
        },
    )


def _page(
    request: HttpRequest,
    participation: Participation,
    *,
    talk_form: TalkForm | None = None,
    recommendation_form: RecommendationForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    evaluation = selectors.evaluation_of(participation)
    can_decide = permissions.can_decide(request.user, participation)
    reviewable = participation.status in services.REVIEWABLE
    return render(
        request,
        "employers/evaluation/review.html",
        {
            "participation": participation,
            "employer": participation.employer,
            "evaluation": evaluation,
            "report": report.build(participation),
            "fields": selectors.answers_for_review(participation),
            "measures": selectors.measures_of(participation),
            "talks": selectors.talks_of(participation),
            "certificate": Certificate.objects.filter(participation=participation).first(),
            "reviewable": reviewable,
            "can_decide": can_decide and reviewable,
            "talk_form": talk_form or TalkForm(),
            "recommendation_form": recommendation_form or RecommendationForm(instance=evaluation),
            "decision_form": decision_form
            or DecisionForm(
                initial={"decision": evaluation.decision, "reasons": evaluation.reasons}
            ),
        },
        status=status,
    )


@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    participation = programme.get_reviewable_participation_or_404(request.user, pk)
    if participation.status not in selectors.HANDED_IN:
        raise Http404
    return _page(request, participation)


def _reviewable(request: HttpRequest, pk: int) -> Participation:
    if not request.user.is_authenticated:
        raise Http404
    participation = programme.get_reviewable_participation_or_404(request.user, pk)
    if participation.status not in selectors.HANDED_IN:
        raise Http404
    return participation


def _refused(
    request: HttpRequest, participation: Participation, exc: ValidationError
) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect("employers:review", participation.pk)


@require_POST
def add_talk(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _reviewable(request, pk)
    form = TalkForm(request.POST)
    if not form.is_valid():
        return _page(request, participation, talk_form=form, status=422)
    user: User = request.user  # type: ignore[assignment]
    try:
        services.record_talk(participation, actor=user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, participation, exc)
    messages.success(request, _("The talk has been recorded."))
    return redirect(f"{reverse('employers:review', args=[pk])}#talks")


@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _reviewable(request, pk)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _page(request, participation, recommendation_form=form, status=422)
    user: User = request.user  # type: ignore[assignment]
    try:
        services.save_recommendation(
            participation, actor=user, recommendation=form.cleaned_data["recommendation"]
        )
    except ValidationError as exc:
        return _refused(request, participation, exc)
    messages.success(request, _("The recommendation has been saved."))
    return redirect(f"{reverse('employers:review', args=[pk])}#recommendation")


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _reviewable(request, pk)
    if not permissions.can_decide(request.user, participation):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, participation, decision_form=form, status=422)
    user: User = request.user  # type: ignore[assignment]
    try:
        services.decide(participation, actor=user, **form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            add_errors(form, exc)
            return _page(request, participation, decision_form=form, status=422)
        return _refused(request, participation, exc)
    certificate = Certificate.objects.filter(participation=participation).first()
    if certificate is not None:
        messages.success(
            request,
            _("Certified. The certificate %(number)s has been issued and the team informed.")
            % {"number": certificate.number},
        )
    else:
        messages.success(request, _("The decision has been saved and the team informed."))
    return redirect("employers:review", pk)


# ------------------------------------------------------------------ certificates (coordinators)


@require_safe
@require(permissions.can_manage)
def certificate_list(request: HttpRequest) -> HttpResponse:
    today = certificate_selectors.today()
    text = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("status", "")
    rows = certificate_selectors.all_certificates(text=text, state=state, on=today)
    if request.GET.get("format") in {"csv", "xlsx"}:
        return exports.table_response(
            request.GET["format"],
            "zertifikate",
            [_("Number"), _("Employer"), _("Round"), _("Issued on"), _("Valid until"), _("Status")],
            (
                [
                    c.number,
                    c.employer_name,
                    c.round.name,
                    c.issued_on,
                    c.valid_until,
                    c.status(today),
                ]
                for c in rows
            ),
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "employers/evaluation/certificates.html",
        {
            "page": page,
            "rows": [(c, c.status(today), Certificate.State(c.status(today)).label) for c in page],
            "q": text,
            "state": state,
            "states": Certificate.State.choices,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require(permissions.can_manage)
def revoke(request: HttpRequest, number: str) -> HttpResponse:
    certificate = certificate_selectors.by_number(number)
    if certificate is None:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        try:
            certificate_services.revoke(certificate, actor=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error("reason", exc.message_dict.get("reason", exc.messages))
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("employers:certificates")
        else:
            messages.success(
                request,
                _("The certificate %(number)s has been revoked.") % {"number": certificate.number},
            )
            return redirect("employers:certificates")
    return render(
        request,
        "employers/evaluation/revoke.html",
        {"certificate": certificate, "form": form},
        status=422 if form.errors else 200,
    )
