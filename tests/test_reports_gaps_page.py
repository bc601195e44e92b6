"""The district gap report's page, as a coordinator uses it: filters, the map and its
table, sorting, downloads, the page without outlines, and who may see it."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from familienrathaus.core.models import District
from familienrathaus.reports import choropleth
from familienrathaus.reports.selectors.gaps import GapFilters, district_report
from tests.factories.core import DistrictFactory, theme
from tests.factories.offers import OfferFactory
from tests.factories.reports import DistrictAreaFactory, DistrictPopulationFactory, square

pytestmark = pytest.mark.django_db

URL = "/verwaltung/berichte/angebotsluecken/"


@pytest.fixture
def districts() -> list[District]:
    """Altstadt (3 offers, 100 children), Nordviertel (1 offer, 100 children), Heide
    (no offer, 100 children): all with outlines."""
    found = []
    for index, (name, offers) in enumerate((("Altstadt", 3), ("Nordviertel", 1), ("Heide", 0))):
        district: Any = DistrictFactory(name=name, slug=name.lower())
        DistrictAreaFactory(district=district, outline=square(51.40 + index * 0.02, 7.19))
        DistrictPopulationFactory(district=district)
        for _ in range(offers):
            OfferFactory(published=True, districts=[district], themes=[theme("gesundheit")])
        found.append(district)
    return found


def _table(html: str, name: str) -> list[list[str]]:
    body = html.split(f'data-table="{name}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_the_page_shows_the_map_and_the_same_figures_as_a_table(
    coordinator_client: Client, districts: list[District]
) -> None:
    assert reverse("reports:gaps") == URL
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="frh-choropleth"', 1)[1]
    svg = svg.split("</svg>", 1)[0]
    assert svg.count("data-district=") == 3
    assert 'role="img"' in svg and "<desc" in svg and "<pattern" in svg
    assert 'data-district="heide" data-class="zero"' in svg  # none: crosses, dashed border
    assert "Heide: 0" in svg
    assert "style=" not in svg  # the CSP allows no style attributes

    table = _table(html, "supply")
    # Sorted by the map's figure (offers per 1,000 children), lowest first.
    assert [row[0] for row in table[1:]] == [
        "Heide ⚠ weakest",
        "Nordviertel",
        "Altstadt",
        "without district",
    ]
    assert table[1][1] == "0 ✕ (none)"  # a zero is marked, not only coloured
    assert table[3][1:4] == ["30.0", "100", "3"]  # map figure, children, offers
    assert 'aria-sort="ascending"' in html
    assert "Weakest districts: Heide." in html  # the map's text summary


def test_sorting_by_a_column_header_on_the_server(
    coordinator_client: Client, districts: list[District]
) -> None:
    html = coordinator_client.get(URL, {"sortierung": "offers", "richtung": "ab"}).content.decode()
    names = [row[0] for row in _table(html, "supply")[1:]]
    assert names[:3] == ["Altstadt", "Nordviertel", "Heide ⚠ weakest"]
    assert names[-1] == "without district"  # always last
    header = re.search(r'<th[^>]*aria-sort="descending"[^>]*><a href="([^"]+)">Offers', html)
    assert header is not None  # the sorted column says so, and its link reverses it
    assert "richtung=auf" in header.group(1)


def test_filters_narrow_the_figures_and_a_wrong_value_is_named(
    coordinator_client: Client, districts: list[District]
) -> None:
    html = coordinator_client.get(URL, {"thema": "gesundheit", "alter": "0_2"}).content.decode()
    assert _table(html, "supply")[1][0].startswith("Heide")
    assert "Health" in html or "Gesundheit" in html
    # A demand figure on the map: no district is marked as a gap for having none.
    html = coordinator_client.get(URL, {"kennzahl": "concerns"}).content.decode()
    assert 'data-class="zero"' not in html and "Map: Concerns" in html
    assert "Concerns: the same in every district with a figure (0)." in html
    assert "Heide ⚠ weakest" in [row[0] for row in _table(html, "supply")]
    html = coordinator_client.get(URL, {"thema": "gibt-es-nicht"}).content.decode()
    assert 'id="id_thema-error"' in html  # the message sits next to the field
    assert len(_table(html, "supply")) == 5  # the report is still there


def test_the_table_downloads_as_csv_and_xlsx(
    coordinator_client: Client, districts: list[District]
) -> None:
    response = coordinator_client.get(reverse("reports:gaps-export", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Altstadt"]["Offers"] == "3"
    assert by_name["Heide"]["Offers"] == "0"
    assert by_name["Heide"]["Weakest"] == "yes"
    assert by_name["Altstadt"]["Offers per 1,000 children"] == "30.0"

    response = coordinator_client.get(
        reverse("reports:gaps-export", args=["xlsx"]), {"thema": "gesundheit"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Altstadt" and values[1][3] == 3  # numbers stay numbers
    assert (
        coordinator_client.get("/verwaltung/berichte/angebotsluecken/tabelle.pdf").status_code
        == 404
    )


def test_without_outlines_the_page_is_the_table_alone(coordinator_client: Client) -> None:
    district = DistrictFactory(name="Altstadt", slug="altstadt")
    OfferFactory(published=True, districts=[district])
    report = district_report(GapFilters())
    assert choropleth.render(report) == ""
    html = coordinator_client.get(URL).content.decode()
    assert "frh-choropleth" not in html
    assert "No district has an outline yet" in html
    assert f'href="{reverse("reports:districts")}"' in html
    assert _table(html, "supply")[1][0] == "Altstadt"
    assert "leaflet" not in html  # no city map either


@pytest.mark.parametrize("who", ["anonymous", "family_user", "partner_user"])
def test_only_coordinators_see_the_report(
    who: str, client_for: Any, request: pytest.FixtureRequest
) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    for url in (URL, reverse("reports:gaps-export", args=["csv"])):
        response = client.get(url)
        if user is None:
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 404
