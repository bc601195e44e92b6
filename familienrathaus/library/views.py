"""The back office's template library ("Vorlagen-Bibliothek"): browse what alliances
published, preview, copy into the own alliance; publish and withdraw the own."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import library
from familienrathaus.core.views.access import require
from familienrathaus.library import forms, permissions, selectors, services
from familienrathaus.library.models import SharedTemplate, TemplateCopy


def _kind(key: str) -> library.TemplateKind:
    kind = library.kind(key)
    if kind is None:
        raise Http404
    return kind


def _handled(request: HttpRequest, key: str) -> library.TemplateKind:
    kind = _kind(key)
    if not permissions.can_handle(request.user, kind):
        raise PermissionDenied
    return kind


def _available(uid: UUID) -> tuple[SharedTemplate, library.TemplateKind]:
    entry = selectors.available(uid)
    if entry is None:
        raise Http404
    return entry, _kind(entry.kind)


@require(permissions.can_use_library)
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:200]
    entries = selectors.library_entries(kind=kind, query=query)
    labels = {k.key: k.label for k in library.kinds()}
    return render(
        request,
        "library/index.html",
        {
            "entries": [(entry, labels.get(entry.kind, "")) for entry in entries],
            "kinds": library.kinds(),
            "kind": kind,
            "query": query,
        },
    )


@require(permissions.can_use_library)
def detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    entry, kind = _available(uid)
    return render(
        request,
        "library/detail.html",
        {
            "entry": entry,
            "kind": kind,
            "payload": entry.payload,
            "may_copy": permissions.can_handle(request.user, kind),
        },
    )


@require(permissions.can_use_library)
def copy(request: HttpRequest, uid: UUID) -> HttpResponse:
    entry, kind = _available(uid)
    _handled(request, entry.kind)
    if request.method == "POST":
        try:
            record, _obj = services.copy(actor=request.user, uid=entry.uid)  # type: ignore[arg-type]
        except SharedTemplate.DoesNotExist as exc:
            raise Http404 from exc
        return redirect("library:copied", pk=record.pk)
    return render(request, "library/copy.html", {"entry": entry, "kind": kind})


@require(permissions.can_use_library)
def copied(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TemplateCopy, pk=pk)
    kind = _kind(record.kind)
    obj = kind.publishable().filter(pk=record.object_id).first()
    return render(
        request,
        "library/copied.html",
        {"record": record, "kind": kind, "url": kind.edit_url(obj) if obj else ""},
    )


@require(permissions.can_use_library)
def ours(request: HttpRequest) -> HttpResponse:
    labels = {k.key: k.label for k in library.kinds()}
    return render(
        request,
        "library/ours.html",
        {
            "entries": [(e, labels.get(e.kind, e.kind)) for e in selectors.own_entries()],
            "copies": [(c, labels.get(c.kind, c.kind)) for c in selectors.own_copies()],
            "publishable": selectors.publishable_by_kind(request.user),
        },
    )


@require(permissions.can_use_library)
def publish(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    template_kind = _handled(request, kind)
    obj = get_object_or_404(template_kind.publishable(), pk=pk)
    existing = selectors.own_entry(kind=kind, source_id=obj.pk)
    initial: dict[str, Any] = {
        "title": existing.title if existing else str(obj)[:200],
        "description": existing.description if existing else "",
    }
    form = forms.PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.publish(
                actor=request.user,  # type: ignore[arg-type]
                kind=kind,
                obj=obj,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Published to the library as version %(version)s.") % {"version": entry.version},
            )
            return redirect("library:ours")
    return render(
        request,
        "library/publish.html",
        {
            "form": form,
            "kind": template_kind,
            "obj": obj,
            "existing": existing,
            "edit_url": template_kind.edit_url(obj),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@require(permissions.can_use_library)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(SharedTemplate, pk=pk)
    services.withdraw(actor=request.user, entry=entry)  # type: ignore[arg-type]
    messages.success(request, _("The template was withdrawn from the library."))
    return redirect("library:ours")
