"""The public search of offers: full text, facets with counts, sorting, pages.

The offers app calls :func:`reindex` after every write of an offer; only published
offers are in the index. :func:`search_offers` answers the public list (/angebote/)
and the API. The full text comes from the generic engine in
:mod:`familienrathaus.search.engine` (SQLite FTS5 or PostgreSQL full-text search;
its docstring says what each can match); filters, facets and the orders by title
and date come from bitsets of the published offers
(:mod:`familienrathaus.search.facets`), built by :func:`_build_facet_index` with a
handful of queries after each change, so they behave the same on both databases.

Facets are *disjunctive*: values of one facet are OR-ed (theme A or theme B), facets
are AND-ed, and the count next to a value is the number of results one would get
with that value ticked in addition, i.e. counted with the text and all *other*
facets' filters applied but not the facet's own. A page costs a fixed number of
queries whatever it shows: the index token, the four vocabularies, the full text
(if any), and the offers of the page with their partner and themes.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familienrathaus.core import tenancy
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers.models import Offer
from familienrathaus.search import engine, facets, german
from familienrathaus.search import languages as content_languages

KIND = "offers.offer"
SORTS = ("relevance", "title", "newest")
MAX_PER_PAGE = 100

# The age facet: representative ages; the count is of offers whose age range holds it.
AGE_GROUPS: list[tuple[int, Promise]] = [
    (0, _("Babies, under 1 year")),
    (2, _("Toddlers, 2 years")),
    (4, _("Kindergarten age, 4 years")),
    (8, _("Primary school age, 8 years")),
    (12, _("Older children, 12 years")),
    (15, _("Teenagers, 15 years")),
    (18, _("Adults, 18 years")),
]


@dataclass(frozen=True)
class FacetValue:
    value: str  # the slug (or cost value, or age) as in the URL
    label: str
    count: int
    selected: bool = False


@dataclass
class OfferSearchResult:
    offers: list[Offer]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    per_page: int = 20


@dataclass(frozen=True)
class _Vocabulary:
    """A many-to-many facet: the vocabulary model and the field on Offer."""

    name: str
    model: type[Theme] | type[Audience] | type[District] | type[Language]
    column: str  # of the through table: "theme_id", …


VOCABULARIES = (
    _Vocabulary("themes", Theme, "theme_id"),
    _Vocabulary("audiences", Audience, "audience_id"),
    _Vocabulary("districts", District, "district_id"),
    _Vocabulary("languages", Language, "language_id"),
)
FACETS = ("themes", "audiences", "districts", "languages", "costs", "ages")


# --------------------------------------------------------------------------- index


# The offer's own texts; an offer is indexed in every language one of them is written in.
TEXT_FIELDS = ("title", "summary", "description", "cost_note", "times_note")


def _documents(offer: Offer) -> list[engine.Document]:
    """The offer's entries: German, and one per language it is translated into (its
    texts in that language, the vocabularies' names in it or else in German)."""
    documents = []
    for code in content_languages.languages_with_text(offer, TEXT_FIELDS):
        names = [
            offer.organisation.name,
            *(
                content_languages.text_or_german(term, "name", code)
                for terms in (offer.themes, offer.audiences, offer.districts, offer.languages)
                for term in terms.all()
            ),
            *(
                " ".join(part for part in (location.label, location.city) if part)
                for location in offer.locations.all()
            ),
        ]
        texts = [content_languages.text(offer, name, code) for name in TEXT_FIELDS]
        body = "\n".join(part for part in (*texts[1:], *names) if part)
        title = texts[0] or content_languages.text(offer, "title", content_languages.GERMAN)
        documents.append(engine.Document(object_id=offer.pk, title=title, body=body, language=code))
    return documents


def _with_related(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("organisation").prefetch_related(
        "themes", "audiences", "districts", "languages", "locations"
    )


def reindex(offer: Offer) -> None:
    """Bring the index entry of ``offer`` up to date; drop it unless it is published."""
    if offer.pk is None:
        return
    current = _with_related(Offer.objects.filter(pk=offer.pk)).first()
    if current is None or current.status != Offer.Status.PUBLISHED:
        engine.remove(KIND, [offer.pk])
        return
    engine.put(KIND, _documents(current))


def reindex_all() -> int:
    """Rebuild the index of all published offers; returns how many were indexed."""
    offers = _with_related(Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("pk"))
    return engine.rebuild(
        KIND,
        (document for offer in offers.iterator(chunk_size=500) for document in _documents(offer)),
    )


# --------------------------------------------------------------------------- search


def _build_facet_index() -> facets.FacetIndex:
    """Bitsets of the published offers (see :mod:`familienrathaus.search.facets`)."""
    # The titles as written in each language (raw columns, no fallback): "title:<code>".
    title_columns = {
        code: column
        for code in content_languages.codes()
        if (column := content_languages.column(Offer, "title", code))
    }
    rows = list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED).values_list(
            "id",
            title_columns[content_languages.GERMAN],
            "published_at",
            "cost",
            "age_min",
            "age_max",
        )
    )
    published = {row[0] for row in rows}
    index = facets.FacetIndex(everything=facets.bits(published))
    by_title = sorted(rows, key=lambda row: (german.fold(row[1]), row[0]))
    by_date = sorted(rows, key=lambda row: (row[2] is not None, row[2], row[0]), reverse=True)
    index.orders = {
        "title": array("q", [row[0] for row in by_title]),
        "newest": array("q", [row[0] for row in by_date]),
    }
    german_titles = {row[0]: row[1] for row in rows}
    for code, column in title_columns.items():
        if code == content_languages.GERMAN:
            continue
        translated = dict(
            Offer.objects.filter(status=Offer.Status.PUBLISHED)
            .exclude(**{column: ""})
            .exclude(**{f"{column}__isnull": True})
            .values_list("id", column)
        )
        if translated:  # else the German order serves
            titles = {pk: translated.get(pk) or title for pk, title in german_titles.items()}
            ordered = sorted(titles, key=lambda pk: (german.fold(titles[pk]), pk))
            index.orders[f"title:{code}"] = array("q", ordered)
    costs: dict[object, list[int]] = defaultdict(list)
    ages: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    for pk, _title, _published_at, cost, age_min, age_max in rows:
        costs[cost].append(pk)
        ages[(age_min, age_max)].append(pk)
    index.values["costs"] = {cost: facets.bits(ids) for cost, ids in costs.items()}
    index.ranges["ages"] = {span: facets.bits(ids) for span, ids in ages.items()}
    for vocabulary in VOCABULARIES:
        through = getattr(Offer, vocabulary.name).through
        tagged: dict[object, list[int]] = defaultdict(list)
        # The through table has no alliance of its own: the offers' says whose tags.
        tags = through.objects.filter(offer__alliance=tenancy.require())
        for offer_id, term_id in tags.values_list("offer_id", vocabulary.column):
            if offer_id in published:
                tagged[term_id].append(offer_id)
        index.values[vocabulary.name] = {term: facets.bits(ids) for term, ids in tagged.items()}
    return index


def _clean_slugs(values: Iterable[str]) -> set[str]:
    return {str(value) for value in values if value}


def search_offers(
    *,
    text: str = "",
    themes: Iterable[str] = (),
    audiences: Iterable[str] = (),
    districts: Iterable[str] = (),
    languages: Iterable[str] = (),
    costs: Iterable[str] = (),
    age: int | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> OfferSearchResult:
    """Published offers matching ``text`` and the filters, one page of them, and facets.

    Values of one facet are OR-ed, facets AND-ed; unknown slugs match nothing, unknown
    costs are ignored. ``sort`` "relevance" without a text sorts by title. A ``page``
    beyond the last gives the last page.
    """
    selected: dict[str, set[str]] = {
        "themes": _clean_slugs(themes),
        "audiences": _clean_slugs(audiences),
        "districts": _clean_slugs(districts),
        "languages": _clean_slugs(languages),
        "costs": _clean_slugs(costs) & set(Offer.Cost.values),
    }
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    sort = sort if sort in SORTS else "relevance"

    # The vocabularies, for slugs → ids and the facets' labels (four small queries).
    terms: dict[str, list[Any]] = {
        vocabulary.name: list(vocabulary.model.objects.only("id", "slug", "name"))
        for vocabulary in VOCABULARIES
    }
    index = facets.facet_index(KIND, _build_facet_index)

    # One bitset per active filter; the text is one more.
    filters: dict[str, int] = {}
    for vocabulary in VOCABULARIES:
        wanted = selected[vocabulary.name]
        if wanted:
            ids = [term.pk for term in terms[vocabulary.name] if term.slug in wanted]
            filters[vocabulary.name] = index.any_of(vocabulary.name, ids)
    if selected["costs"]:
        filters["costs"] = index.any_of("costs", selected["costs"])
    if age is not None:
        filters["ages"] = index.holding("ages", age)
    matching_text = index.everything
    matches = engine.search(KIND, text, ranked=sort == "relevance") if text.strip() else None
    if matches is not None:
        matching_text &= matches.bits

    def matching(*, without: str = "") -> int:
        bitset = matching_text
        for name, condition in filters.items():
            if name != without:
                bitset &= condition
        return bitset

    results = matching()
    total = results.bit_count()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    upto = page * per_page
    if matches is not None and matches.order is not None and sort == "relevance":
        ids = facets.take(matches.order, results, upto)
    else:
        order = "newest" if sort == "newest" else f"title:{content_languages.current()}"
        if order not in index.orders:
            order = "newest" if sort == "newest" else "title"
        ids = index.ordered(order, results, limit=upto)
    page_ids = ids[(page - 1) * per_page : upto]
    found = (
        Offer.objects.filter(pk__in=page_ids, status=Offer.Status.PUBLISHED)
        .select_related("organisation")
        .prefetch_related("themes")
        .in_bulk()
    )
    offers = [found[pk] for pk in page_ids if pk in found]

    facet_values = {
        vocabulary.name: _facet(
            terms[vocabulary.name],
            index.counts(vocabulary.name, matching(without=vocabulary.name)),
            selected[vocabulary.name],
        )
        for vocabulary in VOCABULARIES
    }
    cost_counts = index.counts("costs", matching(without="costs"))
    facet_values["costs"] = [
        FacetValue(value, str(label), cost_counts.get(value, 0), value in selected["costs"])
        for value, label in Offer.Cost.choices
        if cost_counts.get(value) or value in selected["costs"]
    ]
    facet_values["ages"] = _age_facet(index, matching(without="ages"), age)
    return OfferSearchResult(
        offers=offers, total=total, page=page, pages=pages, facets=facet_values, per_page=per_page
    )


def _facet(terms: list[Any], counts: dict[object, int], wanted: set[str]) -> list[FacetValue]:
    return [
        FacetValue(term.slug, str(term), counts.get(term.pk, 0), term.slug in wanted)
        for term in terms
        if counts.get(term.pk) or term.slug in wanted
    ]


def entry_themes() -> list[Theme]:
    """All themes, as ways into the guide (e.g. when nothing was found)."""
    return list(Theme.objects.all())


def age_label(age: int) -> str:
    for value, label in AGE_GROUPS:
        if value == age:
            return str(label)
    return ngettext("%(age)d year", "%(age)d years", age) % {"age": age}


def _age_facet(index: facets.FacetIndex, within: int, age: int | None) -> list[FacetValue]:
    ages = [value for value, _label in AGE_GROUPS]
    if age is not None and age not in ages:
        ages = sorted([*ages, age])
    values = []
    for value in ages:
        count = (index.holding("ages", value) & within).bit_count()
        if count or value == age:
            values.append(FacetValue(str(value), age_label(value), count, value == age))
    return values
