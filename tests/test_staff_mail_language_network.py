"""Mails of the network workshop, the calendar import and the accessibility feedback are
written in the recipient account's language, not in the site's or in the language of
whoever caused them (issue 20, point 5): the words of that language's catalog, links
with its prefix (``/tr/…``) and a ``Content-Language`` header that says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.core import services as core_services
from familienrathaus.core.models import OutboxMessage, SiteSettings, User
from familienrathaus.core.models.users import Role
from familienrathaus.events import importer
from familienrathaus.network import notifications
from familienrathaus.network.models import GroupMember, MemberProfile, Post
from familienrathaus.network.services import feed
from familienrathaus.network.services import groups as group_services
from familienrathaus.network.services import minutes as minutes_services
from familienrathaus.network.services import tasks as task_services
from familienrathaus.network.services.handover import hand_over
from familienrathaus.places.services import apply_notinsel
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.network import (
    GroupFactory,
    MeetingFactory,
    MinutesFactory,
    TaskFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
Notify = MemberProfile.Notify


def _speaks(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user


def _wants(user: User, notify: str) -> User:
    MemberProfile.objects.update_or_create(user=user, defaults={"notify": notify})
    return user


def _mail_to(email: str, purpose: str) -> OutboxMessage:
    [mail] = [m for m in OutboxMessage.objects.filter(purpose=purpose) if email in m.to]
    return mail


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")


def test_a_post_is_told_at_once_to_each_member_in_their_own_language(group: Any) -> None:
    author = member_of(group, GroupMember.Role.LEAD, email="lea@example.org")
    turkish = _wants(_speaks(member_of(group, email="mia@example.org"), "tr"), Notify.IMMEDIATE)
    german = _wants(member_of(group, email="max@example.org"), Notify.IMMEDIATE)

    # The author writes on an English page: the entry's link carries /en/.
    with translation.override("en"):
        feed.record(
            group, Post.Kind.POST, "Raum gefunden", f"/en/werkstatt/{group.slug}/", author=author
        )

    to_mia = _mail_to(turkish.email, notifications.PURPOSE_NOW)
    assert "“Ferienbetreuung” grubunda yeni" in to_mia.body_text
    assert "Neu in der Gruppe" not in to_mia.body_text and "New in" not in to_mia.body_text
    assert f"/tr/werkstatt/{group.slug}/" in to_mia.body_text
    assert "/tr/werkstatt/benachrichtigungen/" in to_mia.body_text
    assert to_mia.headers["Content-Language"] == "tr"
    assert to_mia.headers["List-Id"].startswith("Bündnis-Werkstatt")
    to_max = _mail_to(german.email, notifications.PURPOSE_NOW)
    assert to_max.headers["Content-Language"] == "de"
    assert "/en/" not in to_max.body_text and "/tr/" not in to_max.body_text
    assert f"/werkstatt/{group.slug}/" in to_max.body_text


def test_a_digest_is_written_in_the_members_language(group: Any) -> None:
    member = _wants(_speaks(member_of(group, email="mia@example.org"), "tr"), Notify.DAILY)
    now = timezone.now()
    MemberProfile.objects.filter(user=member).update(last_digest_at=now - timezone.timedelta(1))
    with translation.override("de"):
        feed.record(
            group,
            Post.Kind.DOCUMENT,
            "Neues Dokument: Elternbrief",
            "/werkstatt/ferienbetreuung/",
            created_at=now - timezone.timedelta(hours=3),
        )
        notifications.send_digest(member.pk, now=now)

    mail = _mail_to(member.email, notifications.PURPOSE_DIGEST)
    assert mail.subject in {
        "Çalışma alanından günlük özetiniz",
        "Çalışma alanından haftalık özetiniz",
    }
    assert "Zusammenfassung" not in mail.subject
    assert "Elternbrief" in mail.body_text
    assert "/tr/werkstatt/ferienbetreuung/" in mail.body_text
    assert "/tr/werkstatt/benachrichtigungen/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_an_invitation_to_a_group_reaches_a_turkish_account_in_turkish(group: Any) -> None:
    lead = member_of(group, GroupMember.Role.LEAD, email="lea@example.org")
    guest = _speaks(UserFactory(email="gast@example.org", role=Role.PARTNER), "tr")

    with translation.override("de"):
        invitation = group_services.invite(actor=lead, group=group, email=guest.email)

    mail = _mail_to(guest.email, group_services.INVITATION_PURPOSE)
    assert mail.subject == "“Ferienbetreuung” grubuna davet"
    assert "Einladung" not in mail.subject
    assert f"/tr/werkstatt/einladung/{invitation.token}/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_a_handover_reaches_a_turkish_successor_in_turkish(coordinator: User) -> None:
    leaving = UserFactory(role=Role.COORDINATOR, name="Hanna Alt")
    successor = _speaks(UserFactory(role=Role.PARTNER, name="Nora Neu"), "tr")
    GroupMember.objects.create(group=GroupFactory(), user=leaving, role=GroupMember.Role.LEAD)

    with translation.override("de"):
        hand_over(actor=coordinator, from_user=leaving, to_user=successor)

    mail = _mail_to(successor.email, "network.handover")
    assert mail.subject == "Bündnis-Werkstatt'ta görevi devraldınız"
    assert "übernommen" not in mail.subject
    assert "/tr/werkstatt/" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_an_overdue_task_is_reminded_in_the_owners_language(group: Any) -> None:
    owner = _speaks(member_of(group, email="mia@example.org"), "tr")
    task = TaskFactory(group=group, owner=owner, title="Elternbrief", overdue=True)

    with translation.override("de"):
        assert task_services.remind_overdue() == 1

    mail = _mail_to(owner.email, f"network.task-overdue:{task.pk}")
    assert mail.subject == "Süresi geçti: Elternbrief"
    assert "Überfällig" not in mail.subject
    assert f"/tr/werkstatt/meine-aufgaben/#aufgabe-{task.pk}" in mail.body_text
    assert mail.headers["Content-Language"] == "tr"


def test_draft_minutes_reach_each_member_in_their_own_language(group: Any) -> None:
    writer = member_of(group, GroupMember.Role.LEAD, email="lea@example.org")
    turkish = _wants(_speaks(member_of(group, email="mia@example.org"), "tr"), Notify.IMMEDIATE)
    german = _wants(member_of(group, email="max@example.org"), Notify.IMMEDIATE)
    meeting = MeetingFactory(group=group, title="Planungstreffen", held=True)
    minutes = MinutesFactory(meeting=meeting)

    with translation.override("en"):
        assert minutes_services.send_draft(minutes=minutes, actor=writer) == 2

    to_mia = _mail_to(turkish.email, "network.minutes_draft")
    assert to_mia.subject == "Görüşleriniz için tutanak taslağı: Planungstreffen"
    assert f"/tr/werkstatt/{group.slug}/protokolle/{minutes.pk}/" in to_mia.body_text
    assert "/tr/werkstatt/benachrichtigungen/" in to_mia.body_text
    assert to_mia.headers["Content-Language"] == "tr"
    to_max = _mail_to(german.email, "network.minutes_draft")
    assert to_max.subject.startswith("Protokollentwurf") or "Planungstreffen" in to_max.subject
    assert to_max.subject != to_mia.subject
    assert to_max.headers["Content-Language"] == "de"
    assert "/en/" not in to_max.body_text and "/tr/" not in to_max.body_text


def _ics() -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//Kalender//DE",
        "BEGIN:VEVENT",
        "UID:a@verein",
        "DTSTAMP:20261101T100000Z",
        "DTSTART;TZID=Europe/Berlin:20270310T170000",
        "DTEND;TZID=Europe/Berlin:20270310T190000",
        "SUMMARY:Sommerfest",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_imported_events_are_announced_to_each_coordinator_in_their_language(
    coordinator: User,
) -> None:
    turkish = _speaks(UserFactory(role=Role.COORDINATOR, email="tr-buero@example.org"), "tr")
    organisation = OrganisationFactory(name="Verein Sonnenschein")
    partner = UserFactory(role=Role.PARTNER)

    with translation.override("en"):
        importer.import_calendar(data=_ics(), source=None, organisation=organisation, actor=partner)

    to_tr = _mail_to(turkish.email, "event.import_submitted")
    assert to_tr.subject == "İçe aktarılan 1 etkinlik kontrol bekliyor"
    assert "Verein Sonnenschein bir takvimden etkinlikler içe aktardı" in to_tr.body_text
    assert "/tr/verwaltung/veranstaltungen/pruefen/" in to_tr.body_text
    assert to_tr.headers["Content-Language"] == "tr"
    assert to_tr.to == [turkish.email]  # not beside the German colleague
    to_de = _mail_to(coordinator.email, "event.import_submitted")
    assert to_de.headers["Content-Language"] == "de"
    assert "waits for review" not in to_de.subject
    assert (
        "/en/" not in to_de.body_text and "/verwaltung/veranstaltungen/pruefen/" in to_de.body_text
    )


def test_accessibility_feedback_reaches_a_turkish_coordinator_in_turkish(
    coordinator: User,
) -> None:
    turkish = _speaks(UserFactory(role=Role.COORDINATOR, email="tr-buero@example.org"), "tr")

    with translation.override("en"):
        core_services.submit_accessibility_feedback(
            name="Ada",
            email="ada@example.org",
            page_url="/angebote/",
            message="Kontrast zu schwach",
        )

    to_tr = _mail_to(turkish.email, "accessibility_feedback")
    assert to_tr.subject == "Erişilebilirlik geri bildirimi: Kontrast zu schwach"
    assert "Birisi web sitesinde bir erişim engeli bildirdi." in to_tr.body_text
    assert "Accessibility" not in to_tr.subject and "Barriere" not in to_tr.body_text
    assert to_tr.headers["Content-Language"] == "tr"
    assert to_tr.reply_to == ["ada@example.org"]
    to_de = _mail_to(coordinator.email, "accessibility_feedback")
    assert to_de.headers["Content-Language"] == "de"
    assert "Accessibility" not in to_de.subject


NOTINSEL = {
    "business_name": "Buchhandlung Lesezeichen",
    "street": "Marktplatz 4",
    "postcode": "12345",
    "city": "Musterstadt",
    "opening_hours": "Mo–Fr 9–18",
    "contact_name": "Erika Mustermann",
    "contact_email": "info@lesezeichen.example",
    "contact_phone": "01234 5678",
}


def test_a_notinsel_applying_on_a_turkish_page_is_confirmed_in_turkish() -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    SiteSettings.objects.filter(pk=site.pk).update(contact_email="familienbuero@example.org")

    with translation.override("tr"):
        apply_notinsel(fields=dict(NOTINSEL))

    to_business = _mail_to("info@lesezeichen.example", "places.notinsel_applied")
    assert to_business.subject == "Notinsel başvurunuz"
    assert "Ihre Bewerbung" not in to_business.subject
    assert to_business.headers["Content-Language"] == "tr"
    # The family office's address has no account: German, the office's language.
    to_office = _mail_to("familienbuero@example.org", "places.notinsel_new")
    assert to_office.headers["Content-Language"] == "de"
    assert "/tr/" not in to_office.body_text


@pytest.mark.usefixtures("fresh_cache")
def test_a_password_reset_asked_for_on_a_german_page_links_to_the_turkish_page() -> None:
    user = _speaks(UserFactory(email="yeni@example.org"), "tr")

    with translation.override("de"):
        url = reverse("account_reset_password")
    response = Client().post(url, {"email": user.email})

    assert response.status_code == 302
    reset = OutboxMessage.objects.get(purpose="account:password_reset_key")
    assert reset.headers["Content-Language"] == "tr"
    with translation.override("tr"):
        turkish = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    prefix = turkish.split("UID")[0]
    assert prefix.startswith("/tr/") and prefix in reset.body_text
