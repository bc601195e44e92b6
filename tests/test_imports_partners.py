"""Importing partner organisations from CSV and XLSX, through the back office."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, District, ImportRun
from familienrathaus.partners.models import Address, Organisation
from tests.factories import OrganisationFactory, confirm, csv_bytes, latest_run, upload, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

GERMAN_HEADER = [
    "Name",
    "Art",
    "Beschreibung",
    "Webseite",
    "E-Mail",
    "Telefon",
    "Straße",
    "PLZ",
    "Ort",
    "Ortsteil",
    "Breitengrad",
    "Längengrad",
    "Öffentlich",
]


@pytest.fixture
def district(db: None) -> District:
    return District.objects.create(name="Nordstadt", slug="nordstadt")


def partner_rows() -> list[list[str]]:
    return [
        GERMAN_HEADER,
        [
            "Familienzentrum Sonnenblume",
            "Verein",
            "Offener Treff für Eltern.",
            "www.sonnenblume.example",
            "info@sonnenblume.example",
            "02324 123456",
            "Bahnhofstraße 5",
            "45525",
            "Musterstadt",
            "Nordstadt",
            "51,398123",
            "7,186401",
            "ja",
        ],
        [
            "Caritas Musterstadt",
            "Wohlfahrtsverband",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "nein",
        ],
    ]


def assert_imported_sonnenblume(district: District) -> None:
    sonnenblume = Organisation.objects.get(name="Familienzentrum Sonnenblume")
    assert sonnenblume.slug == "familienzentrum-sonnenblume"
    assert sonnenblume.kind == Organisation.Kind.ASSOCIATION
    assert sonnenblume.website == "https://www.sonnenblume.example"
    assert sonnenblume.email == "info@sonnenblume.example"
    assert sonnenblume.is_public is True
    [address] = sonnenblume.addresses.all()
    assert (address.street, address.postcode, address.city) == (
        "Bahnhofstraße 5",
        "45525",
        "Musterstadt",
    )
    assert address.district == district
    assert address.latitude == Decimal("51.398123")
    assert address.longitude == Decimal("7.186401")
    caritas = Organisation.objects.get(name="Caritas Musterstadt")
    assert caritas.kind == Organisation.Kind.WELFARE
    assert caritas.is_public is False
    assert not caritas.addresses.exists()


def test_csv_from_german_excel_shows_a_preview_then_imports_everything(
    coordinator_client, coordinator, district
):
    page = upload(coordinator_client, "partner", csv_bytes(partner_rows()), "partner.csv")

    assert page.status_code == 200
    content = page.content.decode()
    assert "ready to import" in content
    assert page.context["counts"] == {"new": 2, "updated": 0, "unchanged": 0, "failed": 0}
    assert "Familienzentrum Sonnenblume" in content
    assert "Import now" in content
    assert not Organisation.objects.filter(name="Familienzentrum Sonnenblume").exists()

    result = confirm(coordinator_client, latest_run())

    assert "The import is complete: 2 new, 0 updated." in result.content.decode()
    assert_imported_sonnenblume(district)
    entry = AuditEntry.objects.get(action="import.partners")
    assert entry.actor == coordinator
    assert entry.changes == {"file": "partner.csv", "new": 2, "updated": 0, "unchanged": 0}


def test_xlsx_workbook_imports_the_same(coordinator_client, district):
    rows = partner_rows()
    rows[1][10], rows[1][11] = 51.398123, 7.186401  # numbers, as Excel stores them
    rows[1][7] = 45525
    page = upload(coordinator_client, "partner", xlsx_bytes(rows), "partner.xlsx")
    assert page.context["counts"]["new"] == 2

    confirm(coordinator_client, latest_run())

    assert_imported_sonnenblume(district)


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "cp1252"), (",", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-16")],
    ids=["excel-cp1252-semicolon", "bom-comma", "utf8-comma", "unicode-text-tab"],
)
def test_encodings_and_delimiters_of_csv_files_are_recognised(
    coordinator_client, district, delimiter, encoding
):
    content = csv_bytes(partner_rows(), delimiter=delimiter, encoding=encoding)

    page = upload(coordinator_client, "partner", content, "partner.csv")
    assert page.context["counts"]["new"] == 2, page.context["errors"]
    confirm(coordinator_client, latest_run())

    assert_imported_sonnenblume(district)


def test_english_column_names_and_codes_work_too(coordinator_client):
    rows = [
        ["name", "KIND", "Website", "e-mail", "Street", "Postcode", "Town", "public"],
        [
            "Kita Pusteblume",
            "bildung",
            "https://pusteblume.example",
            "",
            "Weg 1",
            "1067",
            "Ort",
            "no",
        ],
    ]
    upload(coordinator_client, "partner", csv_bytes(rows, delimiter=","))
    confirm(coordinator_client, latest_run())

    kita = Organisation.objects.get(name="Kita Pusteblume")
    assert kita.kind == Organisation.Kind.EDUCATION
    assert kita.is_public is False
    assert kita.addresses.get().postcode == "01067"  # Excel had dropped the zero


def test_existing_partner_is_updated_not_duplicated(coordinator_client, organisation):
    # The fixture organisation is "Kita Regenbogen".
    Address.objects.create(
        organisation=organisation, street="Altweg 1", postcode="12345", city="Musterstadt"
    )
    rows = [
        ["Name", "Beschreibung", "Straße", "PLZ", "Ort"],
        ["kita regenbogen", "Neu: Sprachförderung", "Neuweg 2", "12345", "Musterstadt"],
    ]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert page.context["counts"] == {"new": 0, "updated": 1, "unchanged": 0, "failed": 0}
    [updated] = page.context["report"]["samples"]["updated"]
    assert updated["changes"] == ["name", "description", "street and number"]
    confirm(coordinator_client, latest_run())

    assert Organisation.objects.count() == 1
    organisation.refresh_from_db()
    assert organisation.description == "Neu: Sprachförderung"
    assert organisation.kind == Organisation.Kind.EDUCATION  # no column: unchanged
    [address] = organisation.addresses.all()
    assert address.street == "Neuweg 2"


def test_partner_found_by_its_short_name_is_renamed(coordinator_client, organisation):
    rows = [["Kurzname", "Name"], ["kita-regenbogen", "Kita Regenbogen am Park"]]

    upload(coordinator_client, "partner", csv_bytes(rows))
    confirm(coordinator_client, latest_run())

    organisation.refresh_from_db()
    assert organisation.name == "Kita Regenbogen am Park"
    assert Organisation.objects.count() == 1


def test_rows_that_match_what_is_stored_count_as_unchanged(coordinator_client, organisation):
    # "Kita/Schule" is one of the import's own aliases of the kind; the German label
    # ("Kita oder Schule") is known only through the compiled catalog, which a fresh
    # checkout lacks (tests keep passing whatever the German translations say).
    rows = [["Name", "Art"], ["Kita Regenbogen", "Kita/Schule"], ["Neu e.V.", "Verein"]]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert page.context["counts"] == {"new": 1, "updated": 0, "unchanged": 1, "failed": 0}


def test_a_bad_row_stops_the_whole_import_and_is_listed_with_its_reason(coordinator_client):
    rows = [
        ["Name", "E-Mail", "Art"],
        ["Verein A", "a@example.org", "Verein"],
        ["Verein B", "keine-adresse", "Verein"],
        ["Verein C", "c@example.org", "Sportverein"],
        ["Verein D", "d@example.org", "Verein"],
    ]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    content = page.content.decode()
    assert page.context["counts"]["failed"] == 2
    assert [e["text"] for e in page.context["errors"]] == [
        "Row 3, column “E-Mail”: “keine-adresse” is not an e-mail address.",
        "Row 4, column “Art”: “Sportverein” is not one of the allowed values: „Association“, "
        "„Welfare organisation“, „Daycare or school“, „Company“, „Administration“, "
        "„Church“, „Practice“, „Shop“, „Other“.",
    ]
    assert "Row 3, column “E-Mail”" in content
    assert "Import now" not in content
    assert "Upload a corrected file" in content
    run = latest_run()
    assert run.status == ImportRun.Status.INVALID

    # Even a forged confirmation imports nothing.
    refused = confirm(coordinator_client, run)
    assert "cannot be imported" in refused.content.decode()
    assert not Organisation.objects.exists()


def test_the_same_partner_twice_in_a_file_is_an_error(coordinator_client):
    rows = [["Name"], ["Verein A"], ["Verein B"], ["verein a"]]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert [e["text"] for e in page.context["errors"]] == [
        "Row 4, column “Name”: This partner is already in row 2."
    ]


def test_an_incomplete_address_and_half_coordinates_are_errors(coordinator_client, district):
    rows = [
        ["Name", "Straße", "PLZ", "Ort", "Ortsteil", "Breite", "Länge"],
        ["Verein A", "Weg 1", "", "Musterstadt", "", "51,4", ""],
        ["Verein B", "Weg 2", "12345", "Musterstadt", "Nordstadtt", "", ""],
    ]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert [e["text"] for e in page.context["errors"]] == [
        "Row 2, column “PLZ”: An address needs street and number, postcode and town.",
        "Row 2, column “Länge”: Latitude and longitude go together: please give both or neither.",
        "Row 3, column “Ortsteil”: “Nordstadtt” is not a known district. Did you mean “Nordstadt”?",
    ]


def test_preview_links_to_the_list_of_errors_as_a_download(coordinator_client):
    rows = [["Name", "Webseite"], ["Verein A", "kein link"]]
    upload(coordinator_client, "partner", csv_bytes(rows))

    download = coordinator_client.get(
        reverse("core:import_errors", args=[latest_run().pk]) + "?format=csv"
    )

    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines == ["Row;Column;Problem", "2;Webseite;“kein link” is not a web address."]


def test_existing_partners_from_the_factory_are_matched_by_slug_of_their_name(coordinator_client):
    OrganisationFactory(name="AWO Ortsverein", slug="awo-ortsverein")
    rows = [["Name", "Telefon"], ["AWO-Ortsverein", "0123 45"]]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert page.context["counts"]["updated"] == 1
