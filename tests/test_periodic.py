"""Periodic work (core.periodic): a fresh worker starts every daily job, and each job,
having run, waits for its next day; nothing needs cron."""

from __future__ import annotations

import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import periodic, tenancy

DAILY = [
    "familienrathaus.core.tasks.prune_old_data",
    "familienrathaus.offers.tasks.send_offer_reminders",
    "familienrathaus.events.tasks.prune_registrations",
    "familienrathaus.places.tasks.yearly_checks",
]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_each_daily_job_and_schedules_it_for_the_next_day(run_worker):
    run_worker()

    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    waiting = DBTaskResult.objects.filter(status="READY")
    tomorrow = timezone.now() + timedelta(hours=23)
    for path in DAILY:
        assert done.filter(task_path=path).count() == 1, path
        [next_run] = waiting.filter(task_path=path)
        assert next_run.run_after > tomorrow, path


@pytest.mark.django_db(transaction=True)
def test_starting_again_adds_no_second_chain(run_worker):
    run_worker()
    assert periodic.ensure_all() == 0
    run_worker()
    for path in DAILY:
        assert DBTaskResult.objects.filter(task_path=path, status="READY").count() == 1


# --------------------------------------------------------------------------- the decorator

ran: list[str] = []


def _tick() -> str:
    ran.append("tick")
    if len(ran) == 2:
        raise RuntimeError("the body failed")
    return "ticked"


@pytest.fixture
def tick(monkeypatch):
    """A periodic task declared with ``periodic.every``, registered only for this test."""
    monkeypatch.setattr(periodic, "_every", dict(periodic._every))
    ran.clear()
    task = periodic.every(timedelta(hours=2))(_tick)
    # As in an app's tasks.py, the module's name for the function is now the task.
    monkeypatch.setattr(sys.modules[__name__], "_tick", task)
    return task


@pytest.mark.django_db
def test_a_periodic_task_is_just_its_body_and_schedules_its_next_run(tick):
    # The body runs in each alliance (core.tenancy): here the test's one.
    assert tick.call() == {tenancy.require().slug: "ticked"}

    [next_run] = DBTaskResult.objects.filter(task_path=tick.module_path, status="READY")
    assert next_run.run_after > timezone.now() + timedelta(hours=1, minutes=50)
    assert periodic.interval(tick) == timedelta(hours=2)

    with pytest.raises(RuntimeError):  # a failed run ...
        tick.call()
    # ... does not end the chain, and the chain does not multiply.
    assert DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count() == 1
    assert ran == ["tick", "tick"]


@pytest.mark.django_db
def test_the_worker_starts_a_declared_chain(tick):
    assert tick.module_path in {task.module_path for task, _ in periodic._every.values()}
    assert periodic.ensure_all() >= 1
    assert DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count() == 1
    assert periodic.ensure_all() == 0
