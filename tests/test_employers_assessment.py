"""The self-assessment through the team's pages: begun, filled in over sittings with
progress shown, evidence files kept private, handed in only when complete; the jury
reads it; a re-certification starts from the last answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.employers.models import Answer, Criterion, Participation
from tests.factories.core import UserFactory
from tests.factories.documents import pdf_upload
from tests.factories.employers import (
    CatalogueFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    jury_member,
    team_member,
)

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _criteria(participation: Participation) -> list[Criterion]:
    return list(
        Criterion.objects.filter(field__catalogue=participation.round.catalogue)
        .select_related("field")
        .order_by("field__position", "position")
    )


def _save(client: Client, participation: Participation, criterion: Criterion, **data: object):
    prefix = f"c{criterion.pk}"
    answer = Answer.objects.filter(participation=participation, criterion=criterion).first()
    payload = {f"{prefix}-version": str(answer.version if answer else 0)}
    payload.update({f"{prefix}-{name}": value for name, value in data.items()})
    return client.post(
        reverse(
            "employers:assessment-save",
            args=[participation.pk, criterion.field.key, criterion.pk],
        ),
        payload,
    )


@pytest.fixture
def small() -> Participation:
    """An admitted participation in a round with a small catalogue (2 fields × 2)."""
    return ParticipationFactory(round=RoundFactory(catalogue=CatalogueFactory()))


def test_the_team_fills_in_over_two_sittings_and_hands_in(small: Participation) -> None:
    client = _client(team_member(small.employer))
    overview = reverse("employers:assessment", args=[small.pk])
    assert "Selbstbewertung beginnen" in client.get(overview).content.decode()
    begun = client.post(reverse("employers:assessment-begin", args=[small.pk]))
    first, second, third, fourth = _criteria(small)
    assert begun.url == reverse("employers:assessment-field", args=[small.pk, first.field.key])

    # First sitting: the first field, one statement at a time.
    assert _save(client, small, first, score="3", comment="Gleitzeit").status_code == 302
    saved = _save(client, small, second, score="1")
    assert saved.url.endswith(f"?gespeichert={second.pk}#punkt-{second.pk}")
    page = client.get(overview).content.decode()
    assert "1 von 2 Handlungsfeldern vollständig" in page
    # Handing in too early names what is missing.
    early = client.post(reverse("employers:assessment-submit", args=[small.pk]))
    assert early.status_code == 400
    assert third.text in early.content.decode()
    small.refresh_from_db()
    assert small.status == Participation.Status.ASSESSING

    # Second sitting, another day: the answers are there, the rest is filled in.
    page = client.get(reverse("employers:assessment-field", args=[small.pk, first.field.key]))
    assert "Gleitzeit" in page.content.decode()
    _save(client, small, third, score="0")
    _save(client, small, fourth, score="2")
    assert "2 von 2 Handlungsfeldern vollständig" in client.get(overview).content.decode()
    done = client.post(reverse("employers:assessment-submit", args=[small.pk]))
    assert done.url == reverse("employers:assessment-report", args=[small.pk])
    small.refresh_from_db()
    assert small.status == Participation.Status.SUBMITTED and small.submitted_at

    # Afterwards nothing changes any more.
    _save(client, small, third, score="3")
    assert Answer.objects.get(participation=small, criterion=third).score == 0


def test_a_missing_score_is_marked_and_the_typed_comment_kept(small: Participation) -> None:
    small.status = Participation.Status.ASSESSING
    small.save()
    client = _client(team_member(small.employer))
    criterion = _criteria(small)[0]
    response = _save(client, small, criterion, comment="Noch zu klären mit dem Betriebsrat")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte wählen Sie, wie weit dies umgesetzt ist." in page
    assert "Noch zu klären mit dem Betriebsrat" in page
    assert not Answer.objects.filter(participation=small).exists()


def test_evidence_files_are_kept_private_to_the_team_and_jury(small: Participation) -> None:
    small.status = Participation.Status.ASSESSING
    small.save()
    client = _client(team_member(small.employer))
    criterion = _criteria(small)[1]
    _save(client, small, criterion, score="3", evidence_file=pdf_upload("vereinbarung.pdf"))
    answer = Answer.objects.get(participation=small, criterion=criterion)
    assert answer.evidence_file.name.startswith("employers/")
    url = reverse("employers:assessment-evidence", args=[small.pk, answer.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert _client(jury_member(small.round)).get(url).status_code == 200
    other = ParticipationFactory(round=small.round)
    assert _client(team_member(other.employer)).get(url).status_code == 404
    assert _client(jury_member(RoundFactory())).get(url).status_code == 404
    assert _client(UserFactory()).get(url).status_code == 404


def test_the_jury_reads_the_answers_but_cannot_change_them(small: Participation) -> None:
    small.status = Participation.Status.ASSESSING
    small.save()
    answer_all(small, score=2)
    juror = _client(jury_member(small.round))
    first = _criteria(small)[0]
    page = juror.get(reverse("employers:assessment-field", args=[small.pk, first.field.key]))
    assert page.status_code == 200
    assert "Teilweise umgesetzt" in page.content.decode()
    assert '-version"' not in page.content.decode()  # no form to change it
    assert "Aus der letzten Bewertung übernommen" not in page.content.decode()
    _save(juror, small, first, score="0")
    assert Answer.objects.get(participation=small, criterion=first).score == 2


def test_a_re_certification_starts_from_the_last_answers() -> None:
    earlier = ParticipationFactory(
        status=Participation.Status.CERTIFIED, submitted_at=timezone.now()
    )
    answers = answer_all(earlier, score=1)
    Answer.objects.filter(pk=answers[0].pk).update(score=3, comment="Seit Jahren bewährt")
    again = ParticipationFactory(employer=earlier.employer)
    client = _client(team_member(again.employer))
    overview = client.get(reverse("employers:assessment", args=[again.pk])).content.decode()
    assert earlier.round.name in overview
    client.post(reverse("employers:assessment-begin", args=[again.pk]))
    again.refresh_from_db()
    assert (again.previous, again.follow_up) == (earlier, True)
    copied = {a.criterion.key: a for a in again.answers.select_related("criterion")}
    assert len(copied) == len(answers)
    assert copied[answers[0].criterion.key].comment == "Seit Jahren bewährt"
    page = client.get(
        reverse("employers:assessment-field", args=[again.pk, answers[0].criterion.field.key])
    )
    assert "Aus der letzten Bewertung übernommen" in page.content.decode()
    # Everything is answered already: the team may hand in after checking.
    assert (
        "8 von 8 Handlungsfeldern vollständig"
        in client.get(reverse("employers:assessment", args=[again.pk])).content.decode()
    )
