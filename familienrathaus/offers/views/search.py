"""The public search of offers at /angebote/: one GET form, works without JavaScript.

Parameters: ``q`` (text), ``theme``, ``audience``, ``district``, ``language``, ``cost``
(each repeatable), ``age``, ``sort`` and ``page``. Every link on the page (facets,
removing a filter, pages) is this URL with the parameters changed, so a search can be
bookmarked, shared or printed on a postcard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from familienrathaus.offers.search import (
    OfferSearchResult,
    age_label,
    entry_themes,
    search_offers,
)

PER_PAGE = 20
# URL parameter → facet of the result, with the legend of its fieldset.
FACET_PARAMETERS = [
    ("theme", "themes", _("Theme")),
    ("audience", "audiences", _("Who it is for")),
    ("cost", "costs", _("Cost")),
    ("district", "districts", _("District")),
    ("language", "languages", _("Language")),
]
SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("title", _("Title (A–Z)")),
    ("newest", _("Newest first")),
]


class OfferSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=200,
        help_text=_("For example: Stillberatung, Babyschwimmen, Hausaufgabenhilfe"),
        widget=forms.TextInput(attrs={"type": "search", "form": "offer-search"}),
    )
    age = forms.IntegerField(
        label=_("Age of your child"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("In years; for offers for adults, enter 18."),
        widget=forms.NumberInput(attrs={"form": "offer-search", "inputmode": "numeric"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SORT_CHOICES,
        widget=forms.Select(attrs={"form": "offer-search"}),
    )


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_url: str


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class _Links:
    """Addresses of this page with the query changed; any page number is dropped."""

    def __init__(self, params: QueryDict) -> None:
        self.base = reverse("offers:list")
        self.params = params

    def url(self, *, drop: tuple[str, str] | None = None, **changes: str | int | None) -> str:
        """``drop=(name, value)`` removes one value of a list; a change to None removes
        the parameter."""
        query = self.params.copy()
        query.pop("page", None)
        if drop:
            name, value = drop
            query.setlist(name, [item for item in query.getlist(name) if item != value])
        for name, change in changes.items():
            if change is None:
                query.pop(name, None)
            else:
                query[name] = str(change)
        # Empty parameters (an empty search field) only lengthen the address.
        for name in [name for name, values in query.lists() if not any(values)]:
            query.pop(name)
        encoded = query.urlencode()
        return self.base + (f"?{encoded}" if encoded else "")

    def page(self, number: int) -> str:
        return self.url(page=number if number > 1 else None)

    def pages(self, result: OfferSearchResult) -> list[dict[str, Any]]:
        """Page links: the first, the last and two either side of the current one."""
        around = range(max(1, result.page - 2), min(result.pages, result.page + 2) + 1)
        links: list[dict[str, Any]] = []
        previous = 0
        for number in sorted({1, result.pages, *around}):
            if number - previous > 1:
                links.append({"gap": True})
            links.append(
                {"number": number, "url": self.page(number), "current": number == result.page}
            )
            previous = number
        return links


def _filters(
    result: OfferSearchResult, links: _Links, age: int | None
) -> tuple[list[dict[str, Any]], list[ActiveFilter]]:
    """The fieldsets of the facets, and the active filters with their removal links."""
    groups = []
    active: list[ActiveFilter] = []
    for param, facet, legend in FACET_PARAMETERS:
        values = result.facets.get(facet, [])
        groups.append({"param": param, "legend": legend, "values": values})
        active += [
            ActiveFilter(f"{legend}: {value.label}", links.url(drop=(param, value.value)))
            for value in values
            if value.selected
        ]
    if age is not None:
        legend = _("Age")
        active.append(ActiveFilter(f"{legend}: {age_label(age)}", links.url(age=None)))
    return groups, active


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = OfferSearchForm(request.GET)
    form.is_valid()  # invalid fields show their error and are left out of the search
    data = form.cleaned_data
    params = request.GET.copy()
    for name in form.errors:  # links on the page carry only what was understood
        params.pop(name, None)
    links = _Links(params)
    text = data.get("q") or ""
    age = data.get("age")
    selected = {facet: request.GET.getlist(param) for param, facet, _legend in FACET_PARAMETERS}
    result = search_offers(
        text=text,
        themes=selected["themes"],
        audiences=selected["audiences"],
        districts=selected["districts"],
        languages=selected["languages"],
        costs=selected["costs"],
        age=age,
        sort=data.get("sort") or "relevance",
        page=_page_number(request.GET.get("page")),
        per_page=PER_PAGE,
    )
    facet_groups, active = _filters(result, links, age)
    filter_params = [param for param, _facet, _legend in FACET_PARAMETERS] + ["age"]
    first = (result.page - 1) * result.per_page + 1
    context = {
        "form": form,
        "result": result,
        "text": text,
        "facet_groups": facet_groups,
        "age_choices": [
            {"facet": value, "url": links.url(age=value.value)}
            for value in result.facets.get("ages", [])
        ],
        "active_filters": active,
        "clear_filters_url": links.url(**dict.fromkeys(filter_params)),
        "clear_text_url": links.url(q=None),
        "page_links": links.pages(result) if result.pages > 1 else [],
        "previous_url": links.page(result.page - 1) if result.page > 1 else "",
        "next_url": links.page(result.page + 1) if result.page < result.pages else "",
        "first_number": first,
        "last_number": first + len(result.offers) - 1,
        # Where to start when nothing was found: the themes.
        "themes": [] if result.total else entry_themes(),
    }
    return render(request, "offers/search.html", context)
