"""Content in the visitor's language, German in its place (marked ``lang="de"``) when missing.

Offers, events, places and the vocabularies are registered with django-modeltranslation
(``<app>/translation.py``); ``core/translated.py`` renders a field and marks German that
stands in for a missing translation.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from familienrathaus.core import translated
from familienrathaus.core.models import LegalPage, Theme
from familienrathaus.events.models import Event
from familienrathaus.offers.models import Offer
from familienrathaus.places.models import Place
from familienrathaus.surveys.models import Survey
from tests.factories import OrganisationFactory
from tests.factories.events import first_date, make_event
from tests.factories.holidays import PeriodFactory
from tests.factories.offers import form_data, published
from tests.factories.places import PlaceFactory
from tests.language_client import LanguageClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def page(client: LanguageClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match
    return match.group(1).strip()


def offer_with(organisation: object = None, **values: object) -> Offer:
    partner = organisation or OrganisationFactory(name="Familienzentrum Mitte", slug="fz-mitte")
    return published(organisation=partner, slug="krabbelgruppe", **values)


# --------------------------------------------------------------------------- reading


def test_a_turkish_page_shows_the_turkish_title_and_summary_of_an_offer() -> None:
    offer_with(
        title="Krabbelgruppe",
        title_tr="Emekleme grubu",
        summary="Für Babys ab sechs Monaten.",
        summary_tr="Altı aylıktan itibaren bebekler için.",
    )

    html = page(LanguageClient("tr"), "/angebote/krabbelgruppe/")

    assert h1(html) == "Emekleme grubu"
    assert "Altı aylıktan itibaren bebekler için." in html
    assert "Für Babys ab sechs Monaten." not in html
    german = page(LanguageClient("de"), "/angebote/krabbelgruppe/")
    assert h1(german) == "Krabbelgruppe"


def test_without_a_translation_german_stands_in_marked_as_german() -> None:
    offer_with(title="Krabbelgruppe", summary="Für Babys ab sechs Monaten.")

    html = page(LanguageClient("tr"), "/angebote/krabbelgruppe/")

    assert h1(html) == '<span lang="de">Krabbelgruppe</span>'
    assert '<span lang="de">Für Babys ab sechs Monaten.</span>' in html


def test_on_an_arabic_page_german_that_stands_in_also_runs_left_to_right() -> None:
    offer_with(title="Krabbelgruppe", description="Wir treffen uns **jede Woche**.")

    html = page(LanguageClient("ar"), "/angebote/krabbelgruppe/")

    assert h1(html) == '<span lang="de" dir="ltr">Krabbelgruppe</span>'
    assert re.search(r'<div class="frh-prose[^"]*" lang="de" dir="ltr">\s*<p>Wir treffen', html)


@pytest.mark.parametrize("language", ["tr", "uk", "ru", "ar", "en"])
def test_families_never_see_the_not_yet_translated_hint(language: str, family_user: object) -> None:
    offer_with(title="Krabbelgruppe", summary="Für Babys ab sechs Monaten.")
    with translation.override(language):
        hint = gettext("not yet translated")
    anonymous, family = LanguageClient(language), LanguageClient(language)
    family.force_login(family_user)
    for client in (anonymous, family):
        html = page(client, "/angebote/krabbelgruppe/")
        assert 'lang="de"' in html and hint not in html


def test_a_german_page_marks_nothing() -> None:
    offer_with(title="Krabbelgruppe")

    html = page(LanguageClient("de"), "/angebote/krabbelgruppe/")

    assert h1(html) == "Krabbelgruppe"


def test_events_show_their_turkish_title_on_the_page_and_in_the_list() -> None:
    event = make_event(title="Familienfest", title_tr="Aile şenliği")
    make_event(title="Elternabend ohne Übersetzung")
    with translation.override("de"):
        path = first_date(event).get_absolute_url()
    client = LanguageClient("tr")

    assert h1(page(client, path)) == "Aile şenliği"
    listing = page(client, "/veranstaltungen/")
    assert ">Aile şenliği</a>" in listing
    assert '<span lang="de">Elternabend ohne Übersetzung</span>' in listing


def test_places_show_their_turkish_name_on_the_page_and_in_the_map_list() -> None:
    PlaceFactory(name="Stadtbücherei", name_tr="Şehir kütüphanesi", slug="stadtbuecherei")
    PlaceFactory(name="Spielplatz am Teich", slug="spielplatz")
    client = LanguageClient("tr")

    with translation.override("de"):
        path = Place.objects.get(slug="stadtbuecherei").get_absolute_url()
    assert h1(page(client, path)) == "Şehir kütüphanesi"
    listing = page(client, "/karte/")
    assert ">Şehir kütüphanesi</a>" in listing
    assert '<span lang="de">Spielplatz am Teich</span>' in listing


def test_the_themes_of_an_offer_are_named_in_turkish() -> None:
    health = Theme.objects.get(slug="gesundheit")
    health.name_tr = "Sağlık"
    health.save()
    offer = offer_with(title="Krabbelgruppe")
    offer.themes.set([health])

    html = page(LanguageClient("tr"), "/angebote/krabbelgruppe/")

    assert ">Sağlık</span>" in html
    assert ">Gesundheit<" not in html


# --------------------------------------------------------------------------- writing


def test_the_plain_field_name_writes_german_whatever_the_language() -> None:
    """A partner working in English must never overwrite German by accident."""
    offer = offer_with(title="Krabbelgruppe", title_tr="Emekleme grubu")

    with translation.override("en"):
        offer.title = "Krabbelgruppe am Montag"
        offer.save()
        assert Offer.objects.filter(title="Krabbelgruppe am Montag").exists()
    offer.refresh_from_db()
    assert offer.title_de == "Krabbelgruppe am Montag"
    assert offer.title_en is None
    assert offer.title_tr == "Emekleme grubu"


def test_queries_by_the_plain_name_mean_german_in_every_language() -> None:
    offer_with(title="Krabbelgruppe", title_tr="Emekleme grubu")

    with translation.override("tr"):
        assert Offer.objects.filter(title="Krabbelgruppe").count() == 1
        assert list(Offer.objects.values_list("title", flat=True)) == ["Krabbelgruppe"]


def test_value_says_when_german_stands_in() -> None:
    event = make_event(title="Familienfest", title_en="Family party")

    with translation.override("en"):
        assert translated.value(event, "title") == translated.Text("Family party", "en", False)
    with translation.override("uk"):
        assert translated.value(event, "title") == translated.Text("Familienfest", "de", True)
    assert translated.missing(event, "tr") == ["title", "summary"]
    assert isinstance(event, Event)


# --------------------------------------------------------------------------- editors


def test_a_partner_saves_a_turkish_title_next_to_the_german_one(partner_client, organisation):
    offer = offer_with(organisation, title="Krabbelgruppe", summary="Für Babys.")
    offer.status = Offer.Status.DRAFT
    offer.save()
    path = f"/verwaltung/angebote/{offer.pk}/bearbeiten/"

    form = partner_client.get(path).content.decode()
    assert "Translation: Türkçe" in form
    assert "not yet translated" in form
    data = form_data(title="Krabbelgruppe", summary="Für Babys.", title_tr="Emekleme grubu")
    data["save"] = "1"
    response = partner_client.post(path, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    offer.refresh_from_db()
    assert (offer.title_de, offer.title_tr, offer.title_en) == (
        "Krabbelgruppe",
        "Emekleme grubu",
        "",
    )
    form = partner_client.get(path).content.decode()
    assert 'value="Emekleme grubu"' in form


def test_bad_input_keeps_the_typed_translations(partner_client, organisation):
    offer = offer_with(organisation, title="Krabbelgruppe", summary="Für Babys.")
    path = f"/verwaltung/angebote/{offer.pk}/bearbeiten/"

    data = form_data(title="", summary="Für Babys.", title_tr="Emekleme grubu")
    data["save"] = "1"
    response = partner_client.post(path, data)

    assert response.status_code == 200
    assert 'value="Emekleme grubu"' in response.content.decode()
    offer.refresh_from_db()
    assert offer.title_tr is None


# --------------------------------------------------------------------------- coordinators


def test_coordinators_list_content_missing_a_language_by_kind(coordinator_client):
    offer_with(title="Krabbelgruppe", title_tr="Emekleme grubu", summary="Für Babys.")
    make_event(title="Familienfest", title_tr="Aile şenliği", summary_tr="Herkes için.")
    PlaceFactory(name="Stadtbücherei", slug="stadtbuecherei")

    html = page(coordinator_client, "/verwaltung/uebersetzungen/?sprache=tr")
    missing = html.split('id="missing"')[1]
    assert "Krabbelgruppe" in missing  # its summary is missing
    assert "Stadtbücherei" in missing
    assert "Familienfest" not in missing
    assert "/verwaltung/orte/" in missing

    only_places = page(coordinator_client, "/verwaltung/uebersetzungen/?sprache=tr&art=orte")
    rows = only_places.split('id="missing"')[1]
    assert "Stadtbücherei" in rows and "Krabbelgruppe" not in rows
    counts = re.search(r'id="counts".*?</table>', only_places, re.S)
    assert counts and re.search(r"Places</a></th><td[^>]*>1</td>", counts.group(0))


def test_the_missing_list_comes_fifty_rows_a_page_with_the_filters_in_the_page_links(
    coordinator_client,
):
    for number in range(60):
        PlaceFactory(name=f"Ort {number:02d}", slug=f"ort-{number:02d}")
    offer_with(title="Krabbelgruppe", summary="Für Babys.")

    first = page(coordinator_client, "/verwaltung/uebersetzungen/?sprache=tr&art=orte")
    rows = re.findall(r"<bdi>(Ort \d\d)</bdi>", first)
    assert len(rows) == 50
    assert "Krabbelgruppe" not in first.split('id="missing"')[1]
    assert "Seite 1 von 2" in first or "Page 1 of 2" in first
    assert "?sprache=tr&amp;art=orte&amp;page=2" in first

    second = page(coordinator_client, "/verwaltung/uebersetzungen/?sprache=tr&art=orte&page=2")
    rest = re.findall(r"<bdi>(Ort \d\d)</bdi>", second)
    assert len(rest) == 10 and not set(rest) & set(rows)
    assert "?sprache=tr&amp;art=orte&amp;page=1" in second


def test_the_missing_table_scrolls_in_its_own_box_and_counts_link_to_their_kind(
    coordinator_client,
):
    PlaceFactory(name="Stadtbücherei", slug="stadtbuecherei")

    html = page(coordinator_client, "/verwaltung/uebersetzungen/?sprache=tr")
    wrapper = re.search(
        r'<div class="frh-table-scroll"[^>]*role="region"[^>]*>\s*'
        r'<table class="kern-table" id="missing">'
        r".*?</table>\s*</div>",
        html,
        re.S,
    )
    assert wrapper and "Stadtbücherei" in wrapper.group(0)
    counts = re.search(r'id="counts".*?</table>', html, re.S)
    assert counts and 'href="?sprache=tr&amp;art=orte"' in counts.group(0)


def test_the_translations_page_asks_the_database_the_same_few_times_for_many_rows(
    coordinator_client, django_assert_max_num_queries
):
    PlaceFactory(name="Stadtbücherei", slug="stadtbuecherei")
    url = "/verwaltung/uebersetzungen/?sprache=tr"
    page(coordinator_client, url)  # warms the session and the caches
    with CaptureQueriesContext(connection) as few:
        page(coordinator_client, url)
    partner = OrganisationFactory(name="Familienzentrum Mitte", slug="fz-mitte")
    for number in range(60):
        PlaceFactory(name=f"Ort {number:02d}", slug=f"ort-{number:02d}")
        published(organisation=partner, title=f"Gruppe {number:02d}", slug=f"gruppe-{number:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(coordinator_client, url + "&page=2")


def test_partners_and_families_do_not_reach_the_translations_page(partner_client, family_client):
    assert partner_client.get("/verwaltung/uebersetzungen/").status_code in {403, 404}
    assert family_client.get("/verwaltung/uebersetzungen/").status_code in {403, 404}


# --------------------------------------------------------------------------- API


def test_the_api_answers_in_the_accept_language_language():
    anon_client = Client()  # the API has no language prefix: only the header counts
    offer = offer_with(title="Krabbelgruppe", title_tr="Emekleme grubu", summary="Für Babys.")
    health = Theme.objects.get(slug="gesundheit")
    health.name_tr = "Sağlık"
    health.save()
    offer.themes.set([health])

    turkish = anon_client.get("/api/v1/offers/krabbelgruppe", HTTP_ACCEPT_LANGUAGE="tr").json()
    german = anon_client.get("/api/v1/offers/krabbelgruppe", HTTP_ACCEPT_LANGUAGE="de").json()

    assert turkish["title"] == "Emekleme grubu"
    assert turkish["summary"] == "Für Babys."  # German stands in
    assert german["title"] == "Krabbelgruppe"
    listed = anon_client.get("/api/v1/offers/", HTTP_ACCEPT_LANGUAGE="tr").json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert [item["title"] for item in items] == ["Emekleme grubu"]
    assert "Sağlık" in str(turkish)


def test_a_coordinator_saves_the_translations_of_a_place_a_theme_and_a_legal_page(
    coordinator_client,
):
    place = PlaceFactory(name="Stadtbücherei", slug="stadtbuecherei")
    edit = coordinator_client.get(f"/verwaltung/orte/{place.pk}/").content.decode()
    assert "Translation: Türkçe" in edit and 'name="name_tr"' in edit

    theme = Theme.objects.get(slug="gesundheit")
    path = f"/verwaltung/begriffe/themen/{theme.pk}/"
    form = coordinator_client.get(path).content.decode()
    assert "Translation: Türkçe" in form and "not yet translated" in form
    response = coordinator_client.post(
        path, {"name": "Gesundheit", "position": "3", "description": "", "name_tr": "Sağlık"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_de, theme.name_tr) == ("Gesundheit", "Sağlık")

    response = coordinator_client.post(
        "/verwaltung/seiten/impressum/",
        {
            "title": "Impressum",
            "body": "Verantwortlich: Familienbüro",
            "summary": "Wer für diese Seite verantwortlich ist.",
            "summary_tr": "Bu sayfadan kim sorumlu.",
        },
    )
    assert response.status_code == 302
    page_row = LegalPage.objects.get(kind="impressum")
    assert page_row.summary_de == "Wer für diese Seite verantwortlich ist."
    assert page_row.summary_tr == "Bu sayfadan kim sorumlu."
    assert page_row.body == "Verantwortlich: Familienbüro"


def test_the_survey_builder_writes_turkish_and_arabic_texts(coordinator_client):
    html = page(coordinator_client, "/verwaltung/befragungen/neu/")
    main = html[html.index("<main") :]
    assert "Translation: Türkçe" in main and 'name="title_ar"' in main
    assert 'name="title_tr"' in html and 'name="title_en"' in html

    response = coordinator_client.post(
        "/verwaltung/befragungen/neu/",
        {
            "title_de": "Wie familienfreundlich ist Musterstadt?",
            "title_tr": "Musterstadt ne kadar aile dostu?",
            "title_ar": "ما مدى ملاءمة موسترشتات للعائلات؟",
            "intro_de": "Zehn Minuten.",
            "privacy_text_de": "Anonym.",
            "thanks_text_de": "Danke!",
            "access": "anonymous",
            "keep_answers_days": "365",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get()
    assert survey.title_tr == "Musterstadt ne kadar aile dostu?"
    assert survey.title_ar == "ما مدى ملاءمة موسترشتات للعائلات؟"
    assert survey.title_de == "Wie familienfreundlich ist Musterstadt?"


def test_a_coordinator_names_a_holiday_programme_in_turkish(coordinator_client):
    period = PeriodFactory(name="Sommerferien 2027")
    path = f"/verwaltung/ferienspass/programme/{period.pk}/"
    form = page(coordinator_client, path)
    assert "Translation: Türkçe" in form and 'name="name_tr"' in form

    with translation.override("tr"):
        assert translated.value(period, "name").fallback
