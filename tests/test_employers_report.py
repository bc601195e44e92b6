"""The strengths-and-weaknesses report: the level per field as an accessible chart with
its table, strengths and gaps in words, and the round's average only from five
employers with a handed-in assessment."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core import charts
from familienrathaus.employers import report
from familienrathaus.employers.models import Answer, Criterion, Participation
from tests.factories.employers import (
    CatalogueFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    jury_member,
    team_member,
)

pytestmark = pytest.mark.django_db


def _submitted(round_, score: int) -> Participation:
    participation = ParticipationFactory(
        round=round_, status=Participation.Status.SUBMITTED, submitted_at=timezone.now()
    )
    answer_all(participation, score=score)
    return participation


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def round_():
    return RoundFactory(catalogue=CatalogueFactory())


def test_the_report_names_strengths_and_gaps_and_shows_the_chart_with_its_table(
    round_,
) -> None:
    mine = _submitted(round_, score=0)
    criteria = Criterion.objects.filter(field__catalogue=round_.catalogue)
    Answer.objects.filter(participation=mine, criterion__field__key="arbeitszeit").update(score=3)
    page = _client(team_member(mine.employer)).get(
        reverse("employers:assessment-report", args=[mine.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stärken: Arbeitszeit (100 %)" in html
    assert "Handlungsbedarf vor allem: Service für Familien (0 %)" in html
    assert 'role="img"' in html and "<table" in html  # the chart and its data table
    # The minimum requirement of "Service für Familien" is named.
    minimum = criteria.get(field__key="service-familien", minimum=True)
    assert minimum.text in html
    # Fewer than five employers: no average, and the page says why.
    assert "Durchschnitt der Runde:" not in html and "frh-chart__legend" not in html
    assert "sobald mindestens 5 Unternehmen ihre Selbstbewertung abgegeben haben" in html


def test_the_round_average_appears_from_five_employers(round_) -> None:
    mine = _submitted(round_, score=3)
    for _ in range(3):
        _submitted(round_, score=1)
    # An employer still assessing does not count, nor does one that withdrew.
    answer_all(ParticipationFactory(round=round_, status=Participation.Status.ASSESSING), score=0)
    assert not report.build(mine).with_average
    juror = _client(jury_member(round_))
    url = reverse("employers:assessment-report", args=[mine.pk])
    assert "Durchschnitt der Runde:" not in juror.get(url).content.decode()

    _submitted(round_, score=1)
    data = report.build(mine)
    assert data.with_average and data.comparison_count == 5
    # (3 + 1 + 1 + 1 + 1) / 5 = 1.4 of 3 points
    assert data.fields[0].average == pytest.approx(1.4 / 3)
    html = juror.get(url).content.decode()
    assert "Durchschnitt der Runde: 47 %" in html and "frh-chart__legend" in html
    assert "Über dem Durchschnitt der Runde: Arbeitszeit, Service für Familien" in html
    # Nobody else is named.
    others = Participation.objects.filter(round=round_).exclude(pk=mine.pk)
    assert not any(p.employer.name in html for p in others)


def test_the_report_of_another_employer_is_not_found(round_) -> None:
    mine = _submitted(round_, score=2)
    other = ParticipationFactory(round=round_)
    url = reverse("employers:assessment-report", args=[mine.pk])
    assert _client(team_member(other.employer)).get(url).status_code == 404
    assert _client(jury_member(RoundFactory())).get(url).status_code == 404


def test_the_chart_draws_levels_on_a_fixed_scale_with_the_average_beside() -> None:
    chart = charts.level_chart(
        title="Stand",
        rows=[("Arbeitszeit", [0.5, 0.25]), ("Führung", [1.0, None])],
        series=["Ihr Unternehmen", "Durchschnitt der Runde"],
    )
    html = chart.render()
    # Half the scale is half of the bars' room, whatever the largest value.
    assert 'width="37.00%"' in html and 'width="74.00%"' in html
    assert [row[1:] for row in chart.table.rows] == [["50 %", "25 %"], ["100 %", "–"]]
    assert "frh-chart__legend" in html and "frh-chart__bar--1" in html
