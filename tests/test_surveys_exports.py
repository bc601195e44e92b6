"""Coordinators download a survey's answers (CSV for German Excel, XLSX with a codebook
sheet) and its results as a PDF report with charts and tables."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import cast

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from familienrathaus.surveys.models import Question, Response, Survey
from tests.factories.survey_answers import respond
from tests.factories.surveys import QuestionFactory, make_survey, options

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey() -> Survey:
    survey = make_survey(published=True)
    section = survey.sections.first()
    QuestionFactory(
        section=section,
        position=5,
        code="alter",
        kind=Question.Kind.NUMBER,
        text_de="Wie alt ist Ihr jüngstes Kind?",
    )
    rank = cast(
        Question,
        QuestionFactory(
            section=section,
            position=6,
            code="wichtig",
            kind=Question.Kind.RANKING,
            text_de="Was ist Ihnen am wichtigsten?",
        ),
    )
    options(rank, "Betreuung", "Freizeit")
    respond(
        survey,
        kinder="1",
        wuensche=["1", 'other:=HYPERLINK("x")'],
        zufrieden="dk",
        kita={"plaetze": 4, "zeiten": 2},
        anmerkung="Mehr Bänke; bitte",
        alter="2.5",
        wichtig={"2": 1, "1": 2},
        day=date(2026, 11, 3),
    )
    respond(survey, kinder="2", wuensche=["3"], zufrieden=5, day=date(2026, 11, 4))
    respond(survey, status=Response.Status.IN_PROGRESS, kinder="3")
    return survey


def _export(client: Client, survey: Survey, query: str) -> bytes:
    response = client.get(f"/verwaltung/befragungen/{survey.pk}/ergebnisse/export/?{query}")
    assert response.status_code == 200
    return response.content


def test_csv_for_german_excel_one_row_per_complete_response(
    survey: Survey, coordinator_client: Client
) -> None:
    content = _export(coordinator_client, survey, "format=csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # the unfinished one is not exported
    first, second = rows
    assert first["nr"] == "1" and first["kanal"] == "Direkt" and first["tag"] == "03.11.2026"
    assert first["kinder"] == "1"
    assert (first["wuensche_1"], first["wuensche_2"], first["wuensche_3"]) == ("1", "0", "0")
    assert first["wuensche_other"] == '\'=HYPERLINK("x")'  # no formula for Excel
    assert first["zufrieden"] == "dk"
    assert (first["kita_plaetze"], first["kita_zeiten"]) == ("4", "2")
    assert first["anmerkung"] == "Mehr Bänke; bitte"
    assert first["alter"] == "2,5"
    assert (first["wichtig_1"], first["wichtig_2"]) == ("2", "1")
    # The second family did not answer the matrix: empty, not 0.
    assert second["kita_plaetze"] == "" and second["wuensche_3"] == "1"
    assert second["wuensche_1"] == "0"


def test_xlsx_has_the_answers_and_a_codebook_sheet(
    survey: Survey, coordinator_client: Client
) -> None:
    workbook = load_workbook(io.BytesIO(_export(coordinator_client, survey, "format=xlsx")))
    answers, codebook = workbook.worksheets
    assert answers.title == "Answers" and codebook.title == "Codebook"
    header = [cell.value for cell in answers[1]]
    assert header[:4] == ["nr", "kanal", "tag", "kinder"]
    assert answers.max_row == 3
    book = [[cell.value for cell in row] for row in codebook.iter_rows(min_row=2)]
    assert ["kinder", "kinder", "Haben Sie Kinder unter 6?", "single choice", "2", "Nein"] in book
    assert any(r[0] == "zufrieden" and r[4] == "dk" for r in book)
    assert any(r[0] == "kita_plaetze" and r[4] == "5" and r[5] == "5 – gut" for r in book)
    # Every column of the answers has its line in the codebook.
    assert set(header) <= {r[0] for r in book}


def test_codebook_as_csv(survey: Survey, coordinator_client: Client) -> None:
    content = _export(coordinator_client, survey, "teil=codebuch").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["column", "question_code", "question", "kind", "answer_code", "answer"]
    assert [
        "wuensche_1",
        "wuensche",
        "Was wünschen Sie sich? – Mehr Spielplätze",
        "multiple choice",
        "1",
        "chosen",
    ] in rows


def test_exports_need_a_coordinator(survey: Survey, family_client: Client) -> None:
    url = f"/verwaltung/befragungen/{survey.pk}/ergebnisse/export/?format=csv"
    assert family_client.get(url).status_code == 403


def test_pdf_report_has_the_charts_and_tables(survey: Survey, coordinator_client: Client) -> None:
    for _i in range(4):
        respond(survey, kinder="1", zufrieden=4)
    response = coordinator_client.get(f"/verwaltung/befragungen/{survey.pk}/ergebnisse/bericht.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Haben Sie Kinder unter 6?" in text
    assert "Answers per channel" in text
    assert "83 %" in text  # 5 of 6 answered "Ja", in the table
    assert reader.metadata is not None and "Results" in (reader.metadata.title or "")


def test_pdf_report_with_a_filter_suppresses_small_groups(
    survey: Survey, coordinator_client: Client
) -> None:
    response = coordinator_client.get(
        f"/verwaltung/befragungen/{survey.pk}/ergebnisse/bericht.pdf?filter=kinder:1"
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "fewer than 5 answers" in text
