"""Two members of an employer's team save the same statement at the same time: the
second is told and sees both answers; nothing is lost silently (optimistic concurrency
on ``Answer.version``)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from familienrathaus.employers.models import Answer, Criterion, Participation
from familienrathaus.employers.services import assessment
from tests.factories.employers import ParticipationFactory, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def participation() -> Participation:
    return ParticipationFactory(status=Participation.Status.ASSESSING)


def _first(participation: Participation) -> Criterion:
    return (
        Criterion.objects.filter(field__catalogue=participation.round.catalogue)
        .select_related("field")
        .order_by("field__position", "position")
        .first()
    )


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _loaded_version(client: Client, participation: Participation, criterion: Criterion) -> str:
    """The version the item's form carries, as a person's browser would have it."""
    page = client.get(
        reverse("employers:assessment-field", args=[participation.pk, criterion.field.key])
    )
    assert page.status_code == 200
    match = re.search(rf'name="c{criterion.pk}-version" value="(\d+)"', page.content.decode())
    assert match, "the item's form carries its version"
    return match.group(1)


def _post(client: Client, participation: Participation, criterion: Criterion, **data: str):
    prefix = f"c{criterion.pk}"
    return client.post(
        reverse(
            "employers:assessment-save",
            args=[participation.pk, criterion.field.key, criterion.pk],
        ),
        {f"{prefix}-{name}": value for name, value in data.items()},
    )


def test_the_second_of_two_saving_the_same_item_is_told_and_sees_both(
    participation: Participation,
) -> None:
    criterion = _first(participation)
    anna = _client(team_member(participation.employer, name="Anna Personal"))
    ben = _client(team_member(participation.employer, name="Ben Betriebsrat"))
    anna_version = _loaded_version(anna, participation, criterion)
    ben_version = _loaded_version(ben, participation, criterion)

    first = _post(
        anna,
        participation,
        criterion,
        score="3",
        comment="Gleitzeit für alle seit 2024",
        version=anna_version,
    )
    assert first.status_code == 302
    second = _post(
        ben,
        participation,
        criterion,
        score="1",
        comment="Gilt nicht für die Schichtdienste",
        version=ben_version,
    )

    # Ben is told, sees Anna's saved answer and still has his own in the form.
    assert second.status_code == 409
    page = second.content.decode()
    assert "Anna Personal" in page
    assert "Gleitzeit für alle seit 2024" in page
    assert "Gilt nicht für die Schichtdienste" in page
    assert "noch nicht gespeichert" in page
    # The form's address brings the page back at this statement.
    assert f'#punkt-{criterion.pk}"' in page
    # Nothing was overwritten.
    answer = Answer.objects.get(participation=participation, criterion=criterion)
    assert (answer.score, answer.comment) == (3, "Gleitzeit für alle seit 2024")

    # Having compared both, Ben saves again on purpose: now his answer is the one kept.
    newer = re.search(rf'name="c{criterion.pk}-version" value="(\d+)"', page)
    assert newer and newer.group(1) == str(answer.version)
    third = _post(
        ben,
        participation,
        criterion,
        score="2",
        comment="Gleitzeit, außer in den Schichtdiensten",
        version=newer.group(1),
    )
    assert third.status_code == 302
    answer.refresh_from_db()
    assert (answer.score, answer.comment) == (2, "Gleitzeit, außer in den Schichtdiensten")


def test_a_stale_version_writes_nothing(participation: Participation) -> None:
    criterion = _first(participation)
    user = team_member(participation.employer)
    saved = assessment.save_answer(
        participation=participation,
        criterion=criterion,
        actor=user,
        data=assessment.AnswerInput(score=3, comment="zuerst"),
        version=0,
    )
    assert saved.version == 1
    with pytest.raises(assessment.Conflict) as caught:
        assessment.save_answer(
            participation=participation,
            criterion=criterion,
            actor=user,
            data=assessment.AnswerInput(score=0, comment="später, aber veraltet"),
            version=0,
        )
    assert caught.value.current.comment == "zuerst"
    stored = Answer.objects.get(pk=saved.pk)
    assert (stored.score, stored.comment, stored.version) == (3, "zuerst", 1)


def test_saving_the_same_answer_twice_is_no_conflict(participation: Participation) -> None:
    criterion = _first(participation)
    client = _client(team_member(participation.employer))
    for _ in range(2):  # e.g. a double click, or two people agreeing
        response = _post(client, participation, criterion, score="2", comment="", version="0")
        assert response.status_code == 302
    assert Answer.objects.get(participation=participation, criterion=criterion).score == 2
