"""Imports of the districts: outlines from a GeoJSON file (preview, then confirm),
children per district and year and postcodes from CSV as German Excel saves it."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from familienrathaus.core.models import AuditEntry
from familienrathaus.reports.models import DistrictArea, DistrictPopulation, PostcodeDistrict
from tests.factories.core import DistrictFactory
from tests.factories.imports import confirm, csv_bytes, latest_run, upload
from tests.factories.reports import DistrictAreaFactory, DistrictPopulationFactory, square

pytestmark = pytest.mark.django_db


def _feature(props: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _upload(client: Client, data: object, name: str = "stadtteile.geojson") -> object:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(
        reverse("reports:districts-import"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_outlines_from_a_file_are_previewed_then_saved(coordinator_client: Client) -> None:
    altstadt = DistrictFactory(name="Altstadt", slug="altstadt")
    muehlental = DistrictFactory(name="Mühlental", slug="muehlental")
    DistrictFactory(name="Heide", slug="heide")
    DistrictAreaFactory(district=altstadt, outline=square(51.0, 7.0))
    collection = {
        "type": "FeatureCollection",
        "features": [
            _feature({"id": 1, "STADTTEIL": "ALTSTADT"}, square(51.40, 7.19)),
            _feature({"id": 2, "STADTTEIL": "muehlental"}, square(51.36, 7.25)),
            _feature({"id": 3, "STADTTEIL": "Gewerbegebiet"}, square(51.42, 7.15)),
        ],
    }
    page = _upload(coordinator_client, collection)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 areas match a district" in html
    assert "Gewerbegebiet" in html and "no matching district" in html
    assert "Heide" in html.split("Districts without an area in the file")[1]
    assert 'value="STADTTEIL" selected' in html or "STADTTEIL" in html
    assert html.count("replaces its outline") == 1  # Altstadt had one
    assert DistrictArea.objects.get().outline == square(51.0, 7.0)  # nothing saved yet

    # choosing the wrong property matches nothing
    preview_url = page.redirect_chain[-1][0]
    wrong = coordinator_client.get(preview_url, {"eigenschaft": "id"}).content.decode()
    assert "0 areas match a district" in wrong

    response = coordinator_client.post(preview_url, {"eigenschaft": "STADTTEIL"}, follow=True)
    assert "The outlines of 2 districts are saved." in response.content.decode()
    assert DistrictArea.objects.get(district=altstadt).outline == square(51.40, 7.19)
    assert float(DistrictArea.objects.get(district=muehlental).centre_latitude) == pytest.approx(
        51.36
    )
    assert AuditEntry.objects.filter(action="reports.district.outlines_imported").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "cannot be read as JSON"),
        (b'{"type": "Polygon", "coordinates": []}', "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "contains no areas"),
    ],
)
def test_a_bad_file_gets_a_clear_message(
    coordinator_client: Client, content: bytes, message: str
) -> None:
    page = _upload(coordinator_client, content)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_a_broken_area_is_shown_and_left_out(coordinator_client: Client) -> None:
    DistrictFactory(name="Altstadt", slug="altstadt")
    DistrictFactory(name="Heide", slug="heide")
    point = {"type": "Point", "coordinates": [7.1, 51.4]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            _feature({"name": "Altstadt"}, square()),
            _feature({"name": "Heide"}, point),
        ],
    }
    page = _upload(coordinator_client, collection)
    html = page.content.decode()
    assert "1 area matches a district" in html and "must be a Polygon or MultiPolygon" in html
    coordinator_client.post(page.redirect_chain[-1][0], {"eigenschaft": "name"})
    assert list(DistrictArea.objects.values_list("district__name", flat=True)) == ["Altstadt"]


@pytest.mark.usefixtures("immediate_tasks")
def test_children_per_year_from_german_excel_csv(coordinator_client: Client) -> None:
    altstadt = DistrictFactory(name="Altstadt", slug="altstadt")
    heide = DistrictFactory(name="Heide", slug="heide")
    DistrictPopulationFactory(district=altstadt, year=2024, residents=900)
    rows = [
        ["Stadtteil", "Jahr", "Einwohner", "0-2", "3-5", "6-9", "10-13", "14-17"],
        ["Altstadt", "2024", "950", "20", "20", "20", "20", "20"],
        ["Heide", "2025", "400", "10", "12", "14", "16", "18"],
    ]
    page = upload(coordinator_client, "stadtteil-zahlen", csv_bytes(rows), "zahlen.csv")
    assert page.context["counts"] == {"new": 1, "updated": 1, "unchanged": 0, "failed": 0}
    confirm(coordinator_client, latest_run())
    assert DistrictPopulation.objects.get(district=altstadt, year=2024).residents == 950
    assert DistrictPopulation.objects.get(district=heide, year=2025).children_total == 70


@pytest.mark.usefixtures("immediate_tasks")
def test_implausible_or_unknown_rows_fail_and_nothing_lands(coordinator_client: Client) -> None:
    DistrictFactory(name="Heide", slug="heide")
    rows = [
        ["Stadtteil", "Jahr", "Einwohner", "0-2", "3-5", "6-9", "10-13", "14-17"],
        ["Heide", "2025", "40", "10", "12", "14", "16", "18"],
        ["Heidi", "2025", "400", "1", "1", "1", "1", "1"],
    ]
    page = upload(coordinator_client, "stadtteil-zahlen", csv_bytes(rows), "zahlen.csv")
    assert page.context["counts"]["failed"] == 2
    errors = coordinator_client.get(
        reverse("core:import_errors", args=[latest_run().pk])
    ).content.decode()
    assert "are more than the residents (40)" in errors
    assert "Did you mean" in errors
    assert not DistrictPopulation.objects.exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_postcodes_from_csv(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    altstadt = DistrictFactory(name="Altstadt", slug="altstadt")
    PostcodeDistrict.objects.create(postcode="58452", district=altstadt)
    rows = [["Postleitzahl", "Stadtteil"], ["58452", "Heide"], ["58453", "Altstadt"]]
    page = upload(coordinator_client, "postleitzahlen", csv_bytes(rows), "plz.csv")
    assert page.context["counts"] == {"new": 1, "updated": 1, "unchanged": 0, "failed": 0}
    confirm(coordinator_client, latest_run())
    assert dict(PostcodeDistrict.objects.values_list("postcode", "district")) == {
        "58452": heide.pk,
        "58453": altstadt.pk,
    }
