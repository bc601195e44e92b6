"""Background jobs a person waits for (core.jobs): one claim wins, a job left by a stopped
worker is recovered by the worker (at start and periodically) and never by reading a
page, and the waiting person sees the progress as numbers.

The claim race is first shown with a naive read-then-write claim; runs on SQLite
(IMMEDIATE transactions) and PostgreSQL (row locks) alike.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import imports, jobs, periodic
from familienrathaus.core.management.commands import worker
from familienrathaus.core.models import ImportRun
from familienrathaus.core.tasks import check_import, recover_jobs
from familienrathaus.guide.models import GuideBuild
from familienrathaus.lottery import services as lottery
from familienrathaus.lottery.models import Run
from tests.factories import PeriodFactory

WORKERS = 6
LONG_AGO = timedelta(hours=3)


def queued_run() -> ImportRun:
    return ImportRun.objects.create(
        resource="partners", file_name="partner.csv", content=b"Name;Art\nVerein A;Verein"
    )


def race(claim: Callable[[], bool]) -> list[bool]:
    """Let WORKERS threads (each its own database connection) claim at the same moment."""
    barrier = threading.Barrier(WORKERS, timeout=20)
    results: list[bool] = []
    errors: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(claim())
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_a_claim_that_reads_first_and_writes_later_lets_several_workers_win():
    run = queued_run()
    barrier = threading.Barrier(WORKERS, timeout=20)

    def naive_claim() -> bool:
        free = ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.QUEUED
        barrier.wait()  # every worker has looked before the first one writes
        if free:
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKING)
        return free

    assert race(naive_claim).count(True) > 1  # the race exists


@pytest.mark.django_db(transaction=True)
def test_two_workers_claim_one_job_and_exactly_one_wins():
    run = queued_run()

    def claim() -> bool:
        return jobs.claim(
            imports.RUNS,
            run.pk,
            from_status=ImportRun.Status.QUEUED,
            to_status=ImportRun.Status.CHECKING,
        )

    assert sorted(race(claim)) == [False] * (WORKERS - 1) + [True]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING
    assert run.heartbeat_at is not None


@pytest.mark.django_db
def test_a_task_that_runs_twice_does_the_work_once():
    run = queued_run()

    assert check_import.call(run.pk) in {ImportRun.Status.READY, ImportRun.Status.INVALID}
    assert check_import.call(run.pk) == "not-claimed"


def stale_jobs() -> dict[str, Any]:
    import_run = queued_run()
    ImportRun.objects.filter(pk=import_run.pk).update(
        status=ImportRun.Status.CHECKING, heartbeat_at=timezone.now() - LONG_AGO
    )
    build = GuideBuild.objects.create(scope="all", status=GuideBuild.Status.RUNNING)
    GuideBuild.objects.filter(pk=build.pk).update(heartbeat_at=timezone.now() - LONG_AGO)
    lottery_run = Run.objects.create(
        period=PeriodFactory(wish_phase=True), seed=1, time_limit=60, status=Run.Status.RUNNING
    )
    Run.objects.filter(pk=lottery_run.pk).update(heartbeat_at=timezone.now() - LONG_AGO)
    return {"import": import_run, "build": build, "lottery": lottery_run}


def statuses(found: dict[str, Any]) -> dict[str, str]:
    for job in found.values():
        job.refresh_from_db()
    return {name: job.status for name, job in found.items()}


RUNNING = {"import": "checking", "build": "running", "lottery": "running"}
FAILED = {"import": "failed", "build": "failed", "lottery": "failed"}


@pytest.mark.django_db(transaction=True)
def test_stale_jobs_are_recovered_by_the_workers_periodic_task_not_by_reading_pages(
    coordinator_client,
):
    found = stale_jobs()
    for url in [
        reverse("core:import_index"),
        reverse("core:import_run", args=[found["import"].pk]),
        reverse("core:import_progress", args=[found["import"].pk]),
        reverse("guide:builds"),
        reverse("guide:build", args=[found["build"].pk]),
        reverse("guide:build_status", args=[found["build"].pk]),
        reverse("lottery:period", args=[found["lottery"].period.slug]),
        reverse("lottery:run", args=[found["lottery"].pk]),
        reverse("lottery:run_status", args=[found["lottery"].pk]),
    ]:
        assert coordinator_client.get(url).status_code == 200, url
    assert statuses(found) == RUNNING  # reading changes nothing

    # What the worker does every few minutes: its queue holds the periodic recovery.
    recover_jobs.enqueue()
    call_command("db_worker", "--batch", "--queue-name=*", "--interval=0", "--no-reload")

    assert statuses(found) == FAILED
    next_run = DBTaskResult.objects.get(task_path=recover_jobs.module_path, status="READY")
    assert next_run.run_after > timezone.now() + periodic.interval(recover_jobs) / 2
    state = coordinator_client.get(reverse("core:import_progress", args=[found["import"].pk]))
    assert state.json()["running"] is False


@pytest.mark.django_db
def test_a_starting_worker_recovers_every_kind_lottery_runs_included(monkeypatch):
    found = stale_jobs()
    fresh = Run.objects.create(
        period=found["lottery"].period, seed=2, status=Run.Status.RUNNING, time_limit=60
    )
    Run.objects.filter(pk=fresh.pk).update(heartbeat_at=timezone.now())
    # Only the start of the worker: django-tasks-db's loop itself is not run here.
    monkeypatch.setattr(worker, "call_command", lambda *args, **kwargs: None)
    out = StringIO()

    call_command("worker", "--batch", stdout=out)

    assert statuses(found) == FAILED
    fresh.refresh_from_db()
    assert fresh.status == Run.Status.RUNNING
    assert "Marked 1 lottery run(s) left by a stopped worker as failed." in out.getvalue()
    assert jobs.recover_all() == {}


@pytest.mark.django_db
def test_a_lottery_run_may_stay_silent_as_long_as_its_time_limit():
    period = PeriodFactory()
    silent = timezone.now() - lottery.STALE_AFTER - timedelta(minutes=10)
    long_limit = Run.objects.create(period=period, seed=1, time_limit=3600, status="running")
    short_limit = Run.objects.create(period=period, seed=2, time_limit=60, status="running")
    Run.objects.filter(pk__in=[long_limit.pk, short_limit.pk]).update(heartbeat_at=silent)

    assert jobs.recover(lottery.RUNS) == 1

    assert Run.objects.get(pk=long_limit.pk).status == Run.Status.RUNNING
    assert Run.objects.get(pk=short_limit.pk).status == Run.Status.FAILED


@pytest.mark.django_db
def test_a_waiting_person_sees_the_progress_as_numbers(coordinator_client):
    run = queued_run()
    assert jobs.claim(
        imports.RUNS, run.pk, from_status="queued", to_status=ImportRun.Status.CHECKING
    )
    jobs.Progress(imports.RUNS, run.pk)(3, 10, force=True)
    lottery_run = Run.objects.create(period=PeriodFactory(), seed=1, status="queued")
    assert jobs.claim(lottery.RUNS, lottery_run.pk, from_status="queued", to_status="running")
    jobs.beat(lottery.RUNS, lottery_run.pk, progress=40)

    state = coordinator_client.get(reverse("core:import_progress", args=[run.pk]))
    assert state["Cache-Control"] == "no-store"
    assert state.json() == {
        "status": "checking",
        "running": True,
        "done": 3,
        "total": 10,
        "text": "3 of 10 rows checked.",
    }
    state = coordinator_client.get(reverse("lottery:run_status", args=[lottery_run.pk])).json()
    assert (state["running"], state["done"], state["total"]) == (True, 40, 100)

    for page_url in [
        reverse("core:import_run", args=[run.pk]),
        reverse("lottery:run", args=[lottery_run.pk]),
    ]:
        page = coordinator_client.get(page_url).content.decode()
        assert "data-progress-url" in page and "frh/progress.js" in page
        # One static script, no inline script (the CSP forbids it).
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
