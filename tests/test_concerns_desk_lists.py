"""The desk's lists (offices, answer templates, topics with target times), the daily
reminders and interim notices, and the back-office tiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns import tasks
from familienrathaus.concerns.models import AnswerTemplate, Concern, Message, Office, Topic
from familienrathaus.concerns.services import reminders
from familienrathaus.core import periodic
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.partners.models import Organisation
from tests.factories.concerns import (
    AnswerTemplateFactory,
    ConcernFactory,
    ConcernTopicFactory,
    OfficeFactory,
)

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


def mails(purpose: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose=purpose).order_by("pk"))


def test_offices_are_created_and_changed(coordinator_client: Client):
    response = coordinator_client.post(
        "/verwaltung/anliegen/aemter/neu/",
        {"name": "Jugendamt", "email": "jugendamt@stadt.example", "active": "on"},
    )
    assert response.status_code == 302
    office = Office.objects.get(name="Jugendamt")
    assert "jugendamt@stadt.example" in html(coordinator_client.get("/verwaltung/anliegen/aemter/"))
    bad = coordinator_client.post(
        f"/verwaltung/anliegen/aemter/{office.pk}/", {"name": "Jugendamt", "email": "kein-at"}
    )
    assert bad.status_code == 400 and "Enter a valid email address." in html(bad)
    coordinator_client.post(
        f"/verwaltung/anliegen/aemter/{office.pk}/",
        {"name": "Jugendamt Musterstadt", "email": "ja@stadt.example"},
    )
    office.refresh_from_db()
    assert office.name == "Jugendamt Musterstadt" and not office.active


def test_only_one_template_is_the_interim_notice(coordinator_client: Client):
    old = AnswerTemplateFactory(title="Alt", interim=True)
    response = coordinator_client.post(
        "/verwaltung/anliegen/vorlagen/neu/",
        {"title": "Zwischenbescheid", "text": "Wir brauchen noch etwas Zeit.", "interim": "on"},
    )
    assert response.status_code == 302
    assert AnswerTemplate.objects.get(interim=True).title == "Zwischenbescheid"
    old.refresh_from_db()
    assert not old.interim
    assert "Zwischenbescheid" in html(coordinator_client.get("/verwaltung/anliegen/vorlagen/"))
    coordinator_client.post(f"/verwaltung/anliegen/vorlagen/{old.pk}/loeschen/")
    assert not AnswerTemplate.objects.filter(pk=old.pk).exists()


def test_topic_targets_are_checked_next_to_the_field(coordinator_client: Client):
    topic = ConcernTopicFactory(name="Wohnen", first_answer_days=10, closing_days=20)
    response = coordinator_client.post(
        f"/verwaltung/anliegen/themen/{topic.pk}/",
        {"name": "Wohnen", "position": 1, "first_answer_days": 5, "closing_days": 3},
    )
    assert response.status_code == 400
    assert "Closing cannot be due before the first answer." in html(response)
    coordinator_client.post(
        f"/verwaltung/anliegen/themen/{topic.pk}/",
        {
            "name": "Wohnen",
            "position": 1,
            "active": "on",
            "first_answer_days": 5,
            "closing_days": 15,
        },
    )
    topic.refresh_from_db()
    assert (topic.first_answer_days, topic.closing_days) == (5, 15)
    listing = html(coordinator_client.get("/verwaltung/anliegen/themen/"))
    assert "Wohnen" in listing and Topic.objects.count() > 1


def test_the_holder_is_reminded_once_per_due_date(
    coordinator: User, organisation: Organisation, partner_user: User
):
    due = dt.date(2026, 4, 20)
    with_partner = ConcernFactory(
        organisation=organisation,
        status=Concern.Status.IN_PROGRESS,
        first_answer_due=due,
        close_due=dt.date(2026, 5, 5),
    )
    with_office = ConcernFactory(
        office=OfficeFactory(email="amt@stadt.example"), first_answer_due=due
    )
    nobody = ConcernFactory(first_answer_due=due)
    later = ConcernFactory(first_answer_due=dt.date(2026, 4, 21))
    ConcernFactory(first_answer_due=due, status=Concern.Status.CLOSED)

    assert reminders.send_reminders(today=dt.date(2026, 4, 19)) == 0
    assert reminders.send_reminders(today=due) == 3
    assert reminders.send_reminders(today=due) == 0
    to = {m.to[0]: m for m in mails("concerns.reminder")}
    assert set(to) == {partner_user.email, "amt@stadt.example", coordinator.email}
    assert f"/verwaltung/anliegen/partner/{with_partner.pk}/" in to[partner_user.email].body_text
    assert "/anliegen/amt/" in to["amt@stadt.example"].body_text
    assert f"/verwaltung/anliegen/{nobody.pk}/" in to[coordinator.email].body_text
    assert with_office.reference in to["amt@stadt.example"].subject
    # The later one a day later (also when the task missed its day), once.
    assert reminders.send_reminders(today=dt.date(2026, 4, 22)) == 1
    assert reminders.send_reminders(today=dt.date(2026, 4, 23)) == 0
    assert later.reference in mails("concerns.reminder")[-1].subject

    # Answered in time: the closing date brings one more reminder.
    Concern.objects.filter(pk=with_partner.pk).update(
        first_answer_at=dt.datetime(2026, 4, 20, tzinfo=dt.UTC)
    )
    assert reminders.send_reminders(today=dt.date(2026, 5, 5)) == 1
    assert reminders.send_reminders(today=dt.date(2026, 5, 6)) == 0


def test_the_interim_notice_goes_once_when_the_first_answer_is_late(anon_client: Client):
    late = ConcernFactory(first_answer_due=dt.date(2026, 4, 20))
    answered = ConcernFactory(
        first_answer_due=dt.date(2026, 4, 20),
        first_answer_at=dt.datetime(2026, 4, 17, tzinfo=dt.UTC),
        status=Concern.Status.ANSWERED,
    )
    assert reminders.send_interim_notices(today=dt.date(2026, 4, 21)) == 0  # no template yet
    AnswerTemplateFactory(interim=True, text="Wir brauchen etwas länger, bitte haben Sie Geduld.")
    assert reminders.send_interim_notices(today=dt.date(2026, 4, 20)) == 0  # due day not over
    assert reminders.send_interim_notices(today=dt.date(2026, 4, 21)) == 1
    assert reminders.send_interim_notices(today=dt.date(2026, 4, 22)) == 0
    notice = late.messages.get()
    assert notice.kind == Message.Kind.INTERIM and notice.public
    assert not answered.messages.exists()
    (mail,) = mails("concerns.update")
    assert mail.to == [late.email] and "bitte haben Sie Geduld" in mail.body_text
    late.refresh_from_db()
    assert late.interim_notice_sent_on == dt.date(2026, 4, 21) and late.first_answer_at is None
    status_page = html(anon_client.get(f"/anliegen/status/{late.tracking_token}/"))
    assert "bitte haben Sie Geduld" in status_page


def test_the_daily_tasks_are_registered():
    assert periodic.interval(tasks.remind_concern_holders) == periodic.DAY
    assert periodic.interval(tasks.send_concern_interim_notices) == periodic.DAY


def test_the_back_office_shows_the_tiles_to_whom_they_belong(
    coordinator_client: Client, partner_client: Client
):
    mine = html(coordinator_client.get("/verwaltung/"))
    assert 'href="/verwaltung/anliegen/"' in mine
    # The desk's lists and settings are one click away from the inbox, not more tiles.
    inbox = html(coordinator_client.get("/verwaltung/anliegen/"))
    for url in (
        "/verwaltung/anliegen/ueberfaellig/",
        "/verwaltung/anliegen/aemter/",
        "/verwaltung/anliegen/vorlagen/",
        "/verwaltung/anliegen/themen/",
        "/verwaltung/anliegen/berichte/",
        "/verwaltung/anliegen/einstellungen/",
    ):
        assert f'href="{url}"' in inbox
    theirs = html(partner_client.get("/verwaltung/"))
    assert 'href="/verwaltung/anliegen/partner/"' in theirs
    assert 'href="/verwaltung/anliegen/"' not in theirs
