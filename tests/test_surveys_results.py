"""Coordinators read a survey's results: counts and shares per question as charts with
tables, one filter for all questions, nothing shown for groups below five answers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familienrathaus.surveys.models import Question, Response, Survey
from tests.factories.survey_answers import respond
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


def _url(survey: Survey, query: str = "") -> str:
    return f"/verwaltung/befragungen/{survey.pk}/ergebnisse/" + (f"?{query}" if query else "")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _row(html: str, label: str) -> list[str]:
    """The cells of the first table row headed ``label``."""
    match = re.search(
        rf'<th class="kern-table__cell" scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S
    )
    assert match, label
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


@pytest.fixture
def survey() -> Survey:
    return make_survey(published=True)


def _answers(survey: Survey, kinder: list[str], **more: Any) -> None:
    for code in kinder:
        respond(survey, kinder=code, **more)


def test_results_need_a_coordinator(
    survey: Survey, anon_client: Client, family_client: Client
) -> None:
    assert anon_client.get(_url(survey)).status_code == 302
    assert family_client.get(_url(survey)).status_code == 403


def test_counts_and_shares_of_complete_answers_as_a_chart_with_its_table(
    survey: Survey, coordinator_client: Client
) -> None:
    _answers(survey, ["1", "1", "1", "1", "2", "2"])
    for _i in range(3):  # unfinished questionnaires do not count
        respond(survey, status=Response.Status.IN_PROGRESS, kinder="1")
    html = coordinator_client.get(_url(survey)).content.decode()
    assert "6 complete answers" in _text(html)
    assert _row(html, "Ja") == ["4", "67 %"]
    assert _row(html, "Nein") == ["2", "33 %"]
    assert _row(html, "Keine Angabe") == ["0", "0 %"]
    assert 'role="img"' in html and "<title" in html
    assert "style=" not in html.split("<main", 1)[-1]


def test_multiple_choice_shares_are_of_the_people_who_answered(
    survey: Survey, coordinator_client: Client
) -> None:
    for _i in range(5):
        respond(survey, kinder="1", wuensche=["1", "2"])
    respond(survey, kinder="1", wuensche=["1", "other:Ein Hallenbad"])
    html = coordinator_client.get(_url(survey)).content.decode()
    assert _row(html, "Mehr Spielplätze") == ["6", "100 %"]
    assert _row(html, "Längere Kita-Zeiten") == ["5", "83 %"]
    assert _row(html, "Other") == ["1", "17 %"]


def test_a_group_below_five_answers_shows_nothing(
    survey: Survey, coordinator_client: Client
) -> None:
    _answers(survey, ["1", "1", "2", "2"], anmerkung="Wir wohnen in der Gartenstraße 3")
    html = coordinator_client.get(_url(survey)).content.decode()
    assert "fewer than 5 answers — not shown" in html
    assert 'scope="row">Ja</th>' not in html
    texts = coordinator_client.get(_url(survey).replace("ergebnisse/", "ergebnisse/freitexte/"))
    assert "Gartenstraße" not in texts.content.decode()
    assert "fewer than 5 answers — not shown" in texts.content.decode()


def test_a_question_answered_by_fewer_than_five_people_shows_nothing(
    survey: Survey, coordinator_client: Client
) -> None:
    _answers(survey, ["2"] * 6)
    for _i in range(3):
        respond(survey, kinder="1", kita={"plaetze": 4, "zeiten": 2})
    html = coordinator_client.get(_url(survey)).content.decode()
    kita = html.split('id="frage-kita"', 1)[1].split("</section>", 1)[0]
    assert "fewer than 5 answers — not shown" in kita
    assert "die Zahl der Plätze" not in kita


def test_one_filter_applies_to_every_question_and_small_groups_are_suppressed(
    survey: Survey, coordinator_client: Client
) -> None:
    for _i in range(6):
        respond(survey, kinder="1", zufrieden=5)
    for _i in range(4):
        respond(survey, kinder="2", zufrieden=1)
    html = coordinator_client.get(_url(survey, "filter=kinder:1")).content.decode()
    assert "6 complete answers in this group" in _text(html)
    assert _row(html, "5 – sehr") == ["6", "100 %"]
    assert _row(html, "1 – gar nicht") == ["0", "0 %"]
    assert "Filtered: only people who answered" in html
    assert '<option value="kinder:1" selected>' in html

    small = coordinator_client.get(_url(survey, "filter=kinder:2")).content.decode()
    assert "fewer than 5 answers — not shown" in small
    assert 'scope="row">1 – gar nicht</th>' not in small


def test_an_unknown_filter_shows_all_answers_and_says_so(
    survey: Survey, coordinator_client: Client
) -> None:
    _answers(survey, ["1"] * 5)
    html = coordinator_client.get(_url(survey, "filter=kinder:99")).content.decode()
    assert "This filter does not exist" in html
    assert "5 complete answers" in _text(html)


def test_matrix_as_stacked_bars_with_dont_know_and_averages(
    survey: Survey, coordinator_client: Client
) -> None:
    for point in (1, 2, 4, 4, 5):
        respond(survey, kinder="1", kita={"plaetze": point, "zeiten": "dk"})
    html = coordinator_client.get(_url(survey)).content.decode()
    kita = html.split('id="frage-kita"', 1)[1].split("</section>", 1)[0]
    assert "frh-chart--stacked" in kita
    assert _row(kita, "die Zahl der Plätze") == [
        "1 (20 %)",
        "1 (20 %)",
        "0 (0 %)",
        "2 (40 %)",
        "1 (20 %)",
        "0 (0 %)",
        "5",
    ]
    assert _row(kita, "die Öffnungszeiten")[-2:] == ["5 (100 %)", "5"]  # all "don't know"
    assert "3.2" in _text(kita)  # the average of the item, in English spelling


def test_free_texts_are_searchable_and_paged(survey: Survey, coordinator_client: Client) -> None:
    for i in range(25):
        respond(
            survey,
            kinder="1",
            anmerkung=f"Anmerkung Nummer {i}" + (" Spielplatz" if i % 5 == 0 else ""),
        )
    url = _url(survey).replace("ergebnisse/", "ergebnisse/freitexte/")
    first = coordinator_client.get(url).content.decode()
    assert "25 answers found" in first
    assert "Anmerkung Nummer 0" in first and "Anmerkung Nummer 24" not in first
    second = coordinator_client.get(url + "?page=2").content.decode()
    assert "Anmerkung Nummer 24" in second
    found = coordinator_client.get(url + "?suche=spielplatz").content.decode()
    assert "5 answers found" in found
    assert "Anmerkung Nummer 1 " not in _text(found)


def test_answers_per_channel_and_per_day(survey: Survey, coordinator_client: Client) -> None:
    radio = survey.channels.create(name="Radio")
    today = timezone.localdate()
    for i in range(6):
        respond(survey, kinder="1", channel=radio, day=today - timedelta(days=i % 3))
    respond(survey, kinder="1", day=today - timedelta(days=5))
    html = coordinator_client.get(_url(survey)).content.decode()
    assert _row(html, "Radio") == ["6", "86 %"]
    assert _row(html, "Direkt") == ["1", "14 %"]
    assert "Answers per day" in html
    # Every day from the first answer to the last, also those without one.
    four_days_ago = (today - timedelta(days=4)).strftime("%m/%d/%Y")
    assert _row(html, four_days_ago) == ["0"]


def test_results_are_counted_by_the_database_not_per_answer(
    survey: Survey, coordinator_client: Client
) -> None:
    def queries() -> int:
        cache.clear()  # counted afresh, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(_url(survey, "filter=kinder:1")).status_code == 200
        return len(captured)

    _answers(survey, ["1"] * 6, wuensche=["1"], zufrieden=3, kita={"plaetze": 1})
    queries()  # the first request also fills caches (site settings, session)
    few = queries()
    _answers(survey, ["1"] * 40, wuensche=["1", "2"], zufrieden=4, kita={"plaetze": 2})
    assert queries() == few


def test_a_new_answer_or_a_corrected_question_shows_at_once(
    survey: Survey, coordinator_client: Client
) -> None:
    _answers(survey, ["1"] * 5)
    assert "5 complete answers" in _text(coordinator_client.get(_url(survey)).content.decode())
    respond(survey, kinder="2")
    html = coordinator_client.get(_url(survey)).content.decode()
    assert "6 complete answers" in _text(html)
    assert _row(html, "Nein") == ["1", "17 %"]
    Question.objects.filter(survey=survey, code="kinder").update(text_de="Kinder unter sechs?")
    assert "Kinder unter sechs?" in coordinator_client.get(_url(survey)).content.decode()
