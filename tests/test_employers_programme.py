"""Rounds of the FAMILIENbewusste Unternehmen programme through HTTP: a coordinator
creates and opens a round, admits employers up to the limit, plans workshops that only
the round's employers can register for, and invites a jury with a limited account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import (
    Catalogue,
    JuryMember,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.events.models import Registration
from tests.conftest import english_client
from tests.factories.employers import (
    EmployerFactory,
    ParticipationFactory,
    RoundFactory,
    seeded_catalogue,
    team_member,
)

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


def round_page(round_: Round) -> str:
    return f"/verwaltung/arbeitgeber/runden/{round_.pk}/"


def test_a_coordinator_creates_a_round_and_opening_it_freezes_its_catalogue(
    coordinator_client: Client,
):
    catalogue = seeded_catalogue()
    today = timezone.localdate()
    response = coordinator_client.post(
        "/verwaltung/arbeitgeber/runden/neu/",
        {
            "name": "Runde 2027",
            "catalogue": catalogue.pk,
            "starts_on": (today + timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=300)).isoformat(),
            "application_until": (today + timedelta(days=20)).isoformat(),
            "max_employers": "12",
            "certificate_years": "3",
            "signed_by": "Oberbürgermeisterin Muster",
            "description": "",
        },
    )
    round_ = Round.objects.get(name="Runde 2027")
    assert response.status_code == 302 and response["Location"] == round_page(round_)
    assert round_.status == Round.Status.PLANNED and round_.max_employers == 12
    assert Catalogue.objects.get(pk=catalogue.pk).frozen_at is None

    coordinator_client.post(round_page(round_) + "status/", {"status": "open"})
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN
    assert Catalogue.objects.get(pk=catalogue.pk).frozen_at is not None
    assert "Open for applications" in html(coordinator_client.get(round_page(round_)))


def test_bad_round_dates_are_refused_next_to_the_field_and_kept(coordinator_client: Client):
    response = coordinator_client.post(
        "/verwaltung/arbeitgeber/runden/neu/",
        {
            "name": "Verdrehte Runde",
            "catalogue": seeded_catalogue().pk,
            "starts_on": "2027-05-01",
            "ends_on": "2027-04-01",
            "certificate_years": "3",
        },
    )
    assert response.status_code == 400
    body = html(response)
    assert "The round must not end before it starts." in body
    assert 'value="Verdrehte Runde"' in body
    assert not Round.objects.filter(name="Verdrehte Runde").exists()


def test_admission_stops_at_the_round_maximum(coordinator_client: Client):
    round_ = RoundFactory(max_employers=2)
    applied = [
        ParticipationFactory(round=round_, status=Participation.Status.APPLIED) for _ in range(3)
    ]
    for participation in applied:
        team_member(participation.employer)
        coordinator_client.post(f"/verwaltung/arbeitgeber/teilnahmen/{participation.pk}/zulassen/")
    statuses = [Participation.objects.get(pk=p.pk).status for p in applied]
    assert statuses == ["admitted", "admitted", "applied"]
    body = html(coordinator_client.get(round_page(round_)))
    assert "2 of 2 taken" in body
    response = coordinator_client.post(
        f"/verwaltung/arbeitgeber/teilnahmen/{applied[2].pk}/zulassen/", follow=True
    )
    assert "All 2 places of this round are taken." in html(response)
    admitted_mails = OutboxMessage.objects.filter(purpose="employers:admitted")
    assert admitted_mails.count() == 2


def test_a_declined_application_frees_nothing_and_is_listed_as_withdrawn(
    coordinator_client: Client,
):
    participation = ParticipationFactory(status=Participation.Status.APPLIED)
    coordinator_client.post(f"/verwaltung/arbeitgeber/teilnahmen/{participation.pk}/ablehnen/")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.WITHDRAWN
    assert "Withdrawn:" in html(coordinator_client.get(round_page(participation.round)))


def test_workshop_registration_is_only_for_the_rounds_admitted_employers(
    coordinator_client: Client,
):
    round_ = RoundFactory()
    day = timezone.localdate() + timedelta(days=14)
    response = coordinator_client.post(
        round_page(round_) + "workshops/neu/",
        {
            "title": "Workshop 1: Bestandsaufnahme",
            "day": day.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "venue_name": "Technisches Rathaus",
            "places": "20",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.select_related("event").get(round=round_)
    event = workshop.event
    occurrence = event.occurrences.get()
    register_url = f"/veranstaltungen/{event.slug}/termin/{occurrence.pk}/anmelden/"
    form = {"name": "A", "email": "a@example.org", "adults": "1", "children": "0"}

    admitted = ParticipationFactory(round=round_, status=Participation.Status.ADMITTED)
    applied = ParticipationFactory(round=round_, status=Participation.Status.APPLIED)
    outsider = english_client(team_member(applied.employer))
    refused = outsider.post(register_url, form)
    assert refused.status_code == 403
    assert "admitted to the round" in html(refused)
    anonymous = english_client().get(register_url)
    assert "Please log in with your team account" in html(anonymous)

    inside = english_client(team_member(admitted.employer))
    assert inside.post(register_url, form).status_code == 302
    assert Registration.objects.filter(occurrence=occurrence).count() == 1


def test_a_jury_member_gets_a_plain_account_and_an_invitation(coordinator_client: Client):
    round_ = RoundFactory()
    response = coordinator_client.post(
        round_page(round_) + "jury/", {"email": "Jurorin@Example.org", "name": "Jana Jurorin"}
    )
    assert response.status_code == 302
    member = JuryMember.objects.select_related("user").get(round=round_)
    assert member.user.email == "jurorin@example.org"
    assert member.user.role == Role.FAMILY and not member.user.has_usable_password()
    mail = OutboxMessage.objects.get(purpose="employers:jury-invitation")
    assert mail.to == ["jurorin@example.org"]
    assert "/konto/password/reset/key/" in mail.body_text
    again = coordinator_client.post(round_page(round_) + "jury/", {"email": "jurorin@example.org"})
    assert again.status_code == 400
    assert "already on the jury" in html(again)


def test_the_programme_pages_are_for_coordinators_only(family_user: User):
    round_ = RoundFactory()
    client = english_client(family_user)
    for url in (
        "/verwaltung/arbeitgeber/",
        round_page(round_),
        "/verwaltung/arbeitgeber/kataloge/",
    ):
        assert client.get(url).status_code == 403
    assert english_client().get("/verwaltung/arbeitgeber/").status_code == 302


def test_an_employer_applies_for_an_open_round_and_sees_where_it_stands():
    round_ = RoundFactory(name="Runde Frühling")
    employer = EmployerFactory()
    client = english_client(team_member(employer))
    assert "Runde Frühling" in html(client.get("/arbeitgeber/"))
    response = client.post(f"/arbeitgeber/{employer.pk}/bewerben/{round_.pk}/", {"note": "Gern!"})
    participation = Participation.objects.get(round=round_, employer=employer)
    assert response["Location"] == f"/arbeitgeber/teilnahmen/{participation.pk}/"
    body = html(client.get(response["Location"]))
    assert "Your application has been received." in body
    again = client.post(f"/arbeitgeber/{employer.pk}/bewerben/{round_.pk}/", {"note": ""})
    assert "already applied" in html(again)
