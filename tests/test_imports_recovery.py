"""Import runs left behind by a worker that was killed mid-way are marked as failed by the
worker's job recovery (core.jobs: at start and periodically), never by viewing a page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from familienrathaus.core import imports, jobs
from familienrathaus.core.management.commands import worker
from familienrathaus.core.models import ImportRun
from familienrathaus.core.tasks import recover_jobs
from familienrathaus.guide.models import GuideBuild
from familienrathaus.partners.imports import PartnerImport
from familienrathaus.partners.models import Organisation
from tests.factories import csv_bytes

pytestmark = pytest.mark.django_db

MESSAGE = (
    "The background worker stopped during the import. Nothing was imported. "
    "Please upload the file again."
)


def running_run(coordinator, status, *, idle: timedelta, language="en") -> ImportRun:
    run = ImportRun.objects.create(
        resource="partners",
        file_name="partner.csv",
        content=csv_bytes([["Name", "Art"], ["Verein A", "Verein"]]),
        status=status,
        language=language,
        created_by=coordinator,
    )
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - idle)
    return run


@pytest.mark.parametrize("status", [ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING])
def test_a_stale_run_is_failed_by_the_periodic_recovery_not_by_viewing_its_page(
    coordinator, coordinator_client, status
):
    run = running_run(coordinator, status, idle=imports.STALE_AFTER + timedelta(minutes=1))
    coordinator_client.get(reverse("core:import_run", args=[run.pk]))
    coordinator_client.get(reverse("core:import_progress", args=[run.pk]))
    coordinator_client.get(reverse("core:import_index"))
    run.refresh_from_db()
    assert run.status == status  # reading pages changes nothing

    recover_jobs.call()

    page = coordinator_client.get(reverse("core:import_run", args=[run.pk]))

    text = page.content.decode()
    assert MESSAGE in text
    assert "being imported" not in text and "being checked" not in text
    assert "data-progress-url" not in text
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == MESSAGE
    assert bytes(run.content) == b""


def test_the_progress_poll_stops_for_a_stale_run(coordinator, coordinator_client):
    run = running_run(coordinator, ImportRun.Status.CHECKING, idle=timedelta(hours=2))
    recover_jobs.call()

    state = coordinator_client.get(reverse("core:import_progress", args=[run.pk])).json()

    assert state["running"] is False
    assert state["status"] == "failed"


def test_the_message_is_stored_in_the_uploaders_language(coordinator, coordinator_client):
    run = running_run(
        coordinator, ImportRun.Status.IMPORTING, idle=timedelta(hours=1), language="de"
    )

    recover_jobs.call()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    with translation.override("de"):  # German once the lead merged de_retention.py
        assert run.error == gettext(MESSAGE)


def test_a_fresh_running_run_is_left_alone(coordinator, coordinator_client):
    run = running_run(coordinator, ImportRun.Status.CHECKING, idle=timedelta(minutes=2))
    queued = running_run(coordinator, ImportRun.Status.QUEUED, idle=timedelta(days=1))

    recover_jobs.call()
    page = coordinator_client.get(reverse("core:import_run", args=[run.pk]))

    assert MESSAGE not in page.content.decode()
    assert "data-progress-url" in page.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING
    assert bytes(run.content) != b""
    queued.refresh_from_db()
    assert queued.status == ImportRun.Status.QUEUED


def test_progress_of_a_long_check_keeps_the_run_alive(coordinator):
    run = running_run(coordinator, ImportRun.Status.CHECKING, idle=timedelta(hours=1))

    jobs.Progress(imports.RUNS, run.pk)(10, 100)

    assert jobs.recover(imports.RUNS) == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING


def test_the_worker_marks_stale_runs_and_builds_as_failed_when_it_starts(
    coordinator, capsys, monkeypatch
):
    # Only the start-up of the worker: django-tasks-db's loop itself is not run here.
    started = []
    monkeypatch.setattr(worker, "call_command", lambda *args, **kwargs: started.append(args))
    stale = running_run(coordinator, ImportRun.Status.IMPORTING, idle=timedelta(hours=1))
    fresh = running_run(coordinator, ImportRun.Status.IMPORTING, idle=timedelta(minutes=1))
    build = GuideBuild.objects.create(
        scope="all", status=GuideBuild.Status.RUNNING, requested_by=coordinator
    )
    GuideBuild.objects.filter(pk=build.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    call_command("worker", "--batch")

    assert started and started[0][0] == "db_worker"
    out = capsys.readouterr().out
    assert "Marked 1 import(s) left by a stopped worker as failed." in out
    assert "Marked 1 guide build(s) left by a stopped worker as failed." in out
    stale.refresh_from_db()
    fresh.refresh_from_db()
    build.refresh_from_db()
    assert (stale.status, stale.error) == (ImportRun.Status.FAILED, MESSAGE)
    assert fresh.status == ImportRun.Status.IMPORTING
    assert build.status == GuideBuild.Status.FAILED


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the worker catches it."""


def test_an_import_killed_mid_way_lands_nothing_and_is_failed_after_the_lease(
    coordinator, coordinator_client, monkeypatch
):
    run = running_run(coordinator, ImportRun.Status.READY, idle=timedelta(0))
    assert imports.confirm_import(actor=coordinator, run=run)  # queued for the worker

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(PartnerImport, "save", killed)
    with pytest.raises(WorkerKilled):
        imports.apply_run(run.pk, coordinator.pk)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTING
    page = coordinator_client.get(reverse("core:import_run", args=[run.pk]))
    assert "being imported" in page.content.decode()  # within the lease: still running

    ImportRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - imports.STALE_AFTER - timedelta(seconds=1)
    )
    recover_jobs.call()
    page = coordinator_client.get(reverse("core:import_run", args=[run.pk]))

    assert MESSAGE in page.content.decode()
    assert not Organisation.objects.filter(name="Verein A").exists()


def test_an_import_still_waiting_for_a_worker_is_left_alone(coordinator, coordinator_client):
    run = running_run(coordinator, ImportRun.Status.READY, idle=timedelta(0))
    assert imports.confirm_import(actor=coordinator, run=run)
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=3))

    assert jobs.recover(imports.RUNS) == 0

    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTING
