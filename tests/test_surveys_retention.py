"""Answers of a closed survey are deleted after its retention period; the counted results
stay for the coordinators and the public page. A family's own signed-in answers can be
downloaded and go with the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core import periodic, personal_data
from familienrathaus.core.models import User
from familienrathaus.surveys import tasks
from familienrathaus.surveys.models import Answer, Response, ResultSnapshot, Survey
from familienrathaus.surveys.services import retention
from tests.factories.survey_answers import respond
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed() -> Survey:
    now = timezone.now()
    survey = make_survey(
        published=True,
        public_results=True,
        keep_answers_days=30,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=10),
    )
    for i in range(7):
        respond(survey, kinder="1" if i < 6 else "2", zufrieden=3, anmerkung=f"Text {i}")
    return survey


def test_answers_stay_within_the_retention_period(closed: Survey) -> None:
    assert retention.delete_expired_answers() == 0
    assert Response.objects.filter(survey=closed).count() == 7


def test_after_the_period_answers_go_and_the_results_stay(
    closed: Survey, coordinator_client: Client, anon_client: Client
) -> None:
    before = anon_client.get(f"/befragungen/{closed.slug}/ergebnisse/").content.decode()
    assert "7 families took part" in before

    later = timezone.now() + timedelta(days=21)  # the clock moved past close + 30 days
    assert retention.delete_expired_answers(now=later) == 1
    closed.refresh_from_db()
    assert closed.answers_deleted_on == timezone.localdate(later)
    assert not Response.objects.filter(survey=closed).exists()
    assert not Answer.objects.filter(question__survey=closed).exists()
    snapshot = ResultSnapshot.objects.get(survey=closed)
    assert "Text 1" not in str(snapshot.data) and "Text 1" not in str(snapshot.public_data)

    public = anon_client.get(f"/befragungen/{closed.slug}/ergebnisse/").content.decode()
    assert "7 families took part" in public
    assert 'scope="row">Ja</th>' in public

    page = coordinator_client.get(f"/verwaltung/befragungen/{closed.pk}/ergebnisse/")
    html = page.content.decode()
    assert "The single answers were deleted" in html
    assert 'scope="row">Ja</th>' in html
    assert "Answers as CSV" not in html

    api = anon_client.get(f"/api/v1/surveys/{closed.slug}/results").json()
    assert api["responses"] == 7
    # A second run finds nothing more to do.
    assert retention.delete_expired_answers(now=later) == 0


def test_the_daily_task_is_periodic() -> None:
    assert periodic.interval(tasks.delete_expired_survey_answers) == periodic.DAY


def test_family_downloads_and_deletes_its_signed_in_answers(family_user: User) -> None:
    survey = make_survey(published=True, access=Survey.Access.SIGNED_IN)
    respond(survey, user=family_user, kinder="1", anmerkung="Unser Spielplatz fehlt")
    other = respond(survey, kinder="2")
    exported = personal_data.export(family_user, keys=["survey_answers"])["survey_answers"]
    assert exported[0]["survey"] == survey.title
    answers = {a["question"]: a["answer"] for a in exported[0]["answers"]}
    assert answers["Haben Sie Kinder unter 6?"] == "Ja"
    assert answers["Was möchten Sie uns noch sagen?"] == "Unser Spielplatz fehlt"

    personal_data.erase(family_user)
    assert list(Response.objects.filter(survey=survey)) == [other]
