"""The coordinators' programme pages under /verwaltung/arbeitgeber/: rounds (status,
applications and admission, workshops, jury), the catalogue editor, the employers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.capacity import CapacityBusy
from familienrathaus.core.forms import add_errors
from familienrathaus.core.views.access import require
from familienrathaus.employers import forms_programme as forms
from familienrathaus.employers import permissions
from familienrathaus.employers.models import (
    Catalogue,
    Criterion,
    Employer,
    FieldOfAction,
    JuryMember,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.employers.selectors import programme as selectors
from familienrathaus.employers.services import catalogue as catalogue_services
from familienrathaus.employers.services import programme as services

manager = require(permissions.can_manage)


def _round_url(round_: Round | int) -> str:
    return reverse("employers:manage-round", args=[getattr(round_, "pk", round_)])


def _catalogue_url(catalogue: Catalogue, anchor: str = "") -> str:
    return reverse("employers:catalogue", args=[catalogue.pk]) + (f"#{anchor}" if anchor else "")


def _rounds_crumb() -> list[tuple[str, str]]:
    return [(_("Rounds"), reverse("employers:manage-rounds"))]


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Model],
    title: str,
    back: str,
    done: Callable[[Model], str],
    intro: str = "",
    crumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """A form page: valid input is saved by ``save``; errors go next to the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(done(obj))
    return render(
        request,
        "employers/programme/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "crumbs": crumbs or []},
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------ rounds


@manager
def rounds(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employers/programme/rounds.html",
        {"rounds": selectors.rounds_for_manager(), "catalogues": selectors.catalogues()[:5]},
    )


@manager
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk) if pk else None
    initial = {} if round_ else {"catalogue": selectors.latest_catalogue()}
    form = forms.RoundForm(request.POST or None, instance=round_, initial=initial)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.save_round(
            actor=request.user,  # type: ignore[arg-type]
            round_=get_object_or_404(Round, pk=pk) if pk else None,
            values=data,
        ),
        title=round_.name if round_ else _("New round"),
        back=_round_url(round_) if round_ else reverse("employers:manage-rounds"),
        done=_round_url,  # type: ignore[arg-type]
        crumbs=_rounds_crumb(),
    )


@manager
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("catalogue"), pk=pk)
    participations = list(selectors.participations_of_round(round_))
    return render(
        request,
        "employers/programme/round.html",
        {
            "round": round_,
            "applications": [p for p in participations if p.status == Participation.Status.APPLIED],
            "participants": [p for p in participations if p.status in Participation.HOLDS_PLACE],
            "withdrawn": [p for p in participations if p.status == Participation.Status.WITHDRAWN],
            "taken": selectors.places_taken(round_),
            "next_status": [Round.Status(s) for s in services.NEXT_STATUS[round_.status]],
            "workshops": selectors.workshops_of(round_),
            "jury": selectors.jury_of(round_),
            "jury_form": forms.JuryInviteForm(),
        },
    )


@require_POST
@manager
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    try:
        round_ = services.set_round_status(
            actor=request.user,  # type: ignore[arg-type]
            round_=round_,
            status=request.POST.get("status", ""),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request, _("The round is now “%(status)s”.") % {"status": round_.get_status_display()}
        )
    return redirect("employers:manage-round", pk=pk)


# ------------------------------------------------------------------ admission


@require_POST
@manager
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(Participation.objects.select_related("employer"), pk=pk)
    try:
        services.admit(actor=request.user, participation=participation)  # type: ignore[arg-type]
    except CapacityBusy:
        messages.error(request, _("Many admissions at once. Please try again in a moment."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("%(employer)s is admitted; the team was told by e-mail.")
            % {"employer": participation.employer.name},
        )
    return redirect("employers:manage-round", pk=participation.round_id)


@require_POST
@manager
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(Participation.objects.select_related("employer"), pk=pk)
    form = forms.ApplicationNoteForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw(
            actor=request.user,  # type: ignore[arg-type]
            participation=participation,
            reason=reason,
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("The participation of %(employer)s is withdrawn.")
            % {"employer": participation.employer.name},
        )
    return redirect("employers:manage-round", pk=participation.round_id)


# ------------------------------------------------------------------ workshops, jury


@manager
def workshop_new(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    return _form_page(
        request,
        form=forms.WorkshopForm(request.POST or None),
        save=lambda data: services.add_workshop(
            actor=request.user,  # type: ignore[arg-type]
            round_=round_,
            values=data,
        ),
        title=_("New workshop"),
        intro=_(
            "The workshop appears in the event calendar with registration. Only the "
            "round's admitted employers can register."
        ),
        back=_round_url(round_),
        done=lambda obj: _round_url(round_),
        crumbs=_rounds_crumb(),
    )


@require_POST
@manager
def workshop_remove(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(Workshop.objects.select_related("round", "event"), pk=pk)
    services.remove_workshop(actor=request.user, workshop=workshop)  # type: ignore[arg-type]
    messages.success(request, _("The workshop was taken from the round."))
    return redirect("employers:manage-round", pk=workshop.round_id)


@require_POST
@manager
def jury_invite(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    form = forms.JuryInviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_jury(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("employers:manage-round", pk=pk)
    return render(
        request,
        "employers/programme/form.html",
        {
            "form": form,
            "title": _("Invite to the jury"),
            "back": _round_url(round_),
            "crumbs": _rounds_crumb(),
        },
        status=400,
    )


@require_POST
@manager
def jury_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(JuryMember.objects.select_related("round", "user"), pk=pk)
    services.remove_jury(actor=request.user, member=member)  # type: ignore[arg-type]
    messages.success(request, _("The person is no longer on the jury of this round."))
    return redirect("employers:manage-round", pk=member.round_id)


# ------------------------------------------------------------------ employers


@manager
def employers(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "employers/programme/employers.html",
        {"employers": selectors.employers_for_manager(query), "query": query},
    )


@manager
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.select_related("organisation"), pk=pk)
    return render(
        request,
        "employers/programme/employer.html",
        {
            "employer": employer,
            "team": selectors.team_of(employer),
            "participations": selectors.participations_of_employer(employer),
        },
    )


# ------------------------------------------------------------------ catalogue


@manager
def catalogues(request: HttpRequest) -> HttpResponse:
    return render(
        request, "employers/programme/catalogues.html", {"catalogues": selectors.catalogues()}
    )


@manager
def catalogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = get_object_or_404(Catalogue, pk=pk)
    return render(
        request,
        "employers/programme/catalogue.html",
        {
            "catalogue": catalogue,
            "fields": catalogue.fields.prefetch_related("criteria"),
            "rounds": catalogue.rounds.order_by("-starts_on"),
            "draft": Catalogue.objects.filter(based_on=catalogue, frozen_at__isnull=True).first(),
        },
    )


@require_POST
@manager
def catalogue_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = get_object_or_404(Catalogue, pk=pk)
    copy = catalogue_services.new_version(actor=request.user, catalogue=catalogue)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Version %(version)s is ready to edit. Rounds under way keep their version.")
        % {"version": copy.version},
    )
    return redirect("employers:catalogue", pk=copy.pk)


def _catalogue_crumbs(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [
        (_("Catalogues"), reverse("employers:catalogues")),
        (str(catalogue), _catalogue_url(catalogue)),
    ]


def _frozen_redirect(request: HttpRequest, catalogue: Catalogue) -> HttpResponse | None:
    if catalogue.frozen:
        messages.error(
            request,
            _("This version is used by a round and cannot be changed. Please make a new version."),
        )
        return redirect("employers:catalogue", pk=catalogue.pk)
    return None


@manager
def field_edit(request: HttpRequest, pk: int, field: int | None = None) -> HttpResponse:
    catalogue = get_object_or_404(Catalogue, pk=pk)
    instance = get_object_or_404(FieldOfAction, pk=field, catalogue=catalogue) if field else None
    if frozen := _frozen_redirect(request, catalogue):
        return frozen
    return _form_page(
        request,
        form=forms.FieldForm(request.POST or None, instance=instance),
        save=lambda data: catalogue_services.save_field(
            actor=request.user,  # type: ignore[arg-type]
            catalogue=catalogue,
            field=get_object_or_404(FieldOfAction, pk=field) if field else None,
            values=data,
        ),
        title=instance.name if instance else _("New field of action"),
        back=_catalogue_url(catalogue),
        done=lambda obj: _catalogue_url(catalogue, f"feld-{obj.pk}"),
        crumbs=_catalogue_crumbs(catalogue),
    )


@manager
def criterion_edit(request: HttpRequest, pk: int, criterion: int | None = None) -> HttpResponse:
    field = get_object_or_404(FieldOfAction.objects.select_related("catalogue"), pk=pk)
    catalogue = field.catalogue
    instance = get_object_or_404(Criterion, pk=criterion, field=field) if criterion else None
    if frozen := _frozen_redirect(request, catalogue):
        return frozen
    return _form_page(
        request,
        form=forms.CriterionForm(request.POST or None, instance=instance),
        save=lambda data: catalogue_services.save_criterion(
            actor=request.user,  # type: ignore[arg-type]
            field=field,
            criterion=get_object_or_404(Criterion, pk=criterion) if criterion else None,
            values=data,
        ),
        title=_("Edit statement") if instance else _("New statement"),
        intro=_("Field of action: %(field)s") % {"field": field.name},
        back=_catalogue_url(catalogue, f"feld-{field.pk}"),
        done=lambda obj: _catalogue_url(catalogue, f"feld-{field.pk}"),
        crumbs=_catalogue_crumbs(catalogue),
    )


@require_POST
@manager
def catalogue_item(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """Delete or move a field of action (``kind="feld"``) or a statement (``"aussage"``)."""
    item: FieldOfAction | Criterion
    if action not in ("loeschen", "hoch", "runter") or kind not in ("feld", "aussage"):
        raise Http404
    if kind == "feld":
        field: FieldOfAction = get_object_or_404(
            FieldOfAction.objects.select_related("catalogue"), pk=pk
        )
        item, catalogue = field, field.catalogue
    else:
        criterion: Criterion = get_object_or_404(
            Criterion.objects.select_related("field__catalogue"), pk=pk
        )
        item, catalogue = criterion, criterion.field.catalogue
    try:
        if action == "loeschen":
            if isinstance(item, FieldOfAction):
                catalogue_services.delete_field(actor=request.user, field=item)  # type: ignore[arg-type]
            else:
                catalogue_services.delete_criterion(actor=request.user, criterion=item)  # type: ignore[arg-type]
            messages.success(request, _("Deleted."))
        else:
            catalogue_services.move(actor=request.user, item=item, up=action == "hoch")  # type: ignore[arg-type]
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("employers:catalogue", pk=catalogue.pk)
