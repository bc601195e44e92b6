"""The back-office page of the shared vocabularies: themes, audiences, districts, languages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from familienrathaus.core import permissions, services
from familienrathaus.core.forms import vocabulary_form_class
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.core.models.taxonomy import Vocabulary
from familienrathaus.core.views.access import require


@dataclass(frozen=True)
class Kind:
    key: str  # in the URL
    model: type[Vocabulary]
    title: Promise
    add_label: Promise


KINDS = {
    kind.key: kind
    for kind in (
        Kind("themen", Theme, gettext_lazy("Themes"), gettext_lazy("Add a theme")),
        Kind("zielgruppen", Audience, gettext_lazy("Audiences"), gettext_lazy("Add an audience")),
        Kind("ortsteile", District, gettext_lazy("Districts"), gettext_lazy("Add a district")),
        Kind("sprachen", Language, gettext_lazy("Languages"), gettext_lazy("Add a language")),
    )
}


def _kind(key: str) -> Kind:
    if key not in KINDS:
        raise Http404
    return KINDS[key]


def _with_offer_counts(model: type[Vocabulary]) -> QuerySet[Vocabulary]:
    return model._default_manager.annotate(offer_count=Count("offers")).order_by("position", "name")


@require(permissions.can_edit_vocabularies)
def index(request: HttpRequest) -> HttpResponse:
    tables = [(kind, list(_with_offer_counts(kind.model))) for kind in KINDS.values()]
    return render(request, "core/backoffice/vocabularies.html", {"tables": tables})


@require(permissions.can_edit_vocabularies)
def create(request: HttpRequest, kind: str) -> HttpResponse:
    vocabulary = _kind(kind)
    form = vocabulary_form_class(vocabulary.model)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = services.create_vocabulary_entry(
            actor=request.user,  # type: ignore[arg-type]
            model=vocabulary.model,
            fields=form.cleaned_data,
        )
        messages.success(request, _("“%(name)s” was added.") % {"name": entry.name})
        return _back_to_list(kind)
    return render(
        request,
        "core/backoffice/vocabularies_form.html",
        {"form": form, "kind": vocabulary, "heading": vocabulary.add_label},
    )


@require(permissions.can_edit_vocabularies)
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = get_object_or_404(vocabulary.model, pk=pk)
    original_name = entry.name
    form = vocabulary_form_class(vocabulary.model)(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = services.update_vocabulary_entry(
            actor=request.user,  # type: ignore[arg-type]
            entry=entry,
            fields=form.cleaned_data,
        )
        messages.success(request, _("“%(name)s” was saved.") % {"name": entry.name})
        return _back_to_list(kind)
    return render(
        request,
        "core/backoffice/vocabularies_form.html",
        {
            "form": form,
            "kind": vocabulary,
            "entry": entry,
            "heading": _("Edit: %(name)s") % {"name": original_name},
        },
    )


@require(permissions.can_edit_vocabularies)
@require_POST
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    vocabulary = _kind(kind)
    entry = get_object_or_404(vocabulary.model, pk=pk)
    try:
        services.delete_vocabulary_entry(actor=request.user, entry=entry)  # type: ignore[arg-type]
    except services.VocabularyEntryInUse as refusal:
        messages.error(
            request,
            ngettext(
                "“%(name)s” cannot be deleted: %(count)d offer uses it. "
                "Remove it from that offer first.",
                "“%(name)s” cannot be deleted: %(count)d offers use it. "
                "Remove it from those offers first.",
                refusal.offer_count,
            )
            % {"name": entry.name, "count": refusal.offer_count},
        )
    else:
        messages.success(request, _("“%(name)s” was deleted.") % {"name": entry.name})
    return _back_to_list(kind)


def _back_to_list(kind: str) -> HttpResponse:
    response = redirect("core:vocabularies")
    response["Location"] += f"#{kind}"
    return response
