"""Retention (issue 13): sent mails and audit entries go after a configurable number of
days with the daily clean-up; proof files go with the health notes after the season."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from config import settings as project_settings
from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.holidays.models import ReductionClaim
from familienrathaus.holidays.services import purge_sensitive_data
from tests.factories import AuditEntryFactory, OutboxMessageFactory, PeriodFactory, UserFactory
from tests.factories.documents import pdf_upload

pytestmark = pytest.mark.django_db


def aged(model: Any, row: Any, days: int) -> None:
    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_old_outbox_rows_and_audit_entries_go_with_the_daily_clean_up(settings: Any) -> None:
    settings.FRH_RETENTION_OUTBOX_DAYS = 30
    settings.FRH_RETENTION_AUDIT_DAYS = 200
    old_sent = OutboxMessageFactory(status=OutboxMessage.Status.SENT)
    old_queued = OutboxMessageFactory(status=OutboxMessage.Status.QUEUED)
    recent_sent = OutboxMessageFactory(status=OutboxMessage.Status.SENT)
    aged(OutboxMessage, old_sent, 31)
    aged(OutboxMessage, old_queued, 31)
    aged(OutboxMessage, recent_sent, 29)
    old_entry = AuditEntryFactory()
    recent_entry = AuditEntryFactory()
    aged(AuditEntry, old_entry, 201)
    aged(AuditEntry, recent_entry, 199)

    out = StringIO()
    call_command("prune_old_data", stdout=out)

    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {
        old_queued.pk,  # still to be sent: never pruned
        recent_sent.pk,
    }
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {recent_entry.pk}
    assert "Deleted 1 outbox message(s) older than 30 days." in out.getvalue()


def test_the_defaults_are_sensible() -> None:
    assert 30 <= project_settings.FRH_RETENTION_OUTBOX_DAYS <= 365
    assert 180 <= project_settings.FRH_RETENTION_AUDIT_DAYS <= 3650


def test_proof_files_go_after_the_season_with_the_health_notes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    family = UserFactory()
    period = PeriodFactory(
        holiday_start=timezone.localdate() - timedelta(days=40),
        holiday_end=timezone.localdate() - timedelta(days=20),
        booking_opens=timezone.now() - timedelta(days=60),
        sensitive_data_days=14,
    )
    current = PeriodFactory()
    for programme in (period, current):
        kind = programme.reduction_kinds.create(name="Familienpass", percent=50)
        client = Client()
        client.force_login(family)
        response = client.post(
            f"/ferienspass/{programme.slug}/ermaessigung/", {"kind": kind.pk, "proof": pdf_upload()}
        )
        assert response.status_code == 302
    old = ReductionClaim.objects.get(period=period)
    kept = ReductionClaim.objects.get(period=current)
    old_file = Path(settings.PRIVATE_MEDIA_ROOT) / old.proof.name

    with django_capture_on_commit_callbacks(execute=True):
        purge_sensitive_data()

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.proof.name == "" and not old_file.exists()
    assert kept.proof.name and (Path(settings.PRIVATE_MEDIA_ROOT) / kept.proof.name).exists()
