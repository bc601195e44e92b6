"""The reports' API (/api/v1/reports): coordinators' tokens read the district figures
and the key figures as JSON; any other account gets 403, no account 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core import services as core_services
from familienrathaus.core.models import Theme, User
from familienrathaus.reports.models import DistrictArea, DistrictPopulation
from familienrathaus.reports.selectors import figures
from tests.factories.core import district
from tests.factories.offers import OfferFactory
from tests.factories.surveys import ResponseFactory

pytestmark = pytest.mark.django_db

DISTRICTS = "/api/v1/reports/districts"
FIGURES = "/api/v1/reports/figures"


def token_client(user: User) -> Client:
    key = core_services.create_api_token(user=user, name="Ratsinformationssystem")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def town(db: None) -> dict[str, Any]:
    north = district("Nordstadt")
    DistrictArea.objects.create(district=north, kind=DistrictArea.Kind.VILLAGE)
    DistrictPopulation.objects.create(
        district=north, year=timezone.localdate().year, residents=4000, children_0_2=100
    )
    theme = Theme.objects.order_by("pk").first()
    assert theme is not None
    offer = OfferFactory(published=True)
    offer.districts.add(north)
    offer.themes.add(theme)
    return {"district": north, "theme": theme}


def test_a_coordinators_token_reads_the_district_rows(
    town: dict[str, Any], coordinator: User
) -> None:
    response = token_client(coordinator).get(DISTRICTS)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["year"] == timezone.localdate().year
    assert data["filters"] == {"theme": None, "audience": None, "band": None}
    north = next(row for row in data["rows"] if row["slug"] == town["district"].slug)
    assert north["name"] == "Nordstadt" and north["kind"] == "village"
    assert north["residents"] == 4000 and north["children"] == 100
    assert north["counts"]["offers"] == 1
    assert north["per_1000"]["offers"] == 10.0
    assert set(north["counts"]) == {
        "offers",
        "events",
        "occasions",
        "notinseln",
        "nursing",
        "kitas",
    }
    assert set(north["demand"]) == {"survey_answers", "concerns", "children_not_placed", "waiting"}
    assert isinstance(north["nearest_km"], dict)
    # the last row: what could not be placed in a district
    assert data["rows"][-1]["slug"] is None


def test_the_district_filters_are_checked(town: dict[str, Any], coordinator: User) -> None:
    client = token_client(coordinator)
    chosen = client.get(DISTRICTS, {"theme": town["theme"].slug, "band": "0_2"}).json()
    assert chosen["filters"]["theme"] == town["theme"].slug
    assert chosen["filters"]["band"] == "0_2"
    for query, field in (
        ({"theme": "gibt-es-nicht"}, "theme"),
        ({"audience": "niemand"}, "audience"),
        ({"band": "99_100"}, "band"),
        ({"year": "1850"}, "year"),
    ):
        response = client.get(DISTRICTS, query)
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"][-1] == field


def test_a_coordinators_token_reads_the_key_figures(coordinator: User) -> None:
    today = timezone.localdate()
    ResponseFactory(submitted_on=today)
    ResponseFactory(submitted_on=today)
    ResponseFactory(submitted_on=today.replace(year=today.year - 1))
    response = token_client(coordinator).get(FIGURES)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["year"] == today.year and data["year_to_date"] is True
    assert data["end"] == today.isoformat()
    assert data["previous_end"] == today.replace(year=today.year - 1).isoformat()
    assert [f["key"] for f in data["figures"]] == [d.key for d in figures.DEFINITIONS]
    answers = next(f for f in data["figures"] if f["key"] == "survey_answers")
    assert (answers["value"], answers["previous"]) == (2, 1)
    assert answers["trend"] == {
        "direction": "up",
        "percent": 100,
        "text": f"+100 % compared with {today.year - 1}",
    }
    assert answers["url"].startswith("http") and answers["url"].endswith("/verwaltung/befragungen/")
    # no concern answered: the median is no number, not 0
    median = next(f for f in data["figures"] if f["key"] == "concern_first_answer_days")
    assert median["value"] is None and median["unit"] == "days"
    past = token_client(coordinator).get(FIGURES, {"year": today.year - 1}).json()
    assert past["year_to_date"] is False and past["start"] == f"{today.year - 1}-01-01"
    assert token_client(coordinator).get(FIGURES, {"year": today.year + 1}).status_code == 422


def test_other_accounts_get_403_and_no_account_401(
    town: dict[str, Any], partner_user: User, family_user: User
) -> None:
    for user in (partner_user, family_user):
        client = token_client(user)
        for url in (DISTRICTS, FIGURES):
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert "Nordstadt" not in response.content.decode()
    for url in (DISTRICTS, FIGURES):
        assert Client().get(url).status_code == 401


def test_the_openapi_document_describes_both_answers(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path, schema in (
        ("/api/v1/reports/districts", "ReportDistrictsOut"),
        ("/api/v1/reports/figures", "ReportFiguresOut"),
    ):
        answers = document["paths"][path]["get"]["responses"]
        assert {"200", "401", "403", "422"} <= set(answers)
        assert answers["200"]["content"]["application/json"]["schema"]["$ref"].endswith(schema)
    row = document["components"]["schemas"]["ReportDistrictRowOut"]["properties"]
    assert {"name", "slug", "kind", "children", "per_1000", "nearest_km", "demand"} <= set(row)
