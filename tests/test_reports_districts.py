"""The districts in the back office (/verwaltung/berichte/stadtteile/): the list, a
district's kind and figures per year, drawing or pasting an outline. Coordinators only."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from familienrathaus.core.models import AuditEntry
from familienrathaus.reports.models import DistrictArea, DistrictPopulation
from tests.factories.core import DistrictFactory
from tests.factories.reports import (
    DistrictAreaFactory,
    DistrictPopulationFactory,
    PostcodeDistrictFactory,
    square,
)

pytestmark = pytest.mark.django_db


def test_list_shows_kind_outline_and_the_latest_figures(coordinator_client: Client) -> None:
    altstadt = DistrictFactory(name="Altstadt", slug="altstadt")
    heide = DistrictFactory(name="Heide", slug="heide")
    DistrictAreaFactory(
        district=heide, kind=DistrictArea.Kind.VILLAGE, outline=None, joined_year=2024
    )
    DistrictAreaFactory(district=altstadt)
    DistrictPopulationFactory(district=altstadt, year=2024, residents=900)
    DistrictPopulationFactory(district=altstadt, year=2025, residents=1234, children_0_2=31)
    page = coordinator_client.get(reverse("reports:districts"))
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split('data-district="altstadt"')[1].split("</tr>")[0]
    assert "2025" in row and "1234" in row and ">31<" in row and 'data-outline="yes"' in row
    village = html.split('data-district="heide"')[1].split("</tr>")[0]
    assert "Ortsteil" in village or "village" in village.lower()
    assert 'data-outline="no"' in village and "2024" in village


def test_kind_and_reform_year_are_saved_and_audited(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    url = reverse("reports:district-edit", args=[heide.pk])
    response = coordinator_client.post(
        url, {"action": "area", "kind": "village", "joined_year": "2024", "note": "Reform 2024"}
    )
    assert response.status_code == 302
    area = DistrictArea.objects.get(district=heide)
    assert (area.kind, area.joined_year, area.note) == ("village", 2024, "Reform 2024")
    assert AuditEntry.objects.filter(action="reports.district.changed").exists()


def test_a_centre_needs_both_coordinates(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    url = reverse("reports:district-edit", args=[heide.pk])
    response = coordinator_client.post(
        url, {"action": "area", "kind": "quarter", "centre_latitude": "51.4", "note": "behalten"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "both latitude and longitude" in html
    assert 'value="behalten"' in html


def test_children_more_than_residents_are_refused_next_to_the_field(
    coordinator_client: Client,
) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    url = reverse("reports:district-edit", args=[heide.pk])
    typed = {
        "action": "add",
        "new-year": "2025",
        "new-residents": "50",
        "new-children_0_2": "30",
        "new-children_3_5": "30",
        "new-source": "Meldeamt 31.12.2025",
    }
    response = coordinator_client.post(url, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "are more than the residents (50)" in html
    assert 'id="id_new-residents-error"' in html
    assert 'value="Meldeamt 31.12.2025"' in html and 'value="30"' in html  # nothing lost
    assert not DistrictPopulation.objects.exists()

    typed["new-residents"] = "500"
    assert coordinator_client.post(url, typed).status_code == 302
    row = DistrictPopulation.objects.get(district=heide, year=2025)
    assert (row.residents, row.children_total, row.children_6_9) == (500, 60, None)

    # the same year again: a message, no second row
    response = coordinator_client.post(url, typed)
    assert response.status_code == 400
    assert "There are figures for 2025 already" in response.content.decode()


def test_a_year_is_changed_in_its_own_form_and_deleted(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    row = DistrictPopulationFactory(district=heide, year=2024)
    DistrictPopulationFactory(district=heide, year=2025)
    url = reverse("reports:district-edit", args=[heide.pk])
    page = coordinator_client.get(url).content.decode()
    assert 'id="year-2024"' in page and 'id="year-2025"' in page and 'id="add-year"' in page
    p = f"y{row.pk}-"
    data = {"action": "year", "row": row.pk, p + "residents": "1500", p + "children_0_2": "44"}
    assert coordinator_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.year, row.residents, row.children_0_2, row.children_3_5) == (2024, 1500, 44, None)
    delete = reverse("reports:district-year-delete", args=[heide.pk, row.pk])
    assert (
        "Delete the figures of Heide for 2024?" in coordinator_client.get(delete).content.decode()
    )
    assert DistrictPopulation.objects.count() == 2  # asking deletes nothing
    assert coordinator_client.post(delete).status_code == 302
    assert list(DistrictPopulation.objects.values_list("year", flat=True)) == [2025]
    assert AuditEntry.objects.filter(action="reports.population.deleted").exists()


def test_an_outline_is_pasted_and_the_centre_follows(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    url = reverse("reports:district-outline", args=[heide.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert "Load map" in page.content.decode()  # the map is there on request only
    outline = square(51.38, 7.25, 0.01)
    response = coordinator_client.post(url, {"outline": json.dumps(outline)})
    assert response.status_code == 302
    area = DistrictArea.objects.get(district=heide)
    assert area.outline == outline
    assert float(area.centre_latitude) == pytest.approx(51.38)
    assert float(area.centre_longitude) == pytest.approx(7.25)
    assert AuditEntry.objects.filter(action="reports.district.outline").exists()


def test_a_broken_outline_gets_a_message_and_the_text_stays(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    url = reverse("reports:district-outline", args=[heide.pk])
    typed = '{"type": "Polygon", "coordinates": [[[7.1, 51.1], [7.2, 51.1], [7.2, 51.2]]]}'
    response = coordinator_client.post(url, {"outline": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least three corners" in html
    assert "[7.2, 51.2]" in html
    response = coordinator_client.post(url, {"outline": "{kaputt"})
    assert "cannot be read as JSON" in response.content.decode()
    assert not DistrictArea.objects.filter(district=heide).exclude(outline=None).exists()


def test_postcodes_are_shown_on_the_district(coordinator_client: Client) -> None:
    heide = DistrictFactory(name="Heide", slug="heide")
    PostcodeDistrictFactory(postcode="58999", district=heide)
    page = coordinator_client.get(reverse("reports:district-edit", args=[heide.pk]))
    assert "58999" in page.content.decode()


@pytest.mark.parametrize("who", ["anon_client", "family_client", "partner_client"])
def test_nobody_but_coordinators_reaches_the_districts(
    who: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(who)
    heide = DistrictFactory(name="Heide", slug="heide")
    urls = [
        reverse("reports:districts"),
        reverse("reports:district-edit", args=[heide.pk]),
        reverse("reports:district-outline", args=[heide.pk]),
        reverse("reports:districts-import"),
    ]
    for url in urls:
        response = client.get(url)
        if who == "anon_client":
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code == 404
    response = client.post(
        reverse("reports:district-edit", args=[heide.pk]),
        {"action": "area", "kind": "village"},
    )
    assert response.status_code in (302, 404)
    assert not DistrictArea.objects.exists()
