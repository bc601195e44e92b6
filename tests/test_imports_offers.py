"""Importing offers from CSV and XLSX, through the back office."""

from __future__ import annotations

import datetime as dt

import pytest

from familienrathaus.core.models import Audience, AuditEntry, District, Language, Theme
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from tests.factories import (
    OrganisationFactory,
    confirm,
    csv_bytes,
    latest_run,
    make_offer,
    upload,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

HEADER = [
    "Partner",
    "Titel",
    "Kurzbeschreibung",
    "Beschreibung",
    "Thema",
    "Zielgruppen",
    "Ortsteile",
    "Sprachen",
    "Alter von",
    "Alter bis",
    "Kosten",
    "Hinweis zu den Kosten",
    "Telefon",
    "E-Mail",
    "Online",
    "Gültig ab",
    "Gültig bis",
]


@pytest.fixture
def partner(db: None) -> Organisation:
    return OrganisationFactory(name="Familienzentrum Sonnenblume", slug="sonnenblume")


@pytest.fixture
def districts(db: None) -> list[District]:
    return [
        District.objects.create(name="Nordstadt", slug="nordstadt"),
        District.objects.create(name="Südviertel", slug="suedviertel"),
    ]


def offer_rows() -> list[list[object]]:
    return [
        HEADER,
        [
            "Familienzentrum Sonnenblume",
            "Elterncafé",
            "Austausch für Eltern mit Babys.",
            "Jeden **Dienstag**.",
            # A theme whose name has commas, next to another one.
            "Sport, Freizeit und Kultur, Gesundheit",
            "alleinerziehende | Kinder",
            "Nordstadt, Südviertel",
            "de|tr",
            "0",
            "3",
            "ermäßigt",
            "Mit Familienpass frei",
            "02324 1234",
            "cafe@sonnenblume.example",
            "www.sonnenblume.example/cafe",
            "01.02.2026",
            "2026-12-31",
        ],
        [
            "sonnenblume",  # the partner's short name
            "Babymassage",
            "Kurs für Eltern mit Babys bis 1 Jahr.",
            "",
            "Gesundheit",
            "",
            "",
            "",
            "",
            "1",
            "kostenlos",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


def assert_offers_imported(partner: Organisation, districts: list[District], status: str) -> None:
    cafe = Offer.objects.get(title="Elterncafé")
    assert cafe.organisation == partner
    assert cafe.status == status
    assert cafe.summary == "Austausch für Eltern mit Babys."
    assert {t.name for t in cafe.themes.all()} == {"Sport, Freizeit und Kultur", "Gesundheit"}
    assert {a.name for a in cafe.audiences.all()} == {"Alleinerziehende", "Kinder"}
    assert set(cafe.districts.all()) == set(districts)
    assert {lang.code for lang in cafe.languages.all()} == {"de", "tr"}
    assert (cafe.age_min, cafe.age_max) == (0, 3)
    assert cafe.cost == Offer.Cost.REDUCED
    assert cafe.cost_note == "Mit Familienpass frei"
    assert cafe.online_url == "https://www.sonnenblume.example/cafe"
    assert cafe.valid_from == dt.date(2026, 2, 1)
    assert cafe.valid_until == dt.date(2026, 12, 31)
    assert cafe.slug == "elterncafe"
    massage = Offer.objects.get(title="Babymassage")
    assert massage.organisation == partner
    assert massage.cost == Offer.Cost.FREE
    assert massage.age_min is None and massage.age_max == 1
    assert [t.name for t in massage.themes.all()] == ["Gesundheit"]


def test_csv_offers_are_checked_then_imported_as_drafts(
    coordinator_client, coordinator, partner, districts
):
    page = upload(coordinator_client, "angebote", csv_bytes(offer_rows()), status="draft")

    assert page.context["counts"] == {"new": 2, "updated": 0, "unchanged": 0, "failed": 0}
    assert "Elterncafé (Familienzentrum Sonnenblume)" in page.content.decode()
    assert not Offer.objects.exists()

    done = confirm(coordinator_client, latest_run())

    assert "The import is complete: 2 new, 0 updated." in done.content.decode()
    assert_offers_imported(partner, districts, Offer.Status.DRAFT)
    assert Offer.objects.get(title="Elterncafé").created_by == coordinator
    assert AuditEntry.objects.filter(action="import.offers").count() == 1


def test_xlsx_offers_can_be_published_right_away(coordinator_client, partner, districts):
    rows = offer_rows()
    rows[1][8], rows[1][9] = 0, 3  # numbers
    rows[1][15] = dt.datetime(2026, 2, 1)  # a date cell
    rows[1][16] = dt.date(2026, 12, 31)
    upload(coordinator_client, "angebote", xlsx_bytes(rows), "angebote.xlsx", status="published")

    confirm(coordinator_client, latest_run())

    assert_offers_imported(partner, districts, Offer.Status.PUBLISHED)
    assert Offer.objects.get(title="Elterncafé").published_at is not None


def test_unknown_theme_and_partner_are_named_with_row_and_column(coordinator_client, partner):
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema"],
        ["Familienzentrum Sonnenblume", "Elterncafé", "Kurz", "Gesundheit"],
        ["Familienzentrum Sonnenblume", "Turnen", "Kurz", "Sportt"],
        ["Familienzentrum Sonnenblum", "Krabbelgruppe", "Kurz", "Gesundheit"],
        ["Familienzentrum Sonnenblume", "Yoga", "Kurz", "Gesundhiet"],
    ]

    page = upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")

    assert [e["text"] for e in page.context["errors"]] == [
        "Row 3, column “Thema”: “Sportt” is not a known theme.",
        "Row 4, column “Partner”: There is no partner “Familienzentrum Sonnenblum” yet. "
        "Please add it first. Did you mean “Familienzentrum Sonnenblume”?",
        "Row 5, column “Thema”: “Gesundhiet” is not a known theme. Did you mean “Gesundheit”?",
    ]
    assert page.context["counts"] == {"new": 1, "updated": 0, "unchanged": 0, "failed": 3}
    assert "Import now" not in page.content.decode()
    confirm(coordinator_client, latest_run())
    assert not Offer.objects.exists()


def test_existing_offer_of_the_partner_is_updated_not_duplicated(coordinator_client, partner):
    offer = make_offer(partner, "Elterncafé", status=Offer.Status.PUBLISHED)
    other = OrganisationFactory(name="Kita Regenbogen")
    make_offer(other, "Elterncafé")  # same title, other partner: left alone
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Themenfelder", "Kosten"],
        ["Familienzentrum Sonnenblume", "elterncafé", "Jetzt auch donnerstags.", "Gesundheit", ""],
    ]

    page = upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")

    assert page.context["counts"] == {"new": 0, "updated": 1, "unchanged": 0, "failed": 0}
    [row] = page.context["report"]["samples"]["updated"]
    assert row["changes"] == ["title", "short summary", "themes"]
    confirm(coordinator_client, latest_run())

    assert Offer.objects.count() == 2
    offer.refresh_from_db()
    assert offer.summary == "Jetzt auch donnerstags."
    assert offer.status == Offer.Status.PUBLISHED  # existing offers keep their status
    assert [t.name for t in offer.themes.all()] == ["Gesundheit"]
    assert offer.cost == Offer.Cost.FREE


def test_ages_and_dates_that_contradict_each_other_are_errors(coordinator_client, partner):
    rows = [
        [
            "Partner",
            "Titel",
            "Kurzbeschreibung",
            "Thema",
            "Alter von",
            "Alter bis",
            "Gültig ab",
            "Gültig bis",
        ],
        ["sonnenblume", "A", "Kurz", "Gesundheit", "10", "6", "", ""],
        ["sonnenblume", "B", "Kurz", "Gesundheit", "", "", "01.06.2026", "31.05.2026"],
        ["sonnenblume", "C", "Kurz", "Gesundheit", "zehn", "", "31.02.2026", ""],
        ["sonnenblume", "D", "Kurz", "", "", "", "", ""],
    ]

    page = upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")

    assert [e["text"] for e in page.context["errors"]] == [
        "Row 2, column “Alter bis”: The upper age is lower than the lower age.",
        "Row 3, column “Gültig bis”: The offer would end before it begins.",
        "Row 4, column “Alter von”: “zehn” is not a whole number.",
        "Row 4, column “Gültig ab”: “31.02.2026” is not a date; please write it like 31.12.2026.",
        "Row 5, column “Thema”: This cell must not be empty.",
    ]


def test_vocabularies_are_found_by_name_slug_or_code(coordinator_client, partner, districts):
    audience = Audience.objects.get(name="Alleinerziehende")
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema", "Zielgruppe", "Sprache", "Stadtteil"],
        ["sonnenblume", "A", "Kurz", "gesundheit", audience.slug, "Türkisch", "suedviertel"],
    ]
    upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")
    confirm(coordinator_client, latest_run())

    offer = Offer.objects.get()
    assert list(offer.themes.all()) == [Theme.objects.get(name="Gesundheit")]
    assert list(offer.audiences.all()) == [audience]
    assert list(offer.languages.all()) == [Language.objects.get(code="tr")]
    assert list(offer.districts.all()) == [districts[1]]


def test_imported_offers_go_into_the_search_index(coordinator_client, partner, monkeypatch):
    from familienrathaus.offers import search

    indexed: list[str] = []
    monkeypatch.setattr(search, "reindex", lambda offer: indexed.append(offer.title))
    make_offer(partner, "Unverändert", summary="Gleich")
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema"],
        ["sonnenblume", "Neu", "Kurz", "Gesundheit"],
        ["sonnenblume", "Unverändert", "Gleich", "Balance von Familie und Arbeitswelt"],
    ]
    page = upload(coordinator_client, "angebote", csv_bytes(rows), status="published")
    assert page.context["counts"]["unchanged"] == 1

    confirm(coordinator_client, latest_run())

    assert indexed == ["Neu"]


def test_a_missing_required_column_is_named(coordinator_client, partner):
    rows = [["Partner", "Titel"], ["sonnenblume", "A"]]

    page = upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")

    assert (
        "The file lacks these columns: „Summary“, „Themes“. The first row must name them."
        in page.content.decode()
    )


def record_index_calls(monkeypatch) -> list[str]:
    from familienrathaus.offers import search

    calls: list[str] = []
    monkeypatch.setattr(search, "reindex", lambda offer: calls.append(offer.title))
    monkeypatch.setattr(search, "reindex_all", lambda: calls.append("(all)") or 0)
    # Should offers.search offer a bulk update one day, the import uses that instead.
    monkeypatch.delattr(search, "reindex_many", raising=False)
    return calls


def test_a_large_import_rebuilds_the_search_index_once(coordinator_client, partner, monkeypatch):
    calls = record_index_calls(monkeypatch)
    rows = [["Partner", "Titel", "Kurzbeschreibung", "Thema"]] + [
        ["sonnenblume", f"Kurs {n}", "Kurz", "Gesundheit"] for n in range(120)
    ]
    upload(coordinator_client, "angebote", csv_bytes(rows), status="published")
    confirm(coordinator_client, latest_run())

    assert Offer.objects.filter(status=Offer.Status.PUBLISHED).count() == 120
    assert calls == ["(all)"]  # one rebuild instead of 120 single updates


def test_new_drafts_need_no_index_update(coordinator_client, partner, monkeypatch):
    calls = record_index_calls(monkeypatch)
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema"],
        ["sonnenblume", "A", "K", "Gesundheit"],
    ]
    upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")
    confirm(coordinator_client, latest_run())

    assert Offer.objects.get().status == Offer.Status.DRAFT
    assert calls == []
