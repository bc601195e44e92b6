"""Passing concerns on through HTTP: to a partner (answers in the back office), to an
office (answers through the signed link), back to the desk; publishing an answer."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Concern, Message
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.partners.models import Organisation
from tests.conftest import english_client
from tests.factories.concerns import ConcernFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def page(concern: Concern) -> str:
    return f"/verwaltung/anliegen/{concern.pk}/"


def partner_page(concern: Concern) -> str:
    return f"/verwaltung/anliegen/partner/{concern.pk}/"


def html(response: Any) -> str:
    return response.content.decode()


def mails(purpose: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose=purpose).order_by("pk"))


def office_link(concern: Concern) -> str:
    body = mails("concerns.passed_office")[-1].body_text
    match = re.search(r"https?://\S+(/anliegen/amt/\S+/)", body)
    assert match, body
    return match.group(1)


def test_passing_to_a_partner_who_answers_the_desk(
    coordinator_client: Client,
    partner_client: Client,
    partner_user: User,
    organisation: Organisation,
    coordinator: User,
):
    concern = ConcernFactory(assignee=coordinator)
    response = coordinator_client.post(
        f"{page(concern)}weitergabe/",
        {"to": f"partner-{organisation.pk}", "note": "Bitte Platz in der Gruppe prüfen."},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.organisation == organisation and concern.status == Concern.Status.IN_PROGRESS
    # The partner's staff get a mail with a link to the back office, without the family.
    (mail,) = mails("concerns.passed_partner")
    assert mail.to == [partner_user.email]
    assert partner_page(concern) in mail.body_text and concern.email not in mail.body_text
    # The family reads that it was passed on, in plain words.
    status = concern.messages.get(kind=Message.Kind.STATUS)
    assert status.public and organisation.name in status.text

    inbox = html(partner_client.get("/verwaltung/anliegen/partner/"))
    assert concern.reference in inbox
    body = html(partner_client.get(partner_page(concern)))
    assert "Bitte Platz in der Gruppe prüfen." in body and concern.text in body
    assert concern.email not in body and concern.name not in body  # "office only" level

    key = str(uuid.uuid4())
    answer = {"text": "Ab März ist ein Platz frei.", "to": "desk", "submission_key": key}
    assert partner_client.post(partner_page(concern), answer).status_code == 302
    assert partner_client.post(partner_page(concern), answer).status_code == 302  # twice
    message = concern.messages.get(kind=Message.Kind.PARTNER)
    assert not message.public and message.author_label == organisation.name
    assert [m.to for m in mails("concerns.holder_answered")] == [[coordinator.email]]
    assert not mails("concerns.update")[1:]  # nothing new for the family yet

    # The desk sends it on to the family.
    response = coordinator_client.post(f"{page(concern)}antwort/{message.pk}/weiterleiten/")
    assert response.status_code == 302
    message.refresh_from_db()
    concern.refresh_from_db()
    assert message.public and concern.status == Concern.Status.ANSWERED
    assert "Ab März ist ein Platz frei." in mails("concerns.update")[-1].body_text


def test_a_partner_may_answer_the_family_directly(
    coordinator_client: Client, partner_client: Client, organisation: Organisation
):
    concern = ConcernFactory(organisation=organisation, status=Concern.Status.IN_PROGRESS)
    partner_client.post(partner_page(concern), {"text": "Kommen Sie gern vorbei.", "to": "family"})
    message = concern.messages.get(kind=Message.Kind.PARTNER)
    assert message.public
    concern.refresh_from_db()
    assert concern.first_answer_at is not None and concern.status == Concern.Status.ANSWERED
    assert "Kommen Sie gern vorbei." in mails("concerns.update")[-1].body_text


def test_at_the_named_level_the_partner_sees_name_and_contact(
    partner_client: Client, organisation: Organisation
):
    concern = ConcernFactory(named=True, organisation=organisation)
    body = html(partner_client.get(partner_page(concern)))
    assert concern.name in body and concern.email in body and concern.phone in body


def test_passing_to_an_office_sends_a_link_that_reads_and_answers(
    coordinator_client: Client, coordinator: User
):
    office = OfficeFactory(name="Jugendamt", email="jugendamt@stadt.example")
    concern = ConcernFactory()
    coordinator_client.post(
        f"{page(concern)}weitergabe/", {"to": f"office-{office.pk}", "note": "Bitte übernehmen."}
    )
    (mail,) = mails("concerns.passed_office")
    assert mail.to == ["jugendamt@stadt.example"] and "14 Tage" in mail.body_text  # German
    link = office_link(concern)

    office_client = english_client()
    body = html(office_client.get(link))
    assert concern.text in body and "Bitte übernehmen." in body
    assert concern.email not in body
    response = office_client.post(
        link,
        {"text": "Wir rufen die Familie an.", "to": "desk", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    message = concern.messages.get(kind=Message.Kind.OFFICE)
    assert message.author_label == "Jugendamt" and not message.public
    assert mails("concerns.holder_answered")


def test_taking_a_concern_back_ends_the_partners_access(
    coordinator_client: Client, partner_client: Client, organisation: Organisation
):
    concern = ConcernFactory(organisation=organisation, status=Concern.Status.IN_PROGRESS)
    assert partner_client.get(partner_page(concern)).status_code == 200
    coordinator_client.post(f"{page(concern)}weitergabe/", {"to": "desk"})
    concern.refresh_from_db()
    assert concern.organisation is None
    assert partner_client.get(partner_page(concern)).status_code == 404
    assert concern.reference not in html(partner_client.get("/verwaltung/anliegen/partner/"))


def test_a_partner_answer_after_the_concern_went_elsewhere_is_refused(
    coordinator_client: Client, partner_client: Client, organisation: Organisation
):
    concern = ConcernFactory(organisation=organisation, status=Concern.Status.IN_PROGRESS)
    form = html(partner_client.get(partner_page(concern)))
    key = re.search(r'name="submission_key" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    coordinator_client.post(f"{page(concern)}weitergabe/", {"to": "desk"})
    response = partner_client.post(
        partner_page(concern), {"text": "Zu spät.", "to": "family", "submission_key": key}
    )
    assert response.status_code == 404
    assert not concern.messages.filter(kind=Message.Kind.PARTNER).exists()


def test_a_closed_concern_cannot_be_passed_on(
    coordinator_client: Client, organisation: Organisation
):
    concern = ConcernFactory(status=Concern.Status.CLOSED)
    response = coordinator_client.post(
        f"{page(concern)}weitergabe/", {"to": f"partner-{organisation.pk}"}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.organisation is None


def test_an_unknown_recipient_is_refused_next_to_the_field(coordinator_client: Client):
    concern = ConcernFactory()
    response = coordinator_client.post(
        f"{page(concern)}weitergabe/", {"to": "partner-999999", "note": "Bitte ansehen"}
    )
    assert response.status_code == 400
    body = html(response)
    assert "Please choose where to pass the concern on to." in body
    assert "Bitte ansehen</textarea>" in body


def test_passing_to_the_same_office_again_sends_a_new_link_and_nothing_to_the_family(
    coordinator_client: Client,
):
    office = OfficeFactory()
    concern = ConcernFactory()
    coordinator_client.post(f"{page(concern)}weitergabe/", {"to": f"office-{office.pk}"})
    first = office_link(concern)
    family_mails = len(mails("concerns.update"))
    time.sleep(1.1)  # links carry whole seconds
    coordinator_client.post(f"{page(concern)}weitergabe/", {"to": f"office-{office.pk}"})
    second = office_link(concern)
    assert first != second and len(mails("concerns.passed_office")) == 2
    assert len(mails("concerns.update")) == family_mails
    client = english_client()
    assert client.get(second).status_code == 200
    assert client.get(first).status_code == 410  # made before the latest hand-over
