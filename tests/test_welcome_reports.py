"""Reports of the welcome (issue 19, point 7): registrations per month and district,
packages handed out, grants paid (number and sum per month and district), first-born
share and languages for a chosen period, with charts and tables, as CSV/XLSX for the
council — and the counts kept after personal data was deleted still count."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from familienrathaus.core.models import District
from familienrathaus.welcome.models import MonthlyCount, Payment, Registration
from tests.factories.welcome import GrantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/verwaltung/babybegruessung/bericht/"
BERLIN = ZoneInfo("Europe/Berlin")


def moment(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10)).replace(tzinfo=BERLIN)


def paid(registration: Registration, day: str, amount: str = "100.00") -> None:
    grant = GrantFactory(registration=registration, amount=Decimal(amount), status="paid")
    Payment.objects.create(
        number=f"BG-{registration.pk:04d}",
        grant=grant,
        registration_reference=registration.reference,
        amount=Decimal(amount),
        method=Payment.Method.TRANSFER,
        payee_name=registration.parent_names,
        paid_at=moment(day),
        keep_until=dt.date(2036, 12, 31),
    )


@pytest.fixture
def figures() -> dict[str, District]:
    north = District.objects.create(name="Nordviertel", slug="nordviertel")
    south = District.objects.create(name="Südstadt", slug="suedstadt")
    # January: two in the north (one handed over in February, paid in February), one
    # Turkish sibling in the south, one declined duplicate (received: it counts).
    a = RegistrationFactory(district=north, created_at=moment("2025-01-05"), language="de")
    a.status, a.done_at = Registration.Status.DONE, moment("2025-02-03")
    a.save()
    paid(a, "2025-02-10")
    RegistrationFactory(district=north, created_at=moment("2025-01-20"), language="de")
    b = RegistrationFactory(
        district=south, created_at=moment("2025-01-31"), language="tr", first_born=False
    )
    paid(b, "2025-03-01", "150.00")
    RegistrationFactory(
        district=south, created_at=moment("2025-01-12"), status=Registration.Status.DECLINED
    )
    # Another year: not in 2025's report.
    RegistrationFactory(district=north, created_at=moment("2024-12-31"))
    # Deleted after the retention period: only its counts are left.
    MonthlyCount.objects.create(
        month=dt.date(2025, 1, 1),
        district=north,
        language="en",
        first_born=True,
        registrations=3,
        packages=0,
    )
    MonthlyCount.objects.create(
        month=dt.date(2025, 2, 1),
        district=north,
        language="en",
        first_born=True,
        registrations=0,
        packages=2,
        grants_paid=2,
        grants_sum=Decimal("200.00"),
    )
    return {"north": north, "south": south}


def test_the_report_counts_live_rows_and_kept_counts_by_month_and_district(
    coordinator_client: Client, figures: dict[str, District]
) -> None:
    response = coordinator_client.get(URL, {"jahr": "2025"})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.total.registrations == 7  # 4 live + 3 kept
    assert report.total.packages == 3
    assert report.total.grants_paid == 4
    assert report.total.grants_sum == Decimal("450.00")
    january, february, march = report.by_month[:3]
    assert (january.figures.registrations, january.figures.packages) == (7, 0)
    assert (february.figures.packages, february.figures.grants_sum) == (3, Decimal("300.00"))
    assert march.figures.grants_sum == Decimal("150.00")
    districts = {line.label: line.figures for line in report.by_district}
    assert districts["Nordviertel"].registrations == 5
    assert districts["Nordviertel"].grants_sum == Decimal("300.00")
    assert districts["Südstadt"].grants_sum == Decimal("150.00")
    languages = {line.label: line.figures.registrations for line in report.by_language}
    assert languages["Turkish"] == 1 and languages["English"] == 3
    assert report.by_first_born[1].figures.registrations == 1  # one sibling
    page = response.content.decode()
    assert 'data-figure="first-born">86 %' in page  # 6 of 7
    assert page.count('role="img"') == 6  # every chart comes with its table
    assert "Südstadt" in page


def test_a_period_of_days_and_the_downloads_for_the_council(
    coordinator_client: Client, figures: dict[str, District]
) -> None:
    response = coordinator_client.get(URL, {"von": "2025-02-01", "bis": "2025-02-28"})
    assert response.context["report"].total.registrations == 0
    assert response.context["report"].total.packages == 3

    csv = coordinator_client.get(URL, {"jahr": "2025", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Breakdown;Value;Registrations received")
    assert "District;Nordviertel;5;3;3;300.00;5" in lines

    xlsx = coordinator_client.get(URL, {"jahr": "2025", "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Month", "District", "Language", "First child", "Total"]
    total = list(book["Total"].iter_rows(values_only=True))
    assert total[1][:3] == ("2025", 7, 3)  # numbers the council can sum


def test_a_wrong_period_gets_a_message_and_only_coordinators_see_the_report(
    coordinator_client: Client, family_client: Client, partner_client: Client
) -> None:
    response = coordinator_client.get(URL, {"von": "2025-03-01", "bis": "2025-01-01"})
    assert "The end must not be before the start." in response.content.decode()
    for client in (family_client, partner_client):
        assert client.get(URL).status_code == 404
