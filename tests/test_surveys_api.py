"""The surveys API: open surveys, and the counted public results of closed ones (never
free text, never a question the coordinator kept internal); and the public results page."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.newsletter import compose
from familienrathaus.newsletter.models import Edition
from familienrathaus.surveys.models import Question, Survey
from tests.factories import EditionFactory
from tests.factories.survey_answers import respond
from tests.factories.surveys import QuestionFactory, make_survey

pytestmark = pytest.mark.django_db


def _closed_with_public_results() -> Survey:
    now = timezone.now()
    survey = make_survey(
        published=True,
        public_results=True,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    Question.objects.filter(survey=survey, code="wuensche").update(public=False)
    for i in range(6):
        respond(
            survey,
            kinder="1" if i < 5 else "2",
            wuensche=["1"],
            zufrieden=4,
            anmerkung=f"Geheime Anmerkung {i}",
        )
    return survey


def test_open_surveys_are_listed(anon_client: Client) -> None:
    now = timezone.now()
    open_survey = make_survey(published=True, closes_at=now + timedelta(days=10))
    make_survey(published=False)  # a draft
    make_survey(published=True, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2))
    data = anon_client.get("/api/v1/surveys/").json()
    assert [s["slug"] for s in data] == [open_survey.slug]
    assert data[0]["url"].endswith(f"/befragungen/{open_survey.slug}/")
    assert data[0]["results_url"] is None


def test_public_results_are_counted_without_free_text_or_internal_questions(
    anon_client: Client,
) -> None:
    survey = _closed_with_public_results()
    listed = anon_client.get("/api/v1/surveys/results").json()
    assert [s["slug"] for s in listed] == [survey.slug]
    assert listed[0]["results_url"].endswith(f"/befragungen/{survey.slug}/ergebnisse/")

    response = anon_client.get(f"/api/v1/surveys/{survey.slug}/results")
    assert response.status_code == 200
    data = response.json()
    assert data["responses"] == 6 and data["min_group"] == 5
    codes = [q["code"] for q in data["questions"]]
    assert codes == ["kinder", "zufrieden", "kita"]  # no free text, no internal question
    kinder = data["questions"][0]
    assert {"label": "Ja", "count": 5} in kinder["answers"]
    # The matrix nobody answered is suppressed, without numbers.
    kita = data["questions"][2]
    assert kita["suppressed"] is True and kita["respondents"] is None and kita["rows"] == []
    assert "Geheime Anmerkung" not in response.content.decode()


def test_results_of_a_survey_without_public_results_are_not_found(anon_client: Client) -> None:
    survey = _closed_with_public_results()
    Survey.objects.filter(pk=survey.pk).update(public_results=False)
    assert anon_client.get(f"/api/v1/surveys/{survey.slug}/results").status_code == 404
    assert anon_client.get("/api/v1/surveys/nichts-da/results").status_code == 404
    assert anon_client.get(f"/befragungen/{survey.slug}/ergebnisse/").status_code == 404


def test_running_survey_has_no_public_results_yet(anon_client: Client) -> None:
    survey = make_survey(published=True, public_results=True)
    for _i in range(5):
        respond(survey, kinder="1")
    assert anon_client.get(f"/befragungen/{survey.slug}/ergebnisse/").status_code == 404


def test_public_results_page_shows_public_questions_and_never_free_text(
    anon_client: Client,
) -> None:
    survey = _closed_with_public_results()
    response = anon_client.get(f"/befragungen/{survey.slug}/ergebnisse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 families took part" in html
    assert "Haben Sie Kinder unter 6?" in html and 'role="img"' in html
    assert "Was wünschen Sie sich?" not in html  # kept internal by the coordinator
    assert "Was möchten Sie uns noch sagen?" not in html
    assert "Geheime Anmerkung" not in html
    assert "fewer than 5 answers — not shown" in html  # the matrix


def test_a_question_marked_public_with_free_text_stays_private(anon_client: Client) -> None:
    survey = _closed_with_public_results()
    QuestionFactory(
        section=survey.sections.first(),
        code="frei",
        kind=Question.Kind.TEXT,
        text_de="Noch etwas?",
        public=True,
    )
    html = anon_client.get(f"/befragungen/{survey.slug}/ergebnisse/").content.decode()
    assert "Noch etwas?" not in html


def test_infobrief_lists_open_anonymous_surveys_and_survives_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_survey = make_survey(
        published=True,
        title_de="Familienbefragung 2026",
        closes_at=timezone.now() + timedelta(days=20),
    )
    make_survey(published=True, access=Survey.Access.SIGNED_IN, title_de="Nur für den Beirat")
    edition = cast(Edition, EditionFactory())
    html, text = compose.render_mail(edition, "en")
    assert "Your opinion counts: current surveys" in html
    assert "Familienbefragung 2026" in html and open_survey.get_absolute_url() in text
    assert "Nur für den Beirat" not in html

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(compose, "surveys_open_now", broken)
    assert compose.blocks(edition).surveys == []
