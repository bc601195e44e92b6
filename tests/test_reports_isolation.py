"""Who reaches the reports: every address of the app (read from its ``urls.py``, so a new
page is walked without being listed here) is for coordinators only. Anonymous visitors
go to the login; families and partner staff get 404 (or 403/405), for GET and POST,
and never a figure; nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.reports import urls
from familienrathaus.reports.models import DistrictArea, DistrictPopulation
from tests.conftest import english_client
from tests.factories.core import district

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SECRET_RESIDENTS = 987654


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    place = district("Geheimdorf")
    DistrictArea.objects.create(district=place, kind=DistrictArea.Kind.VILLAGE)
    row = DistrictPopulation.objects.create(
        district=place, year=timezone.localdate().year, residents=SECRET_RESIDENTS
    )
    return {"district": place, "population": row}


def _kwargs(pattern: URLPattern, world: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    converters = pattern.pattern.converters  # type: ignore[attr-defined]
    for key in pattern.pattern.regex.groupindex:
        if key == "pk":
            values[key] = world["district"].pk
        elif key in ("row", "population"):
            values[key] = world["population"].pk
        elif key == "year":
            values[key] = timezone.localdate().year
        elif key in ("file_format", "fmt", "format"):
            values[key] = "csv"
        elif key == "token":
            values[key] = "irgendein-token"
        elif type(converters.get(key)).__name__ == "IntConverter":
            values[key] = 1
        else:  # a new kind of parameter: teach this test how to fill it
            raise AssertionError(f"{pattern.name}: unknown URL parameter {key!r}")
    return values


def _patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern)]


def _refused(response: Any, *, anonymous: bool) -> bool:
    if anonymous and response.status_code == 302:
        return "/konto/login/" in response["Location"]
    return response.status_code in (403, 404, 405)


def test_every_reports_page_is_refused_to_families_partners_and_anonymous(
    world: dict[str, Any], family_user: User, partner_user: User
) -> None:
    clients = {
        "anonymous": english_client(),
        "family": english_client(family_user),
        "partner": english_client(partner_user),
    }
    patterns = _patterns()
    assert any(p.name == "dashboard" for p in patterns)
    before = (DistrictArea.objects.count(), DistrictPopulation.objects.get().residents)
    for pattern in patterns:
        url = reverse(f"reports:{pattern.name}", kwargs=_kwargs(pattern, world))
        assert url.startswith("/verwaltung/berichte/"), url
        for who, client in clients.items():
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert _refused(response, anonymous=who == "anonymous"), (who, method, url)
                assert str(SECRET_RESIDENTS).encode() not in response.content, (who, url)
                assert b"Geheimdorf" not in response.content, (who, url)
    assert (DistrictArea.objects.count(), DistrictPopulation.objects.get().residents) == before


def test_a_coordinator_reaches_the_dashboard(coordinator_client: Client) -> None:
    assert coordinator_client.get(reverse("reports:dashboard")).status_code == 200
