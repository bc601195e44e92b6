"""The Musterstadt demo: a running family survey with questions of every kind and about
800 answers over channels, districts and days; an earlier survey with public results."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.core.models import District
from familienrathaus.surveys import demo
from familienrathaus.surveys.models import Question, Response, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> int:
    for position, name in enumerate(["Altstadt", "Nordviertel", "Südstadt", "Am Bach"]):
        District.objects.create(name=name, slug=f"d-{position}", position=position)
    return demo.load()


def test_demo_family_survey_has_every_kind_and_about_800_answers(
    loaded: int, coordinator_client: Client, anon_client: Client
) -> None:
    survey = Survey.objects.get(slug=demo.MAIN_SLUG)
    assert survey.is_open()
    questions = Question.objects.filter(survey=survey)
    assert 12 <= questions.count() <= 20
    assert set(questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    complete = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
    assert complete.count() == demo.ANSWERS
    assert complete.values("channel").distinct().count() == 6
    assert complete.values("district").distinct().count() == 4
    assert complete.values("submitted_on").distinct().count() > 10
    assert {c.name for c in survey.channels.all()} >= {
        "Schulsozialarbeit Nordviertel", "Familienzentrum Am Bach", "Radio", "Infobrief",
        "Papierfragebogen",
    }  # fmt: skip
    page = coordinator_client.get(f"/verwaltung/befragungen/{survey.pk}/ergebnisse/")
    assert "800 complete answers" in page.content.decode()
    filtered = coordinator_client.get(
        f"/verwaltung/befragungen/{survey.pk}/ergebnisse/?filter=alter_juengstes:1"
    )
    assert filtered.status_code == 200 and "Filtered" in filtered.content.decode()

    earlier = Survey.objects.get(slug=demo.EARLIER_SLUG)
    assert earlier.state() == "closed"
    public = anon_client.get(f"/befragungen/{earlier.slug}/ergebnisse/")
    assert public.status_code == 200
    assert f"{demo.EARLIER_ANSWERS} families took part" in public.content.decode()


def test_loading_the_demo_again_creates_nothing(loaded: int) -> None:
    assert loaded > 0
    assert demo.load() == 0
