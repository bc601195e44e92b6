"""Two workers run the overdue reminders at the same moment: each mail goes out once.

The runs are real threads with their own database connections and transactions
(``transaction=True``), on SQLite and PostgreSQL. First the race is shown: with a
plain read-then-save instead of the conditional claim, both runs send the reminder;
then, with the claim, exactly one mail per task.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.network.models import Task
from familienrathaus.network.services import tasks as task_services
from tests.factories.network import GroupFactory, TaskFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 4


def _overdue_tasks(count: int) -> list[Task]:
    group = GroupFactory()
    owner = member_of(group)
    return [TaskFactory(group=group, owner=owner, overdue=True) for _ in range(count)]


def _run_at_once() -> list[int]:
    barrier = threading.Barrier(RUNS)
    alliance = tenancy.require()

    def run(_number: int) -> int:
        barrier.wait(timeout=30)
        try:
            # Each run is a worker: it works inside the alliance the task is for.
            with tenancy.activate(alliance):
                return task_services.remind_overdue()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        return list(pool.map(run, range(RUNS)))


def _unprotected_claim(task: Task, today: object) -> bool:
    """What the claim replaces: trust the list read at the start, then write; every
    run read the task before any of them marked it."""
    if task.reminder_sent_on is not None:
        return False
    task.reminder_sent_on = today  # type: ignore[assignment]
    task.save(update_fields=["reminder_sent_on"])
    return True


def test_without_the_claim_two_runs_send_the_same_reminder(monkeypatch):
    _overdue_tasks(2)
    monkeypatch.setattr(task_services, "_claim", _unprotected_claim)
    monkeypatch.setattr(task_services, "_between_read_and_claim", lambda: time.sleep(0.2))
    sent = _run_at_once()
    assert sum(sent) > 2
    assert OutboxMessage.objects.count() > 2


def test_with_the_claim_each_overdue_task_is_reminded_exactly_once(monkeypatch):
    tasks = _overdue_tasks(3)
    monkeypatch.setattr(task_services, "_between_read_and_claim", lambda: time.sleep(0.2))
    sent = _run_at_once()
    assert sum(sent) == 3
    purposes = sorted(OutboxMessage.objects.values_list("purpose", flat=True))
    assert purposes == sorted(f"network.task-overdue:{task.pk}" for task in tasks)
