"""Evaluation of a handed-in participation: the jury reviews and records talks and a
recommendation, the coordinator decides; "certified" issues the certificate at once,
"not yet" needs reasons; the team is told by mail; every step is in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.employers.models import Certificate, Evaluation, Participation, Talk
from familienrathaus.employers.services import certificates
from tests.conftest import english_client
from tests.factories.employers import (
    MeasureFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    jury_member,
    team_member,
)

pytestmark = pytest.mark.django_db

Status = Participation.Status


@pytest.fixture
def handed_in() -> Participation:
    participation = ParticipationFactory(
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        round=RoundFactory(certificate_years=3, signed_by="OB Erika Muster, Petra Beispiel"),
    )
    answer_all(participation, score=2)
    MeasureFactory(participation=participation, title="Notfallbetreuung für Kinder")
    team_member(participation.employer, email="personal@firma.example")
    return participation


def test_coordinator_certifies_and_the_certificate_is_issued(
    coordinator_client: Client, coordinator: User, handed_in: Participation
) -> None:
    page = coordinator_client.get(f"/arbeitgeber/bewertung/{handed_in.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Notfallbetreuung für Kinder" in text
    assert "Record a talk" in text and "Save decision" in text

    response = coordinator_client.post(
        f"/arbeitgeber/bewertung/{handed_in.pk}/entscheidung/",
        {"decision": "certified", "reasons": "Überzeugende Maßnahmen."},
    )
    assert response.status_code == 302
    handed_in.refresh_from_db()
    assert handed_in.status == Status.CERTIFIED
    certificate = Certificate.objects.get(participation=handed_in)
    today = timezone.localdate()
    assert certificate.number == f"FBU-{today.year}-0001"
    assert certificate.employer_name == handed_in.employer.name
    assert certificate.valid_until == certificates.add_years(today, 3) - dt.timedelta(days=1)
    assert certificate.signed_by == "OB Erika Muster, Petra Beispiel"
    assert certificate.annual_checks.count() == 2
    mail = OutboxMessage.objects.get(purpose="employers.evaluation.decision")
    assert mail.to == ["personal@firma.example"]
    assert certificate.number in mail.body_text
    assert AuditEntry.objects.filter(action="employers.evaluation.decide").exists()
    assert AuditEntry.objects.filter(action="employers.certificate.issue").exists()
    # The next certificate of the year takes the next number.
    other = ParticipationFactory(status=Status.EVALUATION)
    coordinator_client.post(
        f"/arbeitgeber/bewertung/{other.pk}/entscheidung/", {"decision": "certified"}
    )
    assert Certificate.objects.get(participation=other).number == f"FBU-{today.year}-0002"


def test_not_yet_needs_reasons_and_the_team_reads_them(
    coordinator_client: Client, handed_in: Participation
) -> None:
    team = english_client(handed_in.employer.members.get().user)
    result = f"/arbeitgeber/teilnahmen/{handed_in.pk}/ergebnis/"
    assert "Not decided yet" in team.get(result).content.decode()
    url = f"/arbeitgeber/bewertung/{handed_in.pk}/entscheidung/"
    refused = coordinator_client.post(url, {"decision": "not_yet", "reasons": "  "})
    assert refused.status_code == 422
    assert "so that the employer knows what is missing" in refused.content.decode()
    handed_in.refresh_from_db()
    assert handed_in.status == Status.SUBMITTED

    coordinator_client.post(url, {"decision": "not_yet", "reasons": "Pflege fehlt noch."})
    handed_in.refresh_from_db()
    assert handed_in.status == Status.NOT_YET
    assert not Certificate.objects.filter(participation=handed_in).exists()
    page = team.get(result)
    assert page.status_code == 200
    assert "Pflege fehlt noch." in page.content.decode()
    # After catching up, a later decision still certifies.
    coordinator_client.post(url, {"decision": "certified", "reasons": ""})
    handed_in.refresh_from_db()
    assert handed_in.status == Status.CERTIFIED


def test_jury_records_talks_and_recommends_but_does_not_decide(handed_in: Participation) -> None:
    juror = jury_member(handed_in.round)
    client = english_client(juror)
    page = client.get(f"/arbeitgeber/bewertung/{handed_in.pk}/")
    assert page.status_code == 200
    assert "Save decision" not in page.content.decode()
    assert handed_in.employer.name in client.get("/arbeitgeber/bewertung/").content.decode()

    too_early = client.post(
        f"/arbeitgeber/bewertung/{handed_in.pk}/gespraech/",
        {
            "kind": "staff",
            "held_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "participants": "Betriebsrat",
        },
    )
    assert too_early.status_code == 422
    assert "Betriebsrat" in too_early.content.decode()  # what was typed is still there

    client.post(
        f"/arbeitgeber/bewertung/{handed_in.pk}/gespraech/",
        {
            "kind": "staff",
            "held_on": timezone.localdate().isoformat(),
            "participants": "Betriebsrat",
        },
    )
    client.post(
        f"/arbeitgeber/bewertung/{handed_in.pk}/empfehlung/",
        {"recommendation": "Wir empfehlen die Zertifizierung."},
    )
    handed_in.refresh_from_db()
    assert handed_in.status == Status.EVALUATION
    assert Talk.objects.get(participation=handed_in).recorded_by == juror
    assert Evaluation.objects.get(participation=handed_in).recommendation.startswith("Wir")

    decided = client.post(
        f"/arbeitgeber/bewertung/{handed_in.pk}/entscheidung/", {"decision": "certified"}
    )
    assert decided.status_code == 404
    assert not Certificate.objects.exists()


def test_others_cannot_review(handed_in: Participation) -> None:
    other_jury = jury_member(RoundFactory())
    team = handed_in.employer.members.get().user
    for user in (other_jury, team):
        client = english_client(user)
        assert client.get(f"/arbeitgeber/bewertung/{handed_in.pk}/").status_code == 404
        response = client.post(
            f"/arbeitgeber/bewertung/{handed_in.pk}/empfehlung/", {"recommendation": "x"}
        )
        assert response.status_code == 404
    assert (
        handed_in.employer.name
        not in english_client(other_jury).get("/arbeitgeber/bewertung/").content.decode()
    )
    assert Client().get(f"/arbeitgeber/bewertung/{handed_in.pk}/").status_code == 302


def test_a_participation_still_being_filled_in_is_not_reviewed(coordinator_client: Client) -> None:
    open_one = ParticipationFactory(status=Status.ASSESSING)
    assert coordinator_client.get(f"/arbeitgeber/bewertung/{open_one.pk}/").status_code == 404
    response = coordinator_client.post(
        f"/arbeitgeber/bewertung/{open_one.pk}/entscheidung/", {"decision": "certified"}
    )
    assert response.status_code == 404
    assert not Certificate.objects.exists()
