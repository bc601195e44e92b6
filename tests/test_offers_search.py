"""The public search of offers (/angebote/) on SQLite (FTS5) and PostgreSQL.

What families type, what they tick, and what they get back: word stems and word
parts, facets with counts, age, sorting, pages, the page when nothing is found, and
that only published offers are ever found.
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import SiteSettings
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer
from familienrathaus.partners import services as partner_services
from familienrathaus.search.models import SearchEntry
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def titles(result: search.OfferSearchResult) -> list[str]:
    return [offer.title for offer in result.offers]


def facet(result: search.OfferSearchResult, name: str) -> dict[str, tuple[int, bool]]:
    return {value.value: (value.count, value.selected) for value in result.facets[name]}


def page_titles(response: Any) -> list[str]:
    html = response.content.decode()
    # An English page shows the German title of an offer without translation in <span lang="de">.
    return re.findall(
        r'<h3 class="kern-title"><a href="[^"]+">(?:<span lang="de">)?([^<]+)(?:</span>)?</a></h3>',
        html,
    )


# --------------------------------------------------------------------------- full text


@pytest.fixture
def library() -> None:
    OfferFactory(
        searchable=True,
        title="Familienwegweiser online",
        summary="Alle Angebote für Familien in Musterstadt auf einen Blick.",
    )
    OfferFactory(
        searchable=True,
        title="Beratung zum Stillen",
        summary="Hebammen beraten junge Mütter in der ersten Zeit.",
    )
    OfferFactory(
        searchable=True,
        title="Babyschwimmen im Hallenbad",
        summary="Wassergewöhnung für Babys ab drei Monaten.",
    )
    OfferFactory(
        searchable=True,
        title="Hausaufgabenhilfe",
        summary="Schülerinnen und Schüler lernen gemeinsam.",
        description="Ehrenamtliche helfen bei den Hausaufgaben.",
    )


# query → titles found, per backend. Where the backends agree both entries are equal.
EXPECTATIONS: dict[str, dict[str, set[str]]] = {
    # a word part inside a compound (SQLite: trigram index; PostgreSQL: LIKE on pg_trgm)
    "wegweis": {
        "sqlite": {"Familienwegweiser online"},
        "postgresql": {"Familienwegweiser online"},
    },
    # a compound whose parts stand apart in the text, stemmed ("Stillen" → still)
    "Stillberatung": {
        "sqlite": {"Beratung zum Stillen"},
        "postgresql": {"Beratung zum Stillen"},
    },
    # inflection: plural and verb forms meet in the stem
    "Beratungen": {"sqlite": {"Beratung zum Stillen"}, "postgresql": {"Beratung zum Stillen"}},
    "stillen": {"sqlite": {"Beratung zum Stillen"}, "postgresql": {"Beratung zum Stillen"}},
    # umlauts: the stemmers of both backends fold them
    "Mutter": {"sqlite": {"Beratung zum Stillen"}, "postgresql": {"Beratung zum Stillen"}},
    # the description counts too; every word must match (AND)
    "Hausaufgaben ehrenamtlich": {
        "sqlite": {"Hausaufgabenhilfe"},
        "postgresql": {"Hausaufgabenhilfe"},
    },
    "Hausaufgaben Hallenbad": {"sqlite": set(), "postgresql": set()},
    # the end of a compound, as a word part
    "schwimmen": {
        "sqlite": {"Babyschwimmen im Hallenbad"},
        "postgresql": {"Babyschwimmen im Hallenbad"},
    },
    "Zahnarzt": {"sqlite": set(), "postgresql": set()},
}


@pytest.mark.parametrize("query", list(EXPECTATIONS))
def test_stems_and_word_parts(library: None, query: str) -> None:
    expected = EXPECTATIONS[query][connection.vendor]
    assert set(titles(search.search_offers(text=query))) == expected


def test_the_issue_examples_through_the_page(library: None, anon_client: Client) -> None:
    response = anon_client.get(URL, {"q": "wegweis"})
    assert response.status_code == 200
    assert page_titles(response) == ["Familienwegweiser online"]
    assert "1 offer found" in response.content.decode()

    response = anon_client.get(URL, {"q": "Stillberatung"})
    assert page_titles(response) == ["Beratung zum Stillen"]


def test_stop_words_alone_search_nothing_but_list_everything(library: None) -> None:
    result = search.search_offers(text="und die")
    assert result.total == 4


def test_title_ranks_above_body(db: None) -> None:
    OfferFactory(searchable=True, title="Elterncafé", summary="Hier gibt es auch eine Stillgruppe.")
    OfferFactory(searchable=True, title="Zwergentreff", summary="Spielen und Singen.")
    OfferFactory(searchable=True, title="Stillgruppe am Dienstag", summary="Für junge Eltern.")
    result = search.search_offers(text="Stillgruppe")
    assert titles(result) == ["Stillgruppe am Dienstag", "Elterncafé"]


# --------------------------------------------------------------------------- published only


def test_only_published_offers_are_found(db: None, anon_client: Client) -> None:
    OfferFactory(searchable=True, title="Spielgruppe Sonnenschein")
    for status in ["draft", "submitted", "returned", "rejected", "archived"]:
        OfferFactory(searchable=True, title=f"Spielgruppe {status}", status=status)
    assert titles(search.search_offers(text="Spielgruppe")) == ["Spielgruppe Sonnenschein"]
    assert titles(search.search_offers()) == ["Spielgruppe Sonnenschein"]
    assert page_titles(anon_client.get(URL, {"q": "Spielgruppe"})) == ["Spielgruppe Sonnenschein"]
    assert page_titles(anon_client.get(URL)) == ["Spielgruppe Sonnenschein"]
    assert SearchEntry.objects.count() == 1


def test_a_stale_index_entry_does_not_reveal_an_unpublished_offer(db: None) -> None:
    offer = OfferFactory(searchable=True, title="Krabbelgruppe")
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DRAFT)  # no reindex
    assert titles(search.search_offers(text="Krabbelgruppe")) == []
    assert search.search_offers().total == 0


def test_reindex_after_unpublishing_removes_the_offer(db: None) -> None:
    offer = OfferFactory(searchable=True, title="Krabbelgruppe")
    assert titles(search.search_offers(text="Krabbelgruppe")) == ["Krabbelgruppe"]

    offer.status = Offer.Status.ARCHIVED
    offer.save()
    search.reindex(offer)
    assert titles(search.search_offers(text="Krabbelgruppe")) == []
    assert not SearchEntry.objects.exists()

    offer.status = Offer.Status.PUBLISHED
    offer.title = "Krabbelgruppe am Montag"
    offer.save()
    search.reindex(offer)
    assert titles(search.search_offers(text="Montag")) == ["Krabbelgruppe am Montag"]


def test_reindex_follows_changed_text_and_deleted_offers(db: None) -> None:
    offer = OfferFactory(searchable=True, title="Lesepaten", summary="Vorlesen in der Bücherei.")
    offer.summary = "Vorlesen im Kindergarten."
    offer.save()
    search.reindex(offer)
    assert titles(search.search_offers(text="Bücherei")) == []
    assert titles(search.search_offers(text="Kindergarten")) == ["Lesepaten"]

    pk = offer.pk
    offer.delete()
    offer.pk = pk
    search.reindex(offer)
    assert not SearchEntry.objects.exists()


def test_a_renamed_partner_is_found_under_its_new_name(db: None, coordinator: Any) -> None:
    offer = OfferFactory(searchable=True, title="Lesepaten", summary="Vorlesen in der Bücherei.")
    organisation = offer.organisation
    assert titles(search.search_offers(text="Lindenhof")) == ["Lesepaten"]

    partner_services.update_organisation(
        actor=coordinator, organisation=organisation, fields={"name": "Haus der Familie Mitte"}
    )

    assert titles(search.search_offers(text="Lindenhof")) == []
    assert titles(search.search_offers(text="Haus der Familie")) == ["Lesepaten"]


def test_reindex_offers_command_rebuilds_the_index(db: None) -> None:
    OfferFactory(searchable=True, title="Familienwegweiser online")
    OfferFactory(searchable=True, title="Entwurf", status=Offer.Status.DRAFT)
    SearchEntry.objects.all().delete()  # as if the index were lost
    assert search.search_offers(text="wegweis").total == 0

    output = StringIO()
    call_command("reindex_offers", stdout=output)
    assert "1" in output.getvalue()
    assert titles(search.search_offers(text="wegweis")) == ["Familienwegweiser online"]
    assert search.reindex_all() == 1
    assert SearchEntry.objects.count() == 1


# --------------------------------------------------------------------------- facets


@pytest.fixture
def tagged() -> None:
    OfferFactory(
        searchable=True,
        title="Elternkurs Starke Eltern",
        themes=["erziehung-in-der-familie"],
        audiences=["alleinerziehende"],
        districts=["nord"],
        cost="fee",
    )
    OfferFactory(
        searchable=True,
        title="Erziehungsberatung",
        themes=["erziehung-in-der-familie", "gesundheit"],
        audiences=["alleinerziehende", "kinder"],
        districts=["sued"],
        languages=["tr"],
    )
    OfferFactory(
        searchable=True,
        title="Kinderarzt-Sprechstunde",
        themes=["gesundheit"],
        audiences=["kinder"],
        districts=["nord"],
        languages=["tr", "ar"],
        cost="reduced",
    )
    OfferFactory(searchable=True, title="Entwurf", themes=["gesundheit"], status=Offer.Status.DRAFT)


def test_facets_count_the_matching_offers(tagged: None) -> None:
    result = search.search_offers()
    assert result.total == 3
    assert facet(result, "themes") == {
        "gesundheit": (2, False),
        "erziehung-in-der-familie": (2, False),
    }
    assert facet(result, "audiences") == {"alleinerziehende": (2, False), "kinder": (2, False)}
    assert facet(result, "districts") == {"nord": (2, False), "sued": (1, False)}
    assert facet(result, "languages") == {"tr": (2, False), "ar": (1, False)}
    assert facet(result, "costs") == {"free": (1, False), "fee": (1, False), "reduced": (1, False)}
    labels = {value.value: value.label for value in result.facets["themes"]}
    assert labels["gesundheit"] == "Gesundheit"


def test_facets_are_disjunctive_within_and_conjunctive_across(tagged: None) -> None:
    result = search.search_offers(themes=["gesundheit"])
    assert sorted(titles(result)) == ["Erziehungsberatung", "Kinderarzt-Sprechstunde"]
    # Within the facet the counts ignore its own selection: ticking the other theme adds.
    assert facet(result, "themes") == {
        "gesundheit": (2, True),
        "erziehung-in-der-familie": (2, False),
    }
    # Other facets count within the selection.
    assert facet(result, "districts") == {"nord": (1, False), "sued": (1, False)}
    assert facet(result, "costs") == {"free": (1, False), "reduced": (1, False)}

    # Two values of one facet: either; a second facet: both.
    either = search.search_offers(themes=["gesundheit", "erziehung-in-der-familie"])
    assert either.total == 3
    both = search.search_offers(themes=["gesundheit"], districts=["nord"])
    assert titles(both) == ["Kinderarzt-Sprechstunde"]
    assert facet(both, "districts") == {"nord": (1, True), "sued": (1, False)}
    assert facet(both, "themes") == {
        "gesundheit": (1, True),
        "erziehung-in-der-familie": (1, False),
    }


def test_facets_follow_the_text(tagged: None) -> None:
    result = search.search_offers(text="Erziehungsberatung")
    assert titles(result) == ["Erziehungsberatung"]
    assert facet(result, "languages") == {"tr": (1, False)}
    assert facet(result, "districts") == {"sued": (1, False)}


def test_a_selected_value_without_results_stays_visible(tagged: None) -> None:
    result = search.search_offers(text="Kinderarzt", languages=["pl"])
    assert result.total == 0
    assert facet(result, "languages") == {"tr": (1, False), "ar": (1, False), "pl": (0, True)}


def test_unknown_filter_values_are_ignored(tagged: None) -> None:
    result = search.search_offers(costs=["priceless"], sort="cheapest", page=-3)
    assert result.total == 3
    assert result.page == 1
    # An unknown slug filters to nothing, like a theme that was deleted.
    assert search.search_offers(themes=["gibt-es-nicht"]).total == 0


def test_cost_language_and_audience_filters(tagged: None) -> None:
    assert titles(search.search_offers(costs=["free"])) == ["Erziehungsberatung"]
    assert sorted(titles(search.search_offers(costs=["free", "reduced"]))) == [
        "Erziehungsberatung",
        "Kinderarzt-Sprechstunde",
    ]
    assert titles(search.search_offers(languages=["ar"])) == ["Kinderarzt-Sprechstunde"]
    assert titles(search.search_offers(audiences=["alleinerziehende"], costs=["fee"])) == [
        "Elternkurs Starke Eltern"
    ]


# --------------------------------------------------------------------------- age


@pytest.fixture
def ages() -> None:
    OfferFactory(searchable=True, title="Babymassage", age_min=0, age_max=1)
    OfferFactory(searchable=True, title="Kinderturnen", age_min=3, age_max=6)
    OfferFactory(searchable=True, title="Jugendtreff", age_min=12, age_max=17)
    OfferFactory(searchable=True, title="Familienberatung")  # any age
    OfferFactory(searchable=True, title="Seniorentanz", age_min=60)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, ["Babymassage", "Familienberatung"]),
        (1, ["Babymassage", "Familienberatung"]),
        (3, ["Familienberatung", "Kinderturnen"]),
        (6, ["Familienberatung", "Kinderturnen"]),
        (7, ["Familienberatung"]),
        (15, ["Familienberatung", "Jugendtreff"]),
        (70, ["Familienberatung", "Seniorentanz"]),
    ],
)
def test_age_finds_offers_whose_range_holds_it(ages: None, age: int, expected: list[str]) -> None:
    assert titles(search.search_offers(age=age, sort="title")) == expected


def test_age_facet_counts_each_age_group(ages: None) -> None:
    result = search.search_offers()
    groups = facet(result, "ages")
    assert groups["0"] == (2, False)
    assert groups["4"] == (2, False)
    assert groups["15"] == (2, False)
    assert groups["18"] == (1, False)
    selected = facet(search.search_offers(age=7), "ages")
    assert selected["7"] == (1, True)
    # the age filter does not narrow its own facet
    assert selected["0"] == (2, False)


def test_age_through_the_page(ages: None, anon_client: Client) -> None:
    response = anon_client.get(URL, {"age": "4", "sort": "title"})
    assert page_titles(response) == ["Familienberatung", "Kinderturnen"]
    html = response.content.decode()
    assert 'href="/angebote/?sort=title"' in html  # removes the age filter
    assert "Kindergarten age, 4 years" in html

    response = anon_client.get(URL, {"age": "vier", "q": "Kinderturnen"})
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert 'aria-invalid="true"' in html
    assert page_titles(response) == ["Kinderturnen"]  # the rest of the search still works


# --------------------------------------------------------------------------- sorting, pages


def test_sorting(db: None) -> None:
    now = timezone.now()
    OfferFactory(
        searchable=True, title="Zwergenturnen", summary="Turnen für die Kleinsten", published_at=now
    )
    OfferFactory(
        searchable=True,
        title="Apfelernte",
        summary="Ernte im Garten, danach Turnen",
        published_at=now - timedelta(days=30),
    )
    OfferFactory(
        searchable=True,
        title="Mutter-Kind-Turnen",
        summary="Gemeinsam",
        published_at=now - timedelta(days=3),
    )
    assert titles(search.search_offers(sort="title")) == [
        "Apfelernte",
        "Mutter-Kind-Turnen",
        "Zwergenturnen",
    ]
    assert titles(search.search_offers(sort="newest")) == [
        "Zwergenturnen",
        "Mutter-Kind-Turnen",
        "Apfelernte",
    ]
    relevance = titles(search.search_offers(text="Turnen"))
    assert relevance[-1] == "Apfelernte"  # only in the body
    assert set(relevance) == {"Apfelernte", "Mutter-Kind-Turnen", "Zwergenturnen"}
    # Without a text "relevance" means by title.
    assert titles(search.search_offers(sort="relevance")) == titles(
        search.search_offers(sort="title")
    )


def test_sort_through_the_page(db: None, anon_client: Client) -> None:
    OfferFactory(searchable=True, title="Bastelnachmittag", published_at=timezone.now())
    OfferFactory(
        searchable=True, title="Apfelfest", published_at=timezone.now() - timedelta(days=5)
    )
    response = anon_client.get(URL, {"sort": "newest"})
    assert page_titles(response) == ["Bastelnachmittag", "Apfelfest"]
    assert '<option value="newest" selected>' in response.content.decode()
    response = anon_client.get(URL, {"sort": "title"})
    assert page_titles(response) == ["Apfelfest", "Bastelnachmittag"]


def test_pagination(db: None, anon_client: Client) -> None:
    for number in range(45):
        OfferFactory(
            searchable=True, title=f"Ferienkurs {number:02d}", themes=["sport-freizeit-und-kultur"]
        )
    result = search.search_offers(text="Ferienkurs", page=3)
    assert (result.total, result.pages, result.page) == (45, 3, 3)
    assert len(result.offers) == 5
    assert search.search_offers(text="Ferienkurs", page=99).page == 3

    response = anon_client.get(
        URL, {"q": "Ferienkurs", "theme": "sport-freizeit-und-kultur", "sort": "title"}
    )
    html = response.content.decode()
    assert "45 offers found" in html
    assert "(showing 1–20)" in html
    assert page_titles(response)[0] == "Ferienkurs 00"
    next_link = (
        "/angebote/?q=Ferienkurs&amp;theme=sport-freizeit-und-kultur&amp;sort=title&amp;page=2"
    )
    assert f'href="{next_link}" rel="next"' in html

    response = anon_client.get(
        URL, {"q": "Ferienkurs", "theme": "sport-freizeit-und-kultur", "sort": "title", "page": 3}
    )
    html = response.content.decode()
    assert page_titles(response) == [f"Ferienkurs {n}" for n in range(40, 45)]
    assert "(showing 41–45)" in html
    assert 'aria-current="page"><span class="kern-sr-only">Page </span>3</a>' in html
    assert 'rel="next"' not in html


def test_the_page_costs_a_fixed_number_of_queries(
    db: None, anon_client: Client, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        OfferFactory(
            searchable=True,
            title=f"Schwimmkurs {number}",
            themes=["gesundheit", "sport-freizeit-und-kultur"],
            audiences=["kinder"],
            districts=["mitte"],
            languages=["de"],
        )
    anon_client.get(URL)  # session, site settings and other one-off reads
    with django_assert_max_num_queries(20):
        response = anon_client.get(URL, {"q": "Schwimmkurs", "theme": "gesundheit"})
    assert len(page_titles(response)) == 20
    with django_assert_max_num_queries(20):
        response = anon_client.get(URL, {"district": "mitte", "sort": "title", "page": "2"})
    assert len(page_titles(response)) == 10


# --------------------------------------------------------------------------- the page


def test_the_page_shows_cards_facets_and_active_filters(tagged: None, anon_client: Client) -> None:
    response = anon_client.get(URL, {"theme": "gesundheit", "cost": "reduced"})
    assert response.status_code == 200
    html = response.content.decode()
    assert page_titles(response) == ["Kinderarzt-Sprechstunde"]
    assert '<p class="kern-body kern-body--bold" role="status">1 offer found' in html
    offer = Offer.objects.get(title="Kinderarzt-Sprechstunde")
    assert f'href="{offer.get_absolute_url()}"' in html
    assert "Familienzentrum Lindenhof" in html
    assert "Reduced fee possible" in html
    # checkboxes with counts, the ticked one checked
    assert re.search(r'name="theme" value="gesundheit" id="facet-theme-gesundheit" checked', html)
    assert '<legend class="kern-label">Theme</legend>' in html
    # each active filter can be removed on its own, or all at once
    assert 'href="/angebote/?cost=reduced">Theme: Gesundheit' in html
    assert 'href="/angebote/?theme=gesundheit">Cost: reduced fee possible' in html
    assert 'href="/angebote/">Remove all filters</a>' in html


def test_nothing_found_page_helps(tagged: None, anon_client: Client) -> None:
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"contact_email": "familienbuero@musterstadt.de"}
    )
    response = anon_client.get(URL, {"q": "Zahnarzt", "district": "nord"})
    assert response.status_code == 200
    html = response.content.decode()
    assert page_titles(response) == []
    assert "No offers found" in html
    assert "Nothing found for “Zahnarzt”" in html
    assert 'href="/angebote/?q=Zahnarzt">all of them</a>' in html
    assert 'href="/angebote/?district=nord">Show all offers without the search term' in html
    # the themes as entry points
    assert 'href="/angebote/?theme=gesundheit"' in html
    assert "Browse by theme" in html
    # and the coordinators' contact
    assert 'href="mailto:familienbuero@musterstadt.de"' in html


def test_page_without_offers_at_all(db: None, anon_client: Client) -> None:
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert "No offers found" in response.content.decode()


def test_the_page_is_in_the_main_navigation(db: None, anon_client: Client) -> None:
    def navigation(path: str) -> str:
        html = anon_client.get(path).content.decode()
        start = html.index('<nav class="frh-nav"')  # after the language switch's own <nav>
        return html[start : html.index("</nav>", start)]

    assert '<a href="/angebote/">' in navigation("/")
    assert '<a href="/angebote/" aria-current="page">' in navigation(URL)
