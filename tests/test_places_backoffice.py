"""The back office of the map: places with hours and exceptions, kinds, import, export."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from familienrathaus.core.models import AuditEntry, District
from familienrathaus.places.models import Place, PlaceKind
from tests.factories import (
    PlaceFactory,
    confirm,
    kind,
    latest_run,
    place_data,
    png_upload,
    upload,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def test_a_coordinator_creates_a_place_with_hours_exceptions_and_a_photo(
    coordinator_client: Client, anon_client: Client
) -> None:
    response = coordinator_client.post(
        "/verwaltung/orte/neu/",
        place_data(photo=png_upload("foto.png", (20, 10), "red"), photo_alt="Der Wickelraum"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    place = Place.objects.get(name="Stadtbibliothek")
    first = place.hours.all()[0]
    assert (first.weekday, first.opens, first.closes) == (
        1,
        dt.time(10),
        dt.time(18),
    )
    assert place.exceptions.get().note == "Betriebsferien"
    assert place.amenities == ["changing_table", "toilet"]
    assert place.photo.name.endswith(".png")
    assert AuditEntry.objects.filter(
        action="places.place_created", object_id=str(place.pk)
    ).exists()
    page = anon_client.get(place.get_absolute_url()).content.decode()
    assert 'alt="Der Wickelraum"' in page
    assert "Betriebsferien" in page


def test_bad_input_is_explained_next_to_the_field_and_kept(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/verwaltung/orte/neu/",
        place_data(
            opening_hours="Mo bis Fr",
            latitude="95",
            photo=png_upload("foto.png", (20, 10), "red"),
            photo_alt="",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "could not be read" in html
    assert "Please describe what the photo shows." in html or "between" in html
    assert 'value="Stadtbibliothek"' in html
    assert not Place.objects.exists()


def test_the_list_exports_as_csv_and_xlsx_and_the_csv_imports_again(
    coordinator_client: Client,
) -> None:
    altstadt = District.objects.create(name="Altstadt", slug="altstadt")
    PlaceFactory(
        name="Rathaus", street="Rathausplatz 1", district=altstadt, opening="Mo–Fr 8–16",
        kinds=[kind("still-und-wickelort"), kind("familienbuero")],
    )  # fmt: skip

    csv = coordinator_client.get("/verwaltung/orte/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Rathaus;" in text and "Mo–Fr 08:00–16:00" in text
    xlsx = coordinator_client.get("/verwaltung/orte/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "Rathaus"

    # Change the exported file and add a row, then import it.
    edited = text.replace("Mo–Fr 08:00–16:00", "Mo–Fr 8–18").encode("utf-8-sig")
    edited += b"Spielplatz Stadtpark;Spielplatz;Parkweg 1;12345;Musterstadt;Altstadt;"
    edited += b"51.401;7.19;;;;;;;;ja\r\n"
    upload(coordinator_client, "orte", edited)
    run = latest_run()
    assert run.report["counts"]["failed"] == 0, run.report
    confirm(coordinator_client, run)

    rathaus = Place.objects.get(name="Rathaus")
    assert rathaus.hours.first().closes == dt.time(18)  # type: ignore[union-attr]
    assert set(rathaus.kinds.values_list("slug", flat=True)) == {
        "still-und-wickelort",
        "familienbuero",
    }
    park = Place.objects.get(name="Spielplatz Stadtpark")
    assert park.district == altstadt and str(park.latitude) == "51.401000"


def test_an_import_with_a_bad_row_lands_nothing(coordinator_client: Client) -> None:
    content = xlsx_bytes(
        [
            [
                "Name",
                "Arten",
                "Straße",
                "PLZ",
                "Ort",
                "Breitengrad",
                "Längengrad",
                "Öffnungszeiten",
            ],
            ["Kita Sonne", "Kita", "Weg 1", "12345", "Musterstadt", "51.4", "7.19", "Mo–Fr 7–16"],
            ["Kita Mond", "Kita", "Weg 2", "12345", "Musterstadt", "151.4", "7.19", "nie"],
        ]
    )
    upload(coordinator_client, "orte", content, name="orte.xlsx")
    run = latest_run()
    assert run.report["counts"]["failed"] == 1
    texts = [error["text"] for error in run.report["errors"]]
    assert any("Row 3" in text and "Breitengrad" in text for text in texts), texts
    assert len(texts) == 2, texts
    assert any("Row 3" in text and "could not be read" in text for text in texts), texts
    confirm(coordinator_client, run)
    assert not Place.objects.exists()


def test_kinds_are_edited_and_the_notinsel_kind_stays(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/verwaltung/orte/arten/neu/",
        {"name": "Bücherei", "slug": "buecherei", "icon": "office", "position": "9"},
    )
    assert response.status_code == 302
    new = PlaceKind.objects.get(slug="buecherei")
    assert coordinator_client.get("/verwaltung/orte/arten/").status_code == 200
    coordinator_client.post(f"/verwaltung/orte/arten/{new.pk}/loeschen/")
    assert not PlaceKind.objects.filter(slug="buecherei").exists()
    notinsel = kind("notinsel")
    coordinator_client.post(f"/verwaltung/orte/arten/{notinsel.pk}/loeschen/")
    assert PlaceKind.objects.filter(slug="notinsel").exists()


def test_partner_staff_do_not_reach_the_map_back_office(partner_client: Client) -> None:
    for url in ("/verwaltung/orte/", "/verwaltung/orte/neu/", "/verwaltung/orte/arten/"):
        assert partner_client.get(url).status_code == 403


def test_the_back_office_tiles_are_shown_to_coordinators(coordinator_client: Client) -> None:
    html = coordinator_client.get("/verwaltung/").content.decode()
    assert 'href="/verwaltung/orte/"' in html
    assert 'href="/verwaltung/orte/notinseln/"' in html


def test_the_kinds_page_counts_places_without_a_query_per_kind(
    coordinator_client: Client,
) -> None:
    kind("notinsel")
    for number in range(6):
        PlaceKind.objects.create(name=f"Art {number}", slug=f"art-{number}")
    PlaceFactory.create_batch(3, kinds=[kind("spielplatz")])
    coordinator_client.get("/verwaltung/orte/arten/")  # warm the session and the cache
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get("/verwaltung/orte/arten/")
    html = response.content.decode()
    row = re.search(r"Spielplatz</a></th>\s*<td[^>]*>(\d+)</td>", html)
    assert row is not None and row.group(1) == "3"
    assert len(queries) <= 8, [q["sql"][:80] for q in queries.captured_queries]
