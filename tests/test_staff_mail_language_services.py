"""Mails to staff about concerns, Kita wishes and the holiday programme are written in the
language of the recipient's account, not in the language of whoever caused them
(issue 20); an address without an account keeps the site's language, as before."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.utils import timezone, translation

from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.services import desk, passing, reminders
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.holidays import services as holidays
from familienrathaus.partners.models import Organisation
from familienrathaus.places.models import Place
from tests.conftest import english_client
from tests.factories import OccasionFactory, PeriodFactory, UserFactory
from tests.factories.concerns import ConcernFactory, OfficeFactory
from tests.factories.places import PlaceFactory, kind
from tests.factories.welcome import welcome_settings

pytestmark = pytest.mark.django_db


def _tr(user: User) -> User:
    User.objects.filter(pk=user.pk).update(language="tr")
    user.refresh_from_db()
    return user


def _by_address(purpose: str) -> dict[str, OutboxMessage]:
    messages = OutboxMessage.objects.filter(purpose=purpose).order_by("pk")
    return {address: message for message in messages for address in message.to}


@pytest.fixture
def turkish_coordinator(coordinator: User) -> User:
    return _tr(UserFactory(role=coordinator.role, email="tr-koordination@example.org"))


# --------------------------------------------------------------------------- concerns


def test_an_assignment_by_a_german_coordinator_reaches_a_turkish_colleague_in_turkish(
    coordinator: User, turkish_coordinator: User
) -> None:
    concern = ConcernFactory()

    with translation.override("de"):
        desk.assign(actor=coordinator, concern=concern, assignee=turkish_coordinator)

    [mail] = OutboxMessage.objects.filter(purpose="concerns.assigned")
    assert mail.to == [turkish_coordinator.email]
    assert mail.subject == f"{concern.reference} numaralı talep size atandı"
    assert "zugewiesen" not in mail.subject + mail.body_text
    assert mail.body_text.startswith("Merhaba,")
    assert f"/tr/verwaltung/anliegen/{concern.pk}/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_an_urgent_concern_reaches_each_coordinator_in_their_own_language(
    coordinator: User, turkish_coordinator: User
) -> None:
    concern = ConcernFactory()

    # Marked urgent on an English page.
    with translation.override("en"):
        desk.set_priority(actor=coordinator, concern=concern, priority=Concern.Priority.URGENT)

    mails = _by_address("concerns.urgent")
    to_tr, to_de = mails[turkish_coordinator.email], mails[coordinator.email]
    assert to_tr.to == [turkish_coordinator.email]  # still one message each
    assert to_tr.subject == f"Acil talep {concern.reference}"
    assert f"/tr/verwaltung/anliegen/{concern.pk}/" in to_tr.body_text
    assert to_tr.headers["Content-Language"] == "tr"
    assert to_de.subject == f"Dringendes Anliegen {concern.reference}"
    assert "/en/" not in to_de.body_text and "/tr/" not in to_de.body_text
    assert to_de.headers["Content-Language"] == "de"


def test_a_concern_passed_on_reaches_turkish_partner_staff_in_turkish(
    coordinator: User, partner_user: User, organisation: Organisation
) -> None:
    _tr(partner_user)
    concern = ConcernFactory(assignee=coordinator)

    with translation.override("de"):
        passing.pass_on(
            actor=coordinator, concern=concern, organisation=organisation, note="Bitte prüfen."
        )

    [mail] = OutboxMessage.objects.filter(purpose="concerns.passed_partner")
    assert mail.to == [partner_user.email]
    assert mail.subject == f"Size bir talep iletildi: {concern.reference}"
    assert "weitergegeben" not in mail.subject
    assert "Koordinasyon bürosunun notu:" in mail.body_text
    assert "Bitte prüfen." in mail.body_text  # the note itself as written
    assert f"/tr/verwaltung/anliegen/partner/{concern.pk}/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_an_office_without_an_account_keeps_the_sites_language(
    coordinator: User,
) -> None:
    office = OfficeFactory(email="jugendamt@stadt.example")
    concern = ConcernFactory(assignee=coordinator)

    with translation.override("en"):
        passing.pass_on(actor=coordinator, concern=concern, office=office)

    [mail] = OutboxMessage.objects.filter(purpose="concerns.passed_office")
    assert mail.subject == f"Ein Anliegen für Ihr Amt: {concern.reference}"
    assert "/en/" not in mail.body_text and "/anliegen/amt/" in mail.body_text
    assert mail.headers["Content-Language"] == "de"


def test_a_partners_answer_reaches_a_turkish_assignee_in_turkish(
    partner_user: User, organisation: Organisation, turkish_coordinator: User
) -> None:
    concern = ConcernFactory(assignee=turkish_coordinator, organisation=organisation)

    with translation.override("de"):
        passing.partner_answer(
            actor=partner_user,
            concern=concern,
            text="Ab März ist ein Platz frei.",
            to_family=False,
            submission_key=uuid.uuid4(),
        )

    [mail] = OutboxMessage.objects.filter(purpose="concerns.holder_answered")
    assert mail.to == [turkish_coordinator.email]
    assert mail.subject == (f"{concern.reference} için {organisation.name} tarafından yeni yanıt")
    assert "Neue Antwort" not in mail.subject
    assert f"/tr/verwaltung/anliegen/{concern.pk}/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_a_reminder_reaches_turkish_partner_staff_in_turkish(
    partner_user: User, organisation: Organisation
) -> None:
    _tr(partner_user)
    today = timezone.localdate()
    concern = ConcernFactory(organisation=organisation, first_answer_due=today)

    with translation.override("de"):
        assert reminders.send_reminders(today=today) == 1

    [mail] = OutboxMessage.objects.filter(purpose="concerns.reminder")
    assert mail.to == [partner_user.email]
    assert mail.subject == f"Hatırlatma: {concern.reference} numaralı talebin süresi doldu"
    assert "Erinnerung" not in mail.subject
    assert "Aile hâlâ ilk yanıtı bekliyor." in mail.body_text
    assert f"/tr/verwaltung/anliegen/partner/{concern.pk}/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_a_family_mail_of_a_concern_without_a_language_says_it_is_german(
    coordinator: User,
) -> None:
    # Entered by staff from a phone call: no page language was recorded.
    concern = ConcernFactory(assignee=coordinator, language="")

    with translation.override("en"):
        desk.change_status(actor=coordinator, concern=concern, status=Concern.Status.IN_PROGRESS)

    [mail] = OutboxMessage.objects.filter(purpose="concerns.update")
    assert mail.subject == f"Neues zu Ihrem Anliegen {concern.reference}"
    assert mail.headers["Content-Language"] == "de"


# --------------------------------------------------------------------------- welcome


@pytest.fixture
def kitas() -> list[Place]:
    return [PlaceFactory(name="Kita Regenbogen", slug="kita-regenbogen", kinds=[kind("kita")])]


def test_a_kita_wish_reaches_a_turkish_kita_office_account_in_turkish(
    client: Client, kitas: list[Place]
) -> None:
    _tr(UserFactory(email="kitaamt@example.org"))
    welcome_settings(kita_office_email="kitaamt@example.org")
    born = timezone.localdate() - dt.timedelta(days=60)

    # A German-speaking family passes its wish on.
    response = client.post(
        "/babybegruessung/kita/",
        {
            "child_first_name": "Emil",
            "birth_date": born.isoformat(),
            "parent_names": "Anna Schulz",
            "email": "schulz@example.org",
            "postcode": "58452",
            "language": "de",
            "care_from": (born + dt.timedelta(days=400)).isoformat(),
            "hours_per_week": "35",
            "kita_1": kitas[0].pk,
            "consent": "on",
        },
    )

    assert response.status_code == 302
    [mail] = OutboxMessage.objects.filter(purpose="welcome.kita")
    assert mail.to == ["kitaamt@example.org"]
    assert mail.subject == "Bebek karşılamadan yeni kreş dileği"
    assert "Kita-Wunsch" not in mail.subject + mail.body_text
    assert "/tr/verwaltung/babybegruessung/kita/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_a_kita_office_address_without_an_account_keeps_the_sites_language(
    kitas: list[Place],
) -> None:
    welcome_settings(kita_office_email="kita@stadt.example")
    born = timezone.localdate() - dt.timedelta(days=60)

    english_client().post(
        "/en/babybegruessung/kita/",
        {
            "child_first_name": "Emil",
            "birth_date": born.isoformat(),
            "parent_names": "Anna Schulz",
            "email": "schulz@example.org",
            "postcode": "58452",
            "language": "en",
            "care_from": (born + dt.timedelta(days=400)).isoformat(),
            "hours_per_week": "35",
            "kita_1": kitas[0].pk,
            "consent": "on",
        },
    )

    [mail] = OutboxMessage.objects.filter(purpose="welcome.kita")
    assert mail.subject == "Neuer Kita-Wunsch aus der Babybegrüßung"
    assert "/en/" not in mail.body_text
    assert mail.headers["Content-Language"] == "de"


# --------------------------------------------------------------------------- holidays


def test_occasions_below_their_minimum_reach_each_coordinator_in_their_own_language(
    coordinator: User, turkish_coordinator: User
) -> None:
    period = PeriodFactory(
        holiday_start=timezone.localdate() + dt.timedelta(days=5), minimum_check_days=7
    )
    OccasionFactory(activity__period=period, activity__title="Kanufahrt", min_places=3)

    with translation.override("de"):
        assert holidays.flag_below_minimum() == 1

    mails = _by_address("holidays.below_minimum")
    to_tr, to_de = mails[turkish_coordinator.email], mails[coordinator.email]
    assert to_tr.to == [turkish_coordinator.email]
    assert to_tr.subject == "Tatil programı: en az katılımcı sayısının altında kalan tarihler"
    assert "Bu tarihlerde katılımcı sayısı" in to_tr.body_text
    assert "Ferienprogramm" not in to_tr.subject + to_tr.body_text
    assert "Kanufahrt" in to_tr.body_text
    assert to_tr.headers["Content-Language"] == "tr"
    assert to_de.subject == "Ferienprogramm: Termine unter ihrer Mindestzahl"
    assert to_de.headers["Content-Language"] == "de"
