"""Reports across rounds: certified employers by sector and size, measures taken most
often, gaps found most often; CSV and XLSX; coordinators only."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from familienrathaus.employers.models import Answer, Criterion, Employer, Participation
from tests.conftest import english_client
from tests.factories.employers import (
    CertificateFactory,
    EmployerFactory,
    MeasureFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    team_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds() -> tuple[object, object]:
    first, second = RoundFactory(name="Runde 2025"), RoundFactory(name="Runde 2027")
    for round_, sector in ((first, Employer.Sector.HEALTH), (second, Employer.Sector.HEALTH)):
        participation = ParticipationFactory(
            round=round_, employer=EmployerFactory(sector=sector), status="certified"
        )
        CertificateFactory(participation=participation)
        answer_all(participation, score=Answer.Score.FULLY)
        MeasureFactory(participation=participation, title="Flexible Arbeitszeiten")
    weak = ParticipationFactory(
        round=second,
        employer=EmployerFactory(sector=Employer.Sector.CRAFTS),
        status=Participation.Status.NOT_YET,
    )
    answer_all(weak, score=Answer.Score.PLANNED)
    MeasureFactory(participation=weak, title="Flexible Arbeitszeiten")
    MeasureFactory(participation=weak, title="Eltern-Kind-Büro")
    return first, second


def test_figures_across_rounds_and_downloads(coordinator_client: Client, rounds: tuple) -> None:
    page = coordinator_client.get("/verwaltung/arbeitgeber/berichte/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Runde 2025" in text and "Runde 2027" in text
    assert "Flexible Arbeitszeiten" in text
    gap = Criterion.objects.filter(field__catalogue=rounds[1].catalogue).first()
    assert gap.text[:30] in text

    rows = list(
        csv.reader(
            io.StringIO(
                coordinator_client.get(
                    "/verwaltung/arbeitgeber/berichte/", {"format": "csv"}
                ).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert ["Measures taken most often", "Flexible Arbeitszeiten", "3"] in rows
    assert ["Certified by sector", "health and care", "2"] in rows
    assert ["Certified by sector", "crafts", "0"] in rows

    only_first = coordinator_client.get(
        "/verwaltung/arbeitgeber/berichte/", {"runde": rounds[0].pk, "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(only_first.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Measures taken most often", "Flexible Arbeitszeiten", 1] in values  # a number


def test_only_coordinators_see_reports(rounds: tuple) -> None:
    team = team_member(EmployerFactory())
    assert english_client(team).get("/verwaltung/arbeitgeber/berichte/").status_code == 403
    assert Client().get("/verwaltung/arbeitgeber/berichte/").status_code == 302
