"""The employers' own pages under /arbeitgeber/: registering an employer (or a partner
organisation joining as employer), "Mein Arbeitgeber" with the participations and open
rounds, the employer's details, the team and its invitations, applying and withdrawing.

Whatever belongs to another employer answers 404 (``selectors.get_*_or_404``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.forms import add_errors
from familienrathaus.employers import forms_registration as forms
from familienrathaus.employers import permissions
from familienrathaus.employers.models import EmployerMember, Participation, Round
from familienrathaus.employers.selectors import programme as selectors
from familienrathaus.employers.services import programme as programme_services
from familienrathaus.employers.services import registration as services
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.selectors import organisations_of

# ------------------------------------------------------------------ Mein Arbeitgeber


def home(request: HttpRequest) -> HttpResponse:
    """The team's start page; for visitors and new people: what the programme is."""
    employers = permissions.employers_of(request.user)
    entries = [
        {
            "employer": employer,
            "participations": selectors.participations_of_employer(employer),
            "is_contact": permissions.is_contact(request.user, employer),
        }
        for employer in employers
    ]
    applied = {
        (p.employer_id, p.round_id)
        for e in entries
        for p in e["participations"]  # type: ignore[attr-defined]
    }
    return render(
        request,
        "employers/registration/home.html",
        {
            "entries": entries,
            "open_rounds": [
                {
                    "round": round_,
                    "employers": [e for e in employers if (e.pk, round_.pk) not in applied],
                }
                for round_ in selectors.open_rounds()
                if round_.accepts_applications()
            ],
            "jury": permissions.is_jury_anywhere(request.user),
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Register a new employer; partner staff may join with their organisation
    (``?organisation=<id>``): its name and website are taken over."""
    organisation: Organisation | None = None
    own_organisations = (
        list(organisations_of(request.user))  # type: ignore[arg-type]
        if request.user.is_partner_staff  # type: ignore[union-attr]
        else []
    )
    if org_id := request.GET.get("organisation", ""):
        organisation = next((o for o in own_organisations if str(o.pk) == org_id), None)
        if organisation is None:
            raise Http404
    initial = {"member_name": request.user.name}  # type: ignore[union-attr]
    if organisation is not None:
        initial.update(name=organisation.name, website=organisation.website)
    form = forms.RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = services.register_employer(
                user=request.user,  # type: ignore[arg-type]
                values=data,
                member_name=data["member_name"],
                position=data["position"],
                organisation=organisation,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(employer)s is registered. Now invite your team and apply for a round.")
                % {"employer": employer.name},
            )
            return redirect("employers:team-home")
    joined = {e.organisation_id for e in permissions.employers_of(request.user)}
    return render(
        request,
        "employers/registration/register.html",
        {
            "form": form,
            "organisation": organisation,
            "partner_organisations": [o for o in own_organisations if o.pk not in joined],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.get_employer_or_404(request.user, pk)
    if not permissions.can_edit_employer(request.user, employer):
        raise Http404
    form = forms.EmployerForm(request.POST or None, request.FILES or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        logo = request.FILES.get("logo") and data.get("logo")
        try:
            services.update_employer(
                actor=request.user,  # type: ignore[arg-type]
                employer=employer,
                values={k: v for k, v in data.items() if k != "logo"},
                logo=logo or None,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("employers:team-home")
    return render(
        request,
        "employers/registration/employer_form.html",
        {"form": form, "employer": employer},
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------ team


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    employer = selectors.get_employer_or_404(request.user, pk)
    may_edit = permissions.can_edit_employer(request.user, employer)
    form = forms.InviteMemberForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.invite_member(
                    actor=request.user,  # type: ignore[arg-type]
                    employer=employer,
                    email=data["email"],
                    name=data["name"],
                    position=data["position"],
                    role=data["role"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is in the team and was told by e-mail.") % {"name": data["name"]},
                )
                return redirect("employers:team", pk=employer.pk)
    return render(
        request,
        "employers/registration/team.html",
        {
            "employer": employer,
            "members": selectors.team_of(employer),
            "form": form if may_edit else None,
            "may_edit": may_edit,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(EmployerMember.objects.select_related("employer", "user"), pk=pk)
    if not permissions.can_edit_employer(request.user, member.employer):
        raise Http404
    try:
        services.remove_member(actor=request.user, member=member)  # type: ignore[arg-type]
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("%(name)s is no longer in the team.") % {"name": member})
    if member.user_id == request.user.pk and not permissions.is_team_member(
        request.user, member.employer
    ):
        return redirect("employers:team-home")
    return redirect("employers:team", pk=member.employer_id)


# ------------------------------------------------------------------ applying


@login_required
def apply(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    employer = selectors.get_employer_or_404(request.user, pk)
    if not permissions.can_apply(request.user, employer):
        raise Http404
    round_ = get_object_or_404(Round, pk=round_pk, status=Round.Status.OPEN)
    form = forms.ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participation = programme_services.apply(
                actor=request.user,  # type: ignore[arg-type]
                employer=employer,
                round_=round_,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your application for “%(round)s” was sent. The coordination office "
                    "will tell you by e-mail when you are admitted."
                )
                % {"round": round_.name},
            )
            return redirect("employers:participation", pk=participation.pk)
    return render(
        request,
        "employers/registration/apply.html",
        {
            "form": form,
            "employer": employer,
            "round": round_,
            "places_left": (
                max(0, round_.max_employers - selectors.places_taken(round_))
                if round_.max_employers
                else None
            ),
            "workshops": selectors.workshops_of(round_),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's page of one participation: where it stands, what comes next."""
    row = selectors.get_participation_or_404(request.user, pk)
    if not permissions.is_team_member(request.user, row.employer_id) and not (
        permissions.can_manage(request.user)
    ):
        raise Http404  # the jury reviews on its own pages
    return render(
        request,
        "employers/registration/participation.html",
        {
            "participation": row,
            "employer": row.employer,
            "round": row.round,
            "workshops": selectors.workshops_of(row.round),
            "editable": permissions.can_edit_participation(request.user, row),
            "steps": _steps(row),
            "certificate": getattr(row, "certificate", None)
            if row.status == Participation.Status.CERTIFIED
            else None,
        },
    )


def _steps(row: Participation) -> list[dict[str, object]]:
    order = [
        Participation.Status.APPLIED,
        Participation.Status.ADMITTED,
        Participation.Status.ASSESSING,
        Participation.Status.SUBMITTED,
        Participation.Status.EVALUATION,
        Participation.Status.CERTIFIED,
    ]
    statuses = [str(status) for status in order]
    current = statuses.index(row.status) if row.status in statuses else len(order)
    if row.status == Participation.Status.NOT_YET:
        current = len(order) - 1
    labels = [Participation.Status(status).label for status in order]
    if row.status == Participation.Status.NOT_YET:
        labels[-1] = Participation.Status.NOT_YET.label
    return [
        {
            "label": labels[i],
            "done": i < current,
            "current": i == current,
        }
        for i, status in enumerate(order)
    ]


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.get_participation_or_404(request.user, pk)
    if not permissions.can_apply(request.user, row.employer):
        raise Http404
    try:
        programme_services.withdraw(actor=request.user, participation=row)  # type: ignore[arg-type]
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Your participation is withdrawn."))
    return redirect("employers:team-home")
