"""Retention of concerns: a closed concern is redacted a year after its last change and
deleted after the second period; open concerns are never touched. The clock is moved
forward as the daily task would find it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from familienrathaus.concerns import retention
from familienrathaus.concerns.models import Attachment, Concern, ConcernSettings, Message
from familienrathaus.concerns.selectors import reports
from familienrathaus.core import periodic
from familienrathaus.core.models import AuditEntry, District
from tests.factories.concerns import AttachmentFactory, ConcernFactory, MessageFactory

pytestmark = pytest.mark.django_db

CLOSED_AT = dt.datetime(2025, 3, 14, 11, 0, tzinfo=dt.UTC)
SECRETS = ["Berta Vertraulich", "berta@example.org", "0171 5550123", "Schimmel im Kinderzimmer"]


@pytest.fixture
def closed(django_capture_on_commit_callbacks):
    district = District.objects.create(name="Westfeld (Test)", slug="westfeld-test")
    concern = ConcernFactory(
        named=True, name="Berta Vertraulich", email="berta@example.org", phone="0171 5550123",
        text="Schimmel im Kinderzimmer, der Vermieter reagiert nicht.", district=district,
        kind=Concern.Kind.COMPLAINT, channel=Concern.Channel.POSTCARD,
        status=Concern.Status.CLOSED, created_at=CLOSED_AT - dt.timedelta(days=20),
        first_answer_at=CLOSED_AT - dt.timedelta(days=15), closed_at=CLOSED_AT,
        updated_at=CLOSED_AT, first_answer_due=dt.date(2025, 3, 7), close_due=dt.date(2025, 3, 21),
    )  # fmt: skip
    family, note, reply = Message.Kind.FAMILY, Message.Kind.NOTE, Message.Kind.REPLY
    text = "Noch ein Foto vom Schimmel im Kinderzimmer."
    MessageFactory(concern=concern, kind=family, text=text, author_label="Berta Vertraulich")
    text = "Vermieterin ist Frau Hausner, Tel. 0171 5550123."
    MessageFactory(concern=concern, kind=note, public=False, text=text)
    MessageFactory(concern=concern, kind=reply, text="Liebe Frau Vertraulich, bis Montag.")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = AttachmentFactory(concern=concern)
    return concern, Path(attachment.file.path)


def move_clock(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def run_daily_task(monkeypatch, moment, capture) -> None:
    move_clock(monkeypatch, moment)
    with capture(execute=True):
        retention.apply_retention.call()


def test_the_retention_runs_every_day():
    assert periodic.interval(retention.apply_retention) == periodic.DAY


def test_a_closed_concern_keeps_everything_for_twelve_months(
    closed, monkeypatch, django_capture_on_commit_callbacks
):
    concern, file = closed

    run_daily_task(
        monkeypatch, CLOSED_AT + dt.timedelta(days=364), django_capture_on_commit_callbacks
    )

    concern.refresh_from_db()
    assert concern.redacted_at is None
    assert concern.name == "Berta Vertraulich"
    assert file.exists()


def test_a_year_after_its_last_change_a_closed_concern_is_redacted(
    closed, monkeypatch, django_capture_on_commit_callbacks
):
    concern, file = closed
    moment = CLOSED_AT + dt.timedelta(days=366)

    run_daily_task(monkeypatch, moment, django_capture_on_commit_callbacks)

    concern.refresh_from_db()
    assert concern.redacted_at == moment
    assert (concern.name, concern.email, concern.phone, concern.user_id) == ("", "", "", None)
    assert "Schimmel" not in concern.text
    texts = " ".join(Message.objects.filter(concern=concern).values_list("text", flat=True))
    labels = " ".join(
        Message.objects.filter(concern=concern).values_list("author_label", flat=True)
    )
    assert Message.objects.filter(concern=concern).count() == 3  # the history stays, emptied
    for secret in [*SECRETS, "Hausner", "Vertraulich"]:
        assert secret not in texts
        assert secret not in labels
    assert not Attachment.objects.filter(concern=concern).exists()
    assert not file.exists()
    # What reports count is kept.
    assert concern.kind == Concern.Kind.COMPLAINT
    assert concern.channel == Concern.Channel.POSTCARD
    assert concern.district is not None and concern.topic is not None
    assert concern.status == Concern.Status.CLOSED
    assert concern.closed_at == CLOSED_AT and concern.first_answer_due == dt.date(2025, 3, 7)
    figures = reports.report(period=reports.Period.year(2025), today=dt.date(2026, 4, 1))
    assert figures.total == 1 and figures.redacted == 1
    assert figures.first_answer.count == 1 and figures.closing.count == 1
    # One audit entry, by the system, naming no one.
    [entry] = AuditEntry.objects.filter(action="concerns.redact")
    assert entry.object_id == str(concern.pk)
    assert entry.actor_label == "system"
    assert entry.changes == {"attachments_deleted": 1, "messages_redacted": 3}
    for secret in SECRETS:
        assert secret not in f"{entry.object_repr} {entry.changes}"


def test_the_redaction_period_is_a_setting(closed, monkeypatch, django_capture_on_commit_callbacks):
    concern, _file = closed
    ConcernSettings.objects.update(redact_after_days=30)

    run_daily_task(
        monkeypatch, CLOSED_AT + dt.timedelta(days=31), django_capture_on_commit_callbacks
    )

    concern.refresh_from_db()
    assert concern.redacted_at is not None


def test_a_later_change_starts_the_year_again(
    closed, monkeypatch, django_capture_on_commit_callbacks
):
    concern, _file = closed
    Concern.objects.filter(pk=concern.pk).update(updated_at=CLOSED_AT + dt.timedelta(days=100))

    run_daily_task(
        monkeypatch, CLOSED_AT + dt.timedelta(days=400), django_capture_on_commit_callbacks
    )

    concern.refresh_from_db()
    assert concern.redacted_at is None


def test_a_redacted_concern_is_deleted_after_the_second_period(
    closed, monkeypatch, django_capture_on_commit_callbacks
):
    concern, _file = closed
    redacted_on = CLOSED_AT + dt.timedelta(days=366)
    run_daily_task(monkeypatch, redacted_on, django_capture_on_commit_callbacks)

    run_daily_task(
        monkeypatch, redacted_on + dt.timedelta(days=729), django_capture_on_commit_callbacks
    )
    assert Concern.objects.filter(pk=concern.pk).exists()

    run_daily_task(
        monkeypatch, redacted_on + dt.timedelta(days=731), django_capture_on_commit_callbacks
    )
    assert not Concern.objects.filter(pk=concern.pk).exists()
    assert not Message.objects.filter(concern_id=concern.pk).exists()
    [entry] = AuditEntry.objects.filter(action="concerns.delete")
    assert entry.object_id == str(concern.pk)
    assert entry.actor_label == "system"
    assert entry.changes == {"reference": concern.reference}


@pytest.mark.parametrize(
    "status", [Concern.Status.RECEIVED, Concern.Status.IN_PROGRESS, Concern.Status.ANSWERED]
)
def test_open_concerns_are_never_touched(status, monkeypatch, django_capture_on_commit_callbacks):
    old = CLOSED_AT - dt.timedelta(days=100)
    concern = ConcernFactory(status=status, created_at=old, updated_at=old, name="Clara Offen")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = AttachmentFactory(concern=concern)

    run_daily_task(
        monkeypatch, CLOSED_AT + dt.timedelta(days=5 * 365), django_capture_on_commit_callbacks
    )

    concern.refresh_from_db()
    assert concern.redacted_at is None
    assert concern.name == "Clara Offen"
    assert Path(attachment.file.path).exists()
    assert not AuditEntry.objects.filter(action__startswith="concerns.redact").exists()


def test_a_concern_reopened_meanwhile_is_not_redacted(closed, monkeypatch):
    concern, _file = closed
    due = retention.due_for_redaction(now=CLOSED_AT + dt.timedelta(days=366))
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.IN_PROGRESS, closed_at=None)

    assert due == [concern.pk]
    assert retention.redact(concern.pk, now=CLOSED_AT + dt.timedelta(days=366)) is False
    concern.refresh_from_db()
    assert concern.name == "Berta Vertraulich"
