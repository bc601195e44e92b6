"""The back-office page "Übersetzungen": content that misses a language, for coordinators.

Apps name their translated content in their ``translation.py``
(``translated.register_kind``); this page counts and lists what misses the chosen
language, filtered by kind, each row linked to its edit form, a page of 50 rows at a time.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import permissions, translated
from familienrathaus.core.pagination import page_of, query_without_page
from familienrathaus.core.views.access import require

PAGE_SIZE = 50


class FilterForm(forms.Form):
    sprache = forms.ChoiceField(label=_("Language"), required=False)
    art = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sprache"].choices = [  # type: ignore[attr-defined]
            (code, get_language_info(code)["name_local"]) for code in translated.other_languages()
        ]
        self.fields["art"].choices = [("", _("All kinds"))] + [  # type: ignore[attr-defined]
            (kind.key, capfirst(kind.label)) for kind in translated.kinds()
        ]


@require(permissions.can_see_missing_translations)
def missing(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    language = translated.other_languages()[0]
    kind = ""
    if form.is_valid():
        language = form.cleaned_data["sprache"] or language
        kind = form.cleaned_data["art"]
    elif form.is_bound:
        form = FilterForm()
    return render(
        request,
        "core/backoffice/translations.html",
        {
            "form": form,
            "language": language,
            "language_name": get_language_info(language)["name_local"],
            "kind": kind,
            "counts": translated.missing_counts(language),
            "page": page_of(request, translated.missing_items(language, kind), PAGE_SIZE),
            "query": query_without_page(request),
        },
    )
