"""Periodic work (core.periodic): a fresh worker starts every daily job, and each job,
having run, waits for its next day; nothing needs cron."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import periodic

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
