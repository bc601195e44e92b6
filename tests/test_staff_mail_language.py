"""Mails to partner staff, coordinators and network members are written in the language
of the recipient's account, not in the language of whoever caused them (issue 20)."""

from __future__ import annotations

import pytest
from django.utils import translation

from familienrathaus.core import review
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.employers.services.programme import invite_jury
from familienrathaus.network.models import GroupMember, Meeting
from familienrathaus.offers.workflow import WORKFLOW as OFFERS
from familienrathaus.partners.models import Organisation
from tests.conftest import english_client
from tests.factories import OfferFactory, UserFactory
from tests.factories.employers import RoundFactory
from tests.factories.network import GroupFactory, member_of

pytestmark = pytest.mark.django_db


def _tr(user: User) -> None:
    User.objects.filter(pk=user.pk).update(language="tr")


def test_an_offer_published_by_a_german_coordinator_reaches_a_turkish_partner_in_turkish(
    organisation: Organisation, partner_user: User, coordinator: User
) -> None:
    _tr(partner_user)
    offer = OfferFactory(organisation=organisation, status="submitted", title="Krabbelgruppe")

    with translation.override("de"):
        review.act(OFFERS, offer, actor=coordinator, step="approve", comment="Danke!")

    [mail] = OutboxMessage.objects.filter(purpose="offer.published")
    assert mail.to == [partner_user.email]
    assert mail.subject.startswith("Yayımlandı:")
    assert "Krabbelgruppe" in mail.subject
    assert "Veröffentlicht" not in mail.subject + mail.body_text
    assert "/tr/verwaltung/angebote/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_a_submission_reaches_each_coordinator_in_their_own_language(
    organisation: Organisation, partner_user: User, coordinator: User
) -> None:
    turkish = UserFactory(role=coordinator.role, email="tr-koordination@example.org")
    _tr(turkish)
    offer = OfferFactory(organisation=organisation, status="draft", title="Krabbelgruppe")

    with translation.override("de"):
        review.act(OFFERS, offer, actor=partner_user, step="submit")

    mails = {m.to[0]: m for m in OutboxMessage.objects.filter(purpose="offer.submitted")}
    assert mails[turkish.email].headers["Content-Language"] == "tr"
    assert "/tr/verwaltung/" in mails[turkish.email].body_text
    german = mails[coordinator.email]
    assert german.headers["Content-Language"] == "de"
    assert "/tr/" not in german.body_text and "/verwaltung/" in german.body_text
    assert german.subject != mails[turkish.email].subject


def test_a_meeting_invitation_reaches_each_member_in_their_own_language() -> None:
    group = GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")
    lead = member_of(group, GroupMember.Role.LEAD, name="Lea Leitung", email="lea@example.org")
    turkish = member_of(group, name="Mia Mitglied", email="mia@example.org")
    _tr(turkish)

    # The lead plans the meeting on an English page.
    response = english_client(lead).post(
        f"/en/werkstatt/{group.slug}/sitzungen/neu/",
        {
            "title": "Arbeitsgruppe Ferienbetreuung",
            "day": "2030-06-03",
            "start": "17:00",
            "end": "19:00",
            "place": "Rathaus, Raum 101",
            "online_url": "",
            "description": "",
            "invite": "on",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    mails = {
        m.to[0]: m
        for m in OutboxMessage.objects.filter(purpose=f"network.meeting-ics:{meeting.pk}")
    }
    to_mia, to_lea = mails["mia@example.org"], mails["lea@example.org"]
    assert to_mia.subject == "Davet: Arbeitsgruppe Ferienbetreuung (Ferienbetreuung)"
    assert f"/tr/werkstatt/{group.slug}/sitzungen/{meeting.pk}/" in to_mia.body_text
    assert to_mia.headers["Content-Language"] == "tr"
    assert to_lea.subject == "Einladung: Arbeitsgruppe Ferienbetreuung (Ferienbetreuung)"
    assert "/tr/" not in to_lea.body_text and "/en/" not in to_lea.body_text
    assert f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/" in to_lea.body_text


def test_a_jury_invitation_from_a_german_coordinator_reaches_a_turkish_account_in_turkish(
    coordinator: User,
) -> None:
    round_ = RoundFactory()
    juror = UserFactory(email="juror@example.org", name="Jale Jüri")
    _tr(juror)

    with translation.override("de"):
        invite_jury(actor=coordinator, round_=round_, email=juror.email)

    [mail] = OutboxMessage.objects.filter(purpose="employers:jury-invitation")
    assert mail.to == ["juror@example.org"]
    assert mail.headers["Content-Language"] == "tr"
    assert mail.subject.startswith("FAMILIENbewusste Unternehmen programının jürisi")
    assert "/tr/" in mail.body_text


def test_a_plain_address_without_an_account_keeps_the_language_in_use(coordinator: User) -> None:
    round_ = RoundFactory()

    with translation.override("de"):
        invite_jury(actor=coordinator, round_=round_, email="neu@example.org")

    [mail] = OutboxMessage.objects.filter(purpose="employers:jury-invitation")
    assert mail.headers["Content-Language"] == "de"
    assert "/tr/" not in mail.body_text and "/en/" not in mail.body_text
