"""Back office (/verwaltung/partner/…): partner staff keep their own organisation's
profile, addresses and contact persons up to date; coordinators keep all of them,
create organisations and decide who works for which."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.exports import table_response
from familienrathaus.core.models import User
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require
from familienrathaus.partners import permissions, selectors, services
from familienrathaus.partners.forms import (
    AddressForm,
    BackofficeFilterForm,
    ContactPersonForm,
    CoordinatorOrganisationForm,
    MemberForm,
    OrganisationForm,
)
from familienrathaus.partners.models import Organisation

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _organisation_to_change(request: HttpRequest, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_change_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


def _changed(form: BaseForm) -> dict[str, Any]:
    """The cleaned values; the logo only when a new one was uploaded or it was removed."""
    data = dict(form.cleaned_data)
    if "logo" in data and "logo" not in form.changed_data:
        del data["logo"]
    return data


def _save(form: BaseForm, write: Any) -> bool:
    """Run a service; its validation errors land next to the form's fields."""
    try:
        write()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


# --------------------------------------------------------------------------- list


@require(permissions.can_use_partner_backoffice)
def organisation_list(request: HttpRequest) -> HttpResponse:
    may_manage = permissions.can_manage_organisations(request.user)
    form = BackofficeFilterForm(request.GET or None)
    organisations = selectors.backoffice_organisations(request.user, **form.filters())
    file_format = request.GET.get("format")
    if file_format in {"csv", "xlsx"} and may_manage:
        return table_response(
            file_format,
            "partner-organisations",
            [
                _("Name"),
                _("Kind"),
                _("Shown publicly"),
                _("Trusted"),
                _("Website"),
                _("E-mail"),
                _("Phone"),
                _("Address"),
                _("Staff"),
                _("Changed"),
            ],
            (
                (
                    o.name,
                    o.get_kind_display(),
                    _("yes") if o.is_public else _("no"),
                    _("yes") if o.is_trusted else _("no"),
                    o.website,
                    o.email,
                    o.phone,
                    " | ".join(str(a) for a in o.addresses.all()),
                    len(o.memberships.all()),
                    o.updated_at,
                )
                for o in organisations
            ),
        )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/backoffice/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "may_manage": may_manage,
        },
    )


# --------------------------------------------------------------------------- profile


@require(permissions.can_manage_organisations)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = CoordinatorOrganisationForm(request.POST or None, request.FILES or None)
    created: list[Organisation] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: created.append(
                services.create_organisation(actor=_actor(request), fields=_changed(form))
            ),
        )
    ):
        messages.success(request, _("The organisation was created."))
        return redirect("partners:backoffice_edit", pk=created[0].pk)
    return render(request, "partners/backoffice/create.html", {"form": form, "is_create": True})


@require(permissions.can_use_partner_backoffice)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    may_manage = permissions.can_manage_organisations(request.user)
    form_class = CoordinatorOrganisationForm if may_manage else OrganisationForm
    form = form_class(request.POST or None, request.FILES or None, instance=organisation)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.update_organisation(
                actor=_actor(request), organisation=organisation, fields=_changed(form)
            ),
        )
    ):
        messages.success(request, _("The profile was saved."))
        return redirect("partners:backoffice_edit", pk=organisation.pk)
    # A rejected form leaves the unsaved values on the instance; show the stored ones.
    organisation = Organisation.objects.get(pk=organisation.pk)
    return render(
        request,
        "partners/backoffice/edit.html",
        {
            "organisation": organisation,
            "form": form,
            "addresses": selectors.addresses(organisation),
            "contacts": organisation.contacts.order_by("name"),
            "may_manage": may_manage,
            "may_manage_members": permissions.can_manage_members(request.user, organisation),
        },
    )


# ------------------------------------------------------------- addresses and contacts


def _edit_part(
    request: HttpRequest,
    organisation: Organisation,
    *,
    form: BaseForm,
    save: Callable[[User, dict[str, Any]], object],
    template: str,
    saved: str,
    is_new: bool,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if _save(form, lambda: save(_actor(request), fields)):
            messages.success(request, saved)
            return redirect("partners:backoffice_edit", pk=organisation.pk)
    return render(request, template, {"organisation": organisation, "form": form, "is_new": is_new})


@require(permissions.can_use_partner_backoffice)
def address_edit(request: HttpRequest, pk: int, address_pk: int | None = None) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    address = None
    if address_pk is not None:
        address = get_object_or_404(organisation.addresses, pk=address_pk)

    def save(actor: User, fields: dict[str, Any]) -> object:
        if address is None:
            return services.add_address(actor=actor, organisation=organisation, fields=fields)
        return services.update_address(actor=actor, address=address, fields=fields)

    return _edit_part(
        request,
        organisation,
        form=AddressForm(request.POST or None, instance=address),
        save=save,
        template="partners/backoffice/address_form.html",
        saved=_("The address was saved."),
        is_new=address is None,
    )


@require(permissions.can_use_partner_backoffice)
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    contact = None
    if contact_pk is not None:
        contact = get_object_or_404(organisation.contacts, pk=contact_pk)

    def save(actor: User, fields: dict[str, Any]) -> object:
        if contact is None:
            return services.add_contact(actor=actor, organisation=organisation, fields=fields)
        return services.update_contact(actor=actor, contact=contact, fields=fields)

    return _edit_part(
        request,
        organisation,
        form=ContactPersonForm(request.POST or None, instance=contact),
        save=save,
        template="partners/backoffice/contact_form.html",
        saved=_("The contact person was saved."),
        is_new=contact is None,
    )


@require(permissions.can_use_partner_backoffice)
def address_delete(request: HttpRequest, pk: int, address_pk: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    address = get_object_or_404(organisation.addresses, pk=address_pk)
    if request.method == "POST":
        services.delete_address(actor=_actor(request), address=address)
        messages.success(request, _("The address was deleted."))
        return redirect("partners:backoffice_edit", pk=organisation.pk)
    return render(
        request,
        "partners/backoffice/confirm_delete.html",
        {"organisation": organisation, "thing": address, "heading": _("Delete address")},
    )


@require(permissions.can_use_partner_backoffice)
def contact_delete(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    if request.method == "POST":
        services.delete_contact(actor=_actor(request), contact=contact)
        messages.success(request, _("The contact person was deleted."))
        return redirect("partners:backoffice_edit", pk=organisation.pk)
    return render(
        request,
        "partners/backoffice/confirm_delete.html",
        {"organisation": organisation, "thing": contact, "heading": _("Delete contact person")},
    )


# --------------------------------------------------------------------------- members


def _organisation_for_members(request: HttpRequest, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied
    return organisation


@require(permissions.can_use_partner_backoffice)
def members(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_members(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result: list[tuple[Any, bool]] = []
        if _save(
            form,
            lambda: result.append(
                services.invite_member(
                    actor=_actor(request),
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                )
            ),
        ):
            membership, invited = result[0]
            if invited:
                messages.success(
                    request,
                    _("%(email)s got an account and an invitation to set a password.")
                    % {"email": membership.user.email},
                )
            else:
                messages.success(
                    request,
                    _("%(email)s now works for this organisation.")
                    % {"email": membership.user.email},
                )
            return redirect("partners:backoffice_members", pk=organisation.pk)
    return render(
        request,
        "partners/backoffice/members.html",
        {"organisation": organisation, "form": form, "members": selectors.members(organisation)},
    )


@require(permissions.can_use_partner_backoffice)
@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = _organisation_for_members(request, pk)
    membership = get_object_or_404(selectors.members(organisation), pk=membership_pk)
    services.remove_member(actor=_actor(request), membership=membership)
    messages.success(
        request,
        _("%(email)s no longer works for this organisation.") % {"email": membership.user.email},
    )
    return redirect("partners:backoffice_members", pk=organisation.pk)
