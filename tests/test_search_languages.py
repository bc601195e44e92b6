"""Search finds content in the language it is written in, on SQLite and PostgreSQL.

An object is indexed once per language it has text in (German always). A visitor
searching in Turkish searches the Turkish texts, and the German texts of what is not
translated into Turkish; German searches stay as they were. PostgreSQL stems with the
language's own configuration where it has one (german, english, turkish, russian),
SQLite matches the starts of words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from familienrathaus.core.models import Theme
from familienrathaus.holidays import selectors as holiday_selectors
from familienrathaus.holidays.models import Activity
from familienrathaus.offers import search as offer_search
from familienrathaus.offers.models import Offer
from familienrathaus.search import engine, languages
from familienrathaus.search.models import SearchEntry
from tests.factories import OfferFactory
from tests.factories.holidays import OccasionFactory
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db

KIND = "tests.thing"


def doc(pk: int, title: str, body: str = "", language: str = "de") -> engine.Document:
    return engine.Document(object_id=pk, title=title, body=body, language=language)


def found(text: str, language: str) -> list[int]:
    matches = engine.search(KIND, text, language=language)
    return [] if matches is None or matches.order is None else list(matches.order)


@pytest.fixture
def things() -> None:
    # 1: German and Turkish; 2: German only; 3: German, English and Russian.
    engine.put(
        KIND,
        [
            doc(1, "Schwimmkurs für Kinder", "Im Hallenbad, dienstags."),
            doc(1, "Çocuklar için yüzme kursu", "Kapalı yüzme havuzunda, salı günleri.", "tr"),
        ],
    )
    engine.put(KIND, doc(2, "Beratung für Familien", "Erziehungsberatung im Rathaus."))
    engine.put(
        KIND,
        [
            doc(3, "Elterncafé", "Eltern treffen sich zum Frühstück."),
            doc(3, "Parents' café", "Parents meet for breakfast and advice.", "en"),
            doc(3, "Кафе для родителей", "Родители встречаются и получают консультации.", "ru"),
        ],
    )


def test_each_object_is_indexed_per_language_it_is_written_in(things: None) -> None:
    rows = set(SearchEntry.objects.filter(kind=KIND).values_list("object_id", "language"))
    assert rows == {(1, "de"), (1, "tr"), (2, "de"), (3, "de"), (3, "en"), (3, "ru")}
    # Indexing the object again without its Turkish text drops the Turkish entry.
    engine.put(KIND, [doc(1, "Schwimmkurs für Kinder")])
    assert not SearchEntry.objects.filter(kind=KIND, object_id=1, language="tr").exists()


def test_a_turkish_query_finds_the_turkish_text(things: None) -> None:
    assert found("yüzme kursu", "tr") == [1]
    assert found("yüzme", "de") == []  # German searches see German texts only


def test_untranslated_objects_are_found_by_their_german_text(things: None) -> None:
    assert found("Beratung", "tr") == [2]
    assert found("Erziehungsberatung", "en") == [2]
    # A Turkish visitor who types the German word of a translated object: its German
    # text is not searched, its Turkish one is.
    assert found("Schwimmkurs", "tr") == []


def test_german_search_is_unchanged(things: None) -> None:
    assert found("Beratungen", "de") == [2]
    assert found("Schwimmkurs", "de") == [1]
    assert found("Eltern", "de") == [3]
    assert engine.search(KIND, "und die", language="de") is None


def test_the_current_language_is_the_default(things: None) -> None:
    with translation.override("tr"):
        matches = engine.search(KIND, "yüzme")
    assert matches is not None and list(matches.order or []) == [1]


def test_stop_words_of_the_language_are_ignored(things: None) -> None:
    assert found("the parents", "en") == [3]
    assert found("için yüzme", "tr") == [1]


def test_words_are_matched_by_stem_or_start(things: None) -> None:
    # English: "parent" (Snowball on PostgreSQL, the start of the word on SQLite).
    assert found("parent", "en") == [3]
    # Russian: the plural "родителям" (to the parents) finds "родителей"/"Родители".
    assert found("родителям", "ru") == [3]
    assert found("консультация", "ru") == [3]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_stems_turkish_and_russian_with_its_own_configurations(
    things: None,
) -> None:
    assert languages.ts_config("tr") == "turkish"
    assert languages.ts_config("ru") == "russian"
    assert languages.ts_config("en") == "english"
    assert languages.ts_config("de") == "german"
    assert languages.ts_config("uk") in {"simple", "ukrainian"}
    # Turkish suffixes: "kursları" (the courses) and "havuz" (pool) in "havuzunda".
    assert found("kursları", "tr") == [1]
    assert found("havuzu", "tr") == [1]
    assert found("консультациях", "ru") == [3]


def test_ukrainian_and_arabic_texts_are_found(db: Any) -> None:
    engine.put(
        KIND,
        [
            doc(7, "Ferienspaß", "Ausflüge in den Ferien."),
            doc(7, "Канікули з дітьми", "Екскурсії для дітей у канікули.", "uk"),
            doc(7, "عطلة مع الأطفال", "رحلات للأطفال في العطلة.", "ar"),
        ],
    )
    assert found("канікули", "uk") == [7]
    assert found("екскурсії", "uk") == [7]
    assert found("الأطفال", "ar") == [7]
    assert found("Ferienspaß", "ar") == []  # translated: its Arabic text is searched


def test_the_ranking_merges_both_languages_by_score(db: Any) -> None:
    engine.put(
        KIND,
        [doc(11, "Babyschwimmen", "Schwimmen für Babys."), doc(11, "Baby swimming", "", "en")],
    )
    engine.put(KIND, doc(12, "Spielgruppe", "Auch Babyschwimmen im Sommer."))
    # "Babyschwimmen" in English: no English entry has it, so object 12's German body
    # (object 11 is translated: only its English text counts).
    assert found("Babyschwimmen", "en") == [12]
    assert found("swimming", "en") == [11]
    assert connection.vendor in {"sqlite", "postgresql"}


# --------------------------------------------------------------------------- offers, by HTTP


@pytest.fixture
def swimming(db: Any) -> Any:
    theme = Theme.objects.get(slug="sport-freizeit-und-kultur")
    Theme.objects.filter(pk=theme.pk).update(name_tr="Spor, boş zaman ve kültür")
    offer: Any = OfferFactory(
        searchable=True,
        title="Schwimmkurs für Kinder",
        summary="Im Hallenbad lernen Kinder schwimmen.",
    )
    offer.themes.set([theme])
    Offer.objects.filter(pk=offer.pk).update(
        title_tr="Çocuklar için yüzme kursu", summary_tr="Çocuklar kapalı havuzda yüzmeyi öğrenir."
    )
    OfferFactory(searchable=True, title="Beratung für Familien", summary="Erziehungsberatung.")
    offer_search.reindex_all()
    return offer


def offer_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="kern-title"><a href="[^"]+">(?:<span[^>]*>)?([^<]+)<', html)


def test_a_turkish_visitor_finds_the_offer_by_its_turkish_words(swimming: Any) -> None:
    client = LanguageClient("tr")
    html = client.get("/angebote/", {"q": "yüzme"}, follow=True).content.decode()
    assert offer_titles(html) == ["Çocuklar için yüzme kursu"]
    # The facet's label is the theme's Turkish name.
    assert "Spor, boş zaman ve kültür" in html
    # An untranslated offer by its German words, also on the Turkish page.
    html = client.get("/angebote/", {"q": "Erziehungsberatung"}, follow=True).content.decode()
    assert offer_titles(html) == ["Beratung für Familien"]


def test_german_visitors_search_the_german_text(swimming: Any) -> None:
    client = LanguageClient("de")
    assert offer_titles(client.get("/angebote/", {"q": "yüzme"}).content.decode()) == []
    html = client.get("/angebote/", {"q": "Schwimmkurs"}).content.decode()
    assert offer_titles(html) == ["Schwimmkurs für Kinder"]
    assert "Sport, Freizeit und Kultur" in html


def test_sorting_by_title_follows_the_page_language(swimming: Any) -> None:
    with translation.override("tr"):
        result = offer_search.search_offers(sort="title")
    assert result.offers[0].pk != swimming.pk  # "Beratung" before "Çocuklar"
    with translation.override("de"):
        result = offer_search.search_offers(sort="title")
    assert [offer.title for offer in result.offers] == [
        "Beratung für Familien",
        "Schwimmkurs für Kinder",
    ]


# --------------------------------------------------------------------------- Ferienspaß filter


def test_the_holiday_filter_finds_activities_in_the_page_language_and_german(db: Any) -> None:
    occasion: Any = OccasionFactory(activity__title="Zirkusschule", activity__summary="Jonglieren.")
    other: Any = OccasionFactory(
        activity__period=occasion.activity.period, activity__title="Töpfern"
    )
    Activity.objects.filter(pk=occasion.activity.pk).update(
        title_tr="Sirk okulu", summary_tr="Jonglörlük."
    )
    period = occasion.activity.period

    def found(query: str, language: str) -> list[int]:
        with translation.override(language):
            filters = holiday_selectors.ProgrammeFilter(query=query)
            return [o.pk for o in holiday_selectors.programme(period, filters)]

    assert found("Sirk", "tr") == [occasion.pk]
    assert found("Zirkus", "tr") == [occasion.pk]  # the German title too
    assert found("Töpfern", "tr") == [other.pk]
    assert found("Sirk", "de") == []  # German pages search German
