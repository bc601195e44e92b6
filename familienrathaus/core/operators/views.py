"""The operators' area (thin views; the work is in services and selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from familienrathaus.core.models.alliance import Alliance
from familienrathaus.core.operators import selectors, services
from familienrathaus.core.operators.forms import (
    AllianceCreateForm,
    AllianceOperatorForm,
    DeleteConfirmForm,
)
from familienrathaus.core.operators.permissions import is_operator
from familienrathaus.core.views.access import require


def _alliance(slug: str) -> Alliance:
    return get_object_or_404(Alliance, slug=slug)


@require(is_operator)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/operators/index.html",
        {"figures": selectors.alliance_figures(), "deletions": services.deletions()},
    )


@require(is_operator)
def create(request: HttpRequest) -> HttpResponse:
    form = AllianceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        alliance = services.create_alliance(
            actor=request.user,  # type: ignore[arg-type]
            slug=form.cleaned_data["slug"],
            name=form.cleaned_data["name"],
            domain=form.cleaned_data["domain"] or None,
            coordinator_email=form.cleaned_data["coordinator_email"],
        )
        messages.success(request, _("The alliance %(name)s was created.") % {"name": alliance})
        return redirect("operators:index")
    return render(request, "core/operators/create.html", {"form": form})


@require(is_operator)
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(slug)
    form = AllianceOperatorForm(request.POST or None, instance=alliance)
    if request.method == "POST" and form.is_valid():
        services.update_alliance(
            actor=request.user,  # type: ignore[arg-type]
            alliance=_alliance(slug),
            fields=form.cleaned_data,
        )
        messages.success(request, _("The settings were saved."))
        return redirect("operators:index")
    return render(request, "core/operators/edit.html", {"form": form, "alliance": alliance})


def _set_active(request: HttpRequest, slug: str, *, active: bool) -> HttpResponse:
    alliance = _alliance(slug)
    if request.method == "POST":
        services.set_active(actor=request.user, alliance=alliance, active=active)  # type: ignore[arg-type]
        if active:
            messages.success(request, _("%(name)s is online again.") % {"name": alliance})
        else:
            messages.success(request, _("%(name)s is suspended.") % {"name": alliance})
        return redirect("operators:index")
    return render(
        request, "core/operators/confirm_active.html", {"alliance": alliance, "active": active}
    )


@require(is_operator)
def suspend(request: HttpRequest, slug: str) -> HttpResponse:
    return _set_active(request, slug, active=False)


@require(is_operator)
def resume(request: HttpRequest, slug: str) -> HttpResponse:
    return _set_active(request, slug, active=True)


@require(is_operator)
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(slug)
    form = DeleteConfirmForm(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        path = services.start_deletion(actor=request.user, alliance=alliance)  # type: ignore[arg-type]
        messages.success(
            request,
            _(
                "%(name)s is suspended and will be deleted in the background. "
                "Its export is written to %(path)s first."
            )
            % {"name": alliance, "path": path},
        )
        return redirect("operators:index")
    return render(
        request,
        "core/operators/delete.html",
        {"alliance": alliance, "form": form, "path": services.export_path(alliance)},
    )
