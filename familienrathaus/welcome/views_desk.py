"""The coordinators' desk under /verwaltung/babybegruessung/: the list of registrations
and one registration's page with every step and its history.

Each step (check, prepare the package, hand over, decline, duplicate decision, note)
posts to its own address and calls one service in ``services/desk.py``. On bad input
the registration's page comes back with the form as typed and the message next to the
field; a step that is no longer possible (someone else was quicker) is a message.
Whoever is not a coordinator gets 404, as everywhere in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.exports import table_response
from familienrathaus.core.forms import add_errors
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require
from familienrathaus.welcome import forms_desk, permissions
from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.selectors import desk as selectors
from familienrathaus.welcome.selectors import registrations as registration_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.selectors import stock as stock_selectors
from familienrathaus.welcome.services import desk as services

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


# Coordinators only: the login for anonymous visitors, 404 for everyone else.
coordinators = require(permissions.can_manage, hide=True)


# --------------------------------------------------------------------------- the list


@coordinators
def registration_list(request: HttpRequest) -> HttpResponse:
    form = forms_desk.DeskFilterForm(request.GET or None)
    found = selectors.registrations(**form.filters())
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return _export(file_format, found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "welcome/desk/list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "counts": selectors.counts(),
            "low_stock": stock_selectors.low_items(),
            "query": query_without_page(request),
            "filtered": bool(request.GET.keys() - {"page"}),
        },
    )


def _export(file_format: str, found: Any) -> HttpResponse:
    """The filtered list for Excel: what the desk shows, without bank details."""
    header = [
        _("Reference"),
        _("Status"),
        _("Eligibility"),
        _("Date of birth"),
        _("First child"),
        _("Parents"),
        _("Address"),
        _("District"),
        _("Language"),
        _("Package"),
        _("Appointment"),
        _("How registered"),
        _("Registered"),
        _("Possible duplicate of"),
    ]
    rows = (
        (
            r.reference,
            r.get_status_display(),
            r.get_eligibility_display(),
            r.birth_date,
            _("yes") if r.first_born else _("no"),
            r.parent_names,
            f"{r.street}, {r.postcode} {r.town}",
            r.district.name if r.district else "",
            r.language,
            r.get_delivery_display(),
            r.slot.starts_at if r.slot else "",
            r.get_channel_display(),
            r.created_at,
            r.possible_duplicate_of.reference if r.is_duplicate else "",
        )
        for r in found.iterator(chunk_size=500)
    )
    return table_response(file_format, "babybegruessung", header, rows)


# --------------------------------------------------------------------------- one registration


def _forms(registration: Registration, **bound: Any) -> dict[str, Any]:
    settings_row = settings_selectors.get()
    default_version = (
        Registration.PackageVersion.FIRST
        if registration.first_born
        else Registration.PackageVersion.SIBLING
    )
    default_handover = services.HANDOVER_FOR_DELIVERY.get(registration.delivery)  # type: ignore[call-overload]
    forms = {
        "check_form": forms_desk.CheckForm(
            proof=settings_row.proof_required,
            initial={"proof_seen": registration.proof_seen},
        ),
        "prepare_form": forms_desk.PrepareForm(
            initial={
                "version": default_version,
                "language": registration.package_language or registration.language,
            }
        ),
        "complete_form": forms_desk.CompleteForm(initial={"handover": default_handover}),
        "decline_form": forms_desk.DeclineForm(),
        "note_form": forms_desk.NoteForm(initial={"note": registration.staff_note}),
    }
    forms.update(bound)
    return forms


def _detail(
    request: HttpRequest, registration: Registration, status: int = 200, **bound: Any
) -> HttpResponse:
    other = registration.possible_duplicate_of
    return render(
        request,
        "welcome/desk/detail.html",
        {
            "registration": registration,
            "duplicate": other if selectors.is_open_duplicate(registration) else None,
            "history": selectors.history_rows(registration),
            "grant_panel": _optional("welcome/grants/_panel.html"),
            "package_items": selectors.package_items(registration),
            "language": forms_desk.language_name(registration.language),
            "package_language": forms_desk.language_name(registration.package_language),
            "proof": settings_selectors.get().proof_required,
            "low_stock": stock_selectors.low_items(),
            **_forms(registration, **bound),
        },
        status=status,
    )


@coordinators
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_selectors.get_registration_or_404(request.user, pk)
    return _detail(request, registration)


def _step(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    form_name: str,
    act: Callable[[Registration, dict[str, Any]], Any],
    done: str,
    anchor: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    registration = registration_selectors.get_registration_or_404(request.user, pk)
    form = form_class(request.POST, **(form_kwargs or {}))
    if form.is_valid():
        try:
            act(registration, form.cleaned_data)
        except services.StepRefused as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(registration_url(pk))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(registration_url(pk) + anchor)
    return _detail(request, registration, status=400, **{form_name: form})


def _optional(template: str) -> str:
    """A part's panel on the registration's page, when that part is installed."""
    try:
        get_template(template)
    except TemplateDoesNotExist:
        return ""
    return template


def registration_url(pk: int) -> str:
    return reverse("welcome:desk-detail", args=[pk])


@require_POST
@coordinators
def check(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=forms_desk.CheckForm,
        form_name="check_form",
        form_kwargs={"proof": settings_selectors.get().proof_required},
        act=lambda registration, data: services.check(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            eligible=data["decision"] == "eligible",
            reason=data["reason"],
            proof_seen=data["proof_seen"],
        ),
        done=_("The decision was saved."),
        anchor="#schritte",
    )


@require_POST
@coordinators
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=forms_desk.PrepareForm,
        form_name="prepare_form",
        act=lambda registration, data: services.prepare(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            version=data["version"],
            language=data["language"],
        ),
        done=_("The package is prepared; its items were taken from the stock."),
        anchor="#schritte",
    )


@require_POST
@coordinators
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=forms_desk.CompleteForm,
        form_name="complete_form",
        act=lambda registration, data: services.complete(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            handover=data["handover"],
        ),
        done=_("Done: the package reached the family."),
        anchor="#schritte",
    )


@require_POST
@coordinators
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=forms_desk.DeclineForm,
        form_name="decline_form",
        act=lambda registration, data: services.decline(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            reason=data["reason"],
        ),
        done=_("The registration was declined."),
        anchor="#schritte",
    )


@require_POST
@coordinators
def note(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=forms_desk.NoteForm,
        form_name="note_form",
        act=lambda registration, data: services.save_note(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            note=data["note"],
        ),
        done=_("The note was saved."),
        anchor="#notiz",
    )


@require_POST
@coordinators
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_selectors.get_registration_or_404(request.user, pk)
    answer = request.POST.get("same")
    if answer not in {"yes", "no"}:
        messages.error(request, _("Say whether it is the same child."))
        return redirect(registration_url(pk))
    try:
        services.resolve_duplicate(
            actor=request.user,  # type: ignore[arg-type]
            registration=registration,
            same=answer == "yes",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("This registration was declined as the same child.")
            if answer == "yes"
            else _("Marked as not the same child."),
        )
    return redirect(registration_url(pk))
