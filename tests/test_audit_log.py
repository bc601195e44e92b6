"""The audit log page: filters and the CSV download for German Excel."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from familienrathaus.core.models.users import Role
from tests.factories import AuditEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("core:audit_log")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def entries(coordinator):
    anna = UserFactory(role=Role.COORDINATOR, email="anna@example.org")
    ben = UserFactory(role=Role.PARTNER, email="ben@example.org")
    return {
        "january": AuditEntryFactory(
            actor=anna,
            object_type="core.legalpage",
            object_repr="Impressum Januar",
            created_at=datetime(2025, 1, 31, 23, 30, tzinfo=BERLIN),
        ),
        "february": AuditEntryFactory(
            actor=ben,
            object_type="partners.organisation",
            object_repr="Kita Februar",
            created_at=datetime(2025, 2, 1, 0, 15, tzinfo=BERLIN),
        ),
        "end of february": AuditEntryFactory(
            actor=anna,
            object_type="partners.organisation",
            object_repr="Verein Ende Februar",
            created_at=datetime(2025, 2, 28, 23, 45, tzinfo=BERLIN),
        ),
        "march": AuditEntryFactory(
            actor=ben,
            object_type="core.sitesettings",
            object_repr="Einstellungen März",
            created_at=datetime(2025, 3, 1, 0, 5, tzinfo=BERLIN),
        ),
    }


def shown(client, **filters: str) -> set[str]:
    """The object names the audit log page lists for the filters."""
    response = client.get(URL, filters)
    assert response.status_code == 200
    html = response.content.decode()
    names = {"Impressum Januar", "Kita Februar", "Verein Ende Februar", "Einstellungen März"}
    return {name for name in names if name in html}


def download(client, **filters: str):
    response = client.get(URL, {**filters, "format": "csv"})
    assert response.status_code == 200
    return response


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_without_filter_everything_is_listed(coordinator_client, entries):
    assert shown(coordinator_client) == {
        "Impressum Januar",
        "Kita Februar",
        "Verein Ende Februar",
        "Einstellungen März",
    }


def test_filter_by_actor(coordinator_client, entries):
    assert shown(coordinator_client, actor="ben@") == {"Kita Februar", "Einstellungen März"}


def test_filter_by_object_type(coordinator_client, entries):
    assert shown(coordinator_client, object_type="partners.organisation") == {
        "Kita Februar",
        "Verein Ende Februar",
    }


def test_filter_by_date_range_includes_whole_days_in_local_time(coordinator_client, entries):
    assert shown(coordinator_client, since="2025-02-01", until="2025-02-28") == {
        "Kita Februar",
        "Verein Ende Februar",
    }


def test_filters_combine(coordinator_client, entries):
    assert shown(
        coordinator_client, actor="anna", object_type="partners.organisation", since="2025-02-01"
    ) == {"Verein Ende Februar"}


def test_csv_is_for_german_excel(coordinator_client, entries):
    response = download(coordinator_client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    header_line = response.content.decode("utf-8-sig").split("\r\n")[0]
    assert header_line == "When;Who;Action;Object type;Object;Changes"
    rows = rows_of(response)
    assert len(rows) == 1 + 4
    assert rows[1][:2] == ["01.03.2025 00:05", "ben@example.org"]  # newest first, local time
    assert "Einstellungen März" in rows[1]


def test_csv_follows_the_filter(coordinator_client, entries):
    rows = rows_of(download(coordinator_client, actor="anna"))

    assert [row[4] for row in rows[1:]] == ["Verein Ende Februar", "Impressum Januar"]


@pytest.mark.parametrize("value", ["=SUM(A1)", "+49 170 1234567", "-1+2", "@cmd", "\t=1+1"])
def test_formula_like_values_are_defused_in_the_csv(coordinator_client, value):
    AuditEntryFactory(object_repr=value)

    rows = rows_of(download(coordinator_client))

    assert rows[1][4] == "'" + value


def test_a_formula_typed_into_a_page_title_is_defused_in_the_csv(coordinator_client):
    coordinator_client.post(
        reverse("core:legal_page_edit", kwargs={"kind": "impressum"}),
        {"title": "=SUM(A1)", "body": "Text"},
    )

    rows = rows_of(download(coordinator_client))

    assert [row[4] for row in rows[1:]] == ["'=SUM(A1)"]
