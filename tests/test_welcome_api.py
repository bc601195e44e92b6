"""The timeline through the API: GET /api/v1/welcome/timeline?birth_date=…"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

URL = "/api/v1/welcome/timeline"


def test_timeline_of_a_leap_day_child_with_inclusive_iso_dates(client: Client) -> None:
    response = client.get(URL, {"birth_date": "2024-02-29"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    items = {item["key"]: item for item in response.json()["items"]}
    assert {"u2", "u3", "u4", "u5", "u6", "u7", "u7a", "u8", "u9"} <= set(items)
    assert {"elterngeld", "kindergeld", "vaccinations", "kita-registration", "kita-claim"} <= set(
        items
    )
    assert items["u2"]["start"] == "2024-03-02"
    assert items["u2"]["end"] == "2024-03-09"
    assert items["u2"]["tolerance_end"] == "2024-03-13"
    assert items["kita-claim"]["start"] == "2025-03-01"
    assert items["u2"]["title"] == "U2 check-up"
    assert items["elterngeld"]["url"].startswith("https://familienportal.de/")
    assert items["vaccinations"]["url"]


def test_titles_come_in_the_language_of_the_request(client: Client) -> None:
    german = client.get(URL, {"birth_date": "2026-01-31"}, HTTP_ACCEPT_LANGUAGE="de").json()
    turkish = client.get(URL, {"birth_date": "2026-01-31"}, HTTP_ACCEPT_LANGUAGE="tr").json()
    assert {item["title"] for item in german["items"]} >= {"U2-Untersuchung"}
    assert {item["title"] for item in turkish["items"]} >= {"U2 muayenesi"}


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026-02-30", "not a day of the calendar"),
        ("abc", "YYYY-MM-DD"),
        ("future", "future"),
    ],
)
def test_impossible_malformed_or_future_dates_answer_422_with_a_message(
    client: Client, value: str, says: str
) -> None:
    if value == "future":
        value = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.get(URL, {"birth_date": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["query", "birth_date"]
    assert says in detail[0]["msg"]


def test_a_child_born_today_has_a_timeline(client: Client) -> None:
    response = client.get(URL, {"birth_date": timezone.localdate().isoformat()})
    assert response.status_code == 200


def test_missing_birth_date_is_a_validation_error(client: Client) -> None:
    assert client.get(URL).status_code == 422
