"""Reports on concerns: the figures a coordinator reads, checked against numbers worked
out by hand, the downloads parsed back, and who may open them.

The concerns lie in March 2025 in Nordrhein-Westfalen (no public holiday that month),
so working days are simply Monday to Friday:

====  =====  ===============  ============  ============  =============  ============
name  topic  arrived          first answer  closed        first due      close due
====  =====  ===============  ============  ============  =============  ============
c1    A      Mon 3 Mar 10:00  Wed 5 Mar     Mon 10 Mar    Mon 10 Mar     Mon 17 Mar
c2    A      Fri 7 Mar 16:00  Mon 10 Mar    Fri 28 Mar    Fri 14 Mar     Fri 21 Mar
c3    B      Tue 4 Mar        Fri 21 Mar    –             Tue 18 Mar     Tue 1 Apr
c4    B      Thu 6 Mar        –             –             Thu 20 Mar     Thu 3 Apr
c5    A      Sat 8 Mar        Sat 8 Mar     Mon 10 Mar    Fri 14 Mar     Fri 21 Mar
c8    –      Wed 31 Dec 23:30 –             –             –              –
====  =====  ===============  ============  ============  =============  ============

(A: 5/10 working days, B: 10/20.) Working days to the first answer: c1 2, c2 1, c3 13,
c5 0 → median 1.5, 90th percentile (nearest rank 4 of 4) 13. To closing: c1 5, c2 15,
c5 1 → median 5, 90th percentile 15. First answer in time: c1, c2, c5 in time; c3 late;
c4 unanswered past its due date, late; c8 has no due date → 3 of 5 = 60 %. Closed in
time: c1, c5 in time; c2, c3, c4 late → 2 of 5 = 40 %.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from familienrathaus.concerns.models import Concern
from familienrathaus.core.models import District
from familienrathaus.core.models.users import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.concerns import (
    ConcernFactory,
    ConcernTopicFactory,
    MessageFactory,
    OfficeFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
URL = "/verwaltung/anliegen/berichte/"
ANNUAL = "/verwaltung/anliegen/berichte/jahresbericht/"


def at(day: int, hour: int = 10, minute: int = 0, *, month: int = 3, year: int = 2025):
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2025, month, day)


@pytest.fixture
def march(settings):
    topic_a = ConcernTopicFactory(name="Wohnen (Test)", first_answer_days=5, closing_days=10)
    topic_b = ConcernTopicFactory(name="Freizeit (Test)", first_answer_days=10, closing_days=20)
    altstadt = District.objects.create(name="Altstadt (Test)", slug="altstadt-test")
    partner = OrganisationFactory(name="Musterpartner Wohnen")
    office = OfficeFactory(name="Testamt Jugend")
    closed = Concern.Status.CLOSED
    c1 = ConcernFactory(
        topic=topic_a, district=altstadt, kind="question", channel="form", status=closed,
        created_at=at(3), first_answer_at=at(5, 11), closed_at=at(10, 9),
        first_answer_due=d(10), close_due=d(17),
    )  # fmt: skip
    ConcernFactory(
        topic=topic_a, district=altstadt, kind="question", channel="postcard", status=closed,
        created_at=at(7, 16), first_answer_at=at(10, 8), closed_at=at(28, 15),
        first_answer_due=d(14), close_due=d(21),
    )  # fmt: skip
    ConcernFactory(
        topic=topic_b, kind="suggestion", channel="phone", status="answered",
        created_at=at(4), first_answer_at=at(21), first_answer_due=d(18), close_due=d(1, 4),
        organisation=partner,
    )  # fmt: skip
    ConcernFactory(
        topic=topic_b, kind="complaint", channel="form", status="received",
        created_at=at(6), first_answer_due=d(20), close_due=d(3, 4), office=office,
    )  # fmt: skip
    ConcernFactory(
        topic=topic_a, kind="help", channel="visit", status=closed, name="", email="",
        created_at=at(8, 9), first_answer_at=at(8, 12), closed_at=at(10, 12),
        first_answer_due=d(14), close_due=d(21), redacted_at=at(10, 13),
    )  # fmt: skip
    ConcernFactory(topic=topic_a, created_at=at(3, 12), merged_into=c1, status=closed)
    ConcernFactory(topic=None, kind="complaint", channel="api", created_at=at(31, 23, 30, month=12))
    # Outside 2025: the year before, and half an hour into 2026 on the town's clock.
    ConcernFactory(topic=topic_a, created_at=at(20, month=12, year=2024))
    ConcernFactory(topic=topic_a, created_at=at(1, 0, 30, month=1, year=2026))
    return {"a": topic_a, "b": topic_b}


def figure(html: str, name: str, within: str = "") -> str:
    start = html.index(within) if within else 0
    marker = f'data-figure="{name}">'
    position = html.index(marker, start) + len(marker)
    return html[position : html.index("<", position)].strip()


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook.worksheets[0]
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def lookup(rows: list[list[str]], section: str, entry: str) -> list[str]:
    matches = [row for row in rows if row[0] == section and row[1] == entry]
    assert len(matches) == 1, (section, entry, matches)
    return matches[0][2:]


def test_the_report_of_2025_shows_the_hand_computed_figures(march, coordinator_client):
    html = coordinator_client.get(URL, {"jahr": 2025}).content.decode()

    assert figure(html, "total") == "6"  # merged duplicate, 2024 and 2026 left out
    assert figure(html, "open") == "3"
    assert figure(html, "redacted") == "1"
    assert figure(html, "first-count") == "4"
    assert figure(html, "first-median") == "1.5"
    assert figure(html, "first-p90") == "13"
    assert figure(html, "first-in-time") == "3 / 5 (60 %)"
    assert figure(html, "first-late") == "2"
    assert figure(html, "first-pending") == "0"
    assert figure(html, "closing-count") == "3"
    assert figure(html, "closing-median") == "5"
    assert figure(html, "closing-p90") == "15"
    assert figure(html, "closing-in-time") == "2 / 5 (40 %)"
    assert figure(html, "first-in-time", 'data-topic="Wohnen (Test)"') == "100 %"
    assert figure(html, "first-in-time", 'data-topic="Freizeit (Test)"') == "0 %"
    closing_table = html.index("Closing by topic")
    assert figure(html[closing_table:], "closing-in-time", 'data-topic="Wohnen (Test)"') == "66.7 %"
    assert "<svg" in html and 'role="img"' in html
    # The internal report names where concerns went.
    assert "Musterpartner Wohnen" in html and "Testamt Jugend" in html


def test_the_csv_download_has_the_same_figures(march, coordinator_client):
    rows = read_csv(coordinator_client.get(URL, {"jahr": 2025, "format": "csv"}))

    assert rows[0] == ["Section", "Entry", "Count", "Share"]
    assert lookup(rows, "Overview", "Concerns received") == ["6", ""]
    assert lookup(rows, "By topic", "Wohnen (Test)") == ["3", "50 %"]
    assert lookup(rows, "By topic", "Freizeit (Test)") == ["2", "33.3 %"]
    assert lookup(rows, "By topic", "No topic") == ["1", "16.7 %"]
    assert lookup(rows, "By kind", "question") == ["2", "33.3 %"]
    assert lookup(rows, "By kind", "complaint")[0] == "2"
    assert lookup(rows, "By kind", "request for help")[0] == "1"
    assert lookup(rows, "By channel", "form on the website")[0] == "2"
    assert lookup(rows, "By channel", "family account")[0] == "0"
    assert lookup(rows, "By channel", "API")[0] == "1"
    assert lookup(rows, "By district", "Altstadt (Test)")[0] == "2"
    assert lookup(rows, "By district", "No district given")[0] == "4"
    assert lookup(rows, "By month of arrival", "March 2025")[0] == "5"
    assert lookup(rows, "By month of arrival", "December 2025")[0] == "1"
    assert lookup(rows, "By month of arrival", "July 2025")[0] == "0"
    assert lookup(rows, "Passed on", "passed on to a partner organisation")[0] == "1"
    assert lookup(rows, "Passed on", "passed on to an office of the administration")[0] == "1"
    assert lookup(rows, "Passed on", "handled by the coordination office")[0] == "4"
    assert lookup(rows, "Working days to the first answer", "median")[0] == "1.5"
    assert lookup(rows, "Working days to the first answer", "90th percentile")[0] == "13"
    assert lookup(rows, "Working days to closing", "median")[0] == "5"
    assert lookup(rows, "First answer in time", "in time") == ["3", "60 %"]
    assert lookup(rows, "Closed in time", "in time") == ["2", "40 %"]


def test_the_xlsx_download_parses_back_to_the_same_table(march, coordinator_client):
    as_csv = read_csv(coordinator_client.get(URL, {"jahr": 2025, "format": "csv"}))
    response = coordinator_client.get(URL, {"jahr": 2025, "format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "anliegen-bericht-2025" in response["Content-Disposition"]
    assert read_xlsx(response) == as_csv


def test_german_excel_gets_german_words_and_decimal_commas(march, coordinator):
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)

    rows = read_csv(client.get(URL, {"jahr": 2025, "format": "csv"}))

    assert rows[0] == ["Bereich", "Eintrag", "Anzahl", "Anteil"]
    assert lookup(rows, "Arbeitstage bis zur ersten Antwort", "Median")[0] == "1,5"
    assert lookup(rows, "Nach Thema", "Freizeit (Test)") == ["2", "33,3 %"]


def test_a_range_of_days_narrows_the_report(march, coordinator_client):
    html = coordinator_client.get(URL, {"von": "2025-03-05", "bis": "2025-03-07"}).content.decode()

    assert figure(html, "total") == "2"  # c4 (6 March) and c2 (7 March)


def test_an_end_before_the_start_is_explained_next_to_the_field(march, coordinator_client):
    response = coordinator_client.get(URL, {"von": "2025-03-07", "bis": "2025-03-01"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The end must not be before the start." in html
    assert 'value="2025-03-07"' in html  # what was typed stays


def test_the_annual_report_is_anonymised(march, coordinator_client):
    concern = ConcernFactory(
        topic=march["a"], named=True, name="Erika Geheimnisvoll", email="erika@example.org",
        phone="0171 999888", text="Unser Hinterhof ist seit Wochen zugemüllt.",
        created_at=at(12, month=5), organisation=OrganisationFactory(name="Verein Vertraulich"),
        assignee=UserFactory(role=Role.COORDINATOR, name="Karla Koordinatorin"),
    )  # fmt: skip
    MessageFactory(concern=concern, text="Antwort mit Hausnummer 17b", author_label="Olaf Ober")
    secrets = [
        "Erika", "Geheimnisvoll", "erika@example.org", "999888", "Hinterhof",
        "Verein Vertraulich", "Musterpartner Wohnen", "Testamt Jugend", "Karla",
        "Hausnummer", "Olaf", concern.reference,
    ]  # fmt: skip

    page = coordinator_client.get(ANNUAL, {"jahr": 2025}).content.decode()
    csv_text = "\n".join(
        ";".join(row)
        for row in read_csv(coordinator_client.get(ANNUAL, {"jahr": 2025, "format": "csv"}))
    )
    xlsx_text = "\n".join(
        ";".join(row)
        for row in read_xlsx(coordinator_client.get(ANNUAL, {"jahr": 2025, "format": "xlsx"}))
    )

    assert figure(page, "total") == "7"
    assert "7" in csv_text and "passed on to a partner organisation" in csv_text
    for secret in secrets:
        assert secret not in page, secret
        assert secret not in csv_text, secret
        assert secret not in xlsx_text, secret


@pytest.mark.parametrize("role", [Role.FAMILY, Role.PARTNER])
def test_only_coordinators_open_the_reports(client_for, role):
    client = client_for(UserFactory(role=role))

    assert client.get(URL).status_code == 403
    assert client.get(ANNUAL, {"format": "csv"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(anon_client):
    response = anon_client.get(URL)

    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_an_empty_year_shows_dashes_not_errors(coordinator_client):
    response = coordinator_client.get(URL, {"jahr": 2026})

    assert response.status_code == 200
    assert figure(response.content.decode(), "total") == "0"


def test_coordinators_find_the_reports_on_the_back_office_dashboard(client_for, coordinator):
    assert f'href="{URL}"' in client_for(coordinator).get("/verwaltung/").content.decode()
    partner = client_for(UserFactory(role=Role.PARTNER)).get("/verwaltung/").content.decode()
    assert f'href="{URL}"' not in partner
