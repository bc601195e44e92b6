"""Work that recurs (housekeeping, daily checks) without cron.

A periodic task enqueues its own next run (``run_after``) when it ends, through
:func:`reschedule`; at most one run of it waits in the queue, so chains cannot multiply.
Apps :func:`register` their periodic tasks in ``AppConfig.ready()``, and the worker calls
:func:`ensure_all` when it starts: on a fresh install, or after a run crashed before it
could reschedule itself, the chain starts again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

_every: dict[str, tuple[Any, timedelta]] = {}


def register(task: Any, *, every: timedelta) -> None:
    """Declare ``task`` (a django-tasks task without arguments) to run every ``every``."""
    _every[task.module_path] = (task, every)


def ensure_scheduled(task: Any, *, after: timedelta = timedelta(0)) -> bool:
    """Enqueue ``task`` to run after ``after`` unless a run of it is already waiting;
    True if enqueued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if waiting.exists():
        return False
    task.using(run_after=timezone.now() + after).enqueue()
    return True


def reschedule(task: Any) -> bool:
    """Called at the end of a periodic task's run: enqueue the next one."""
    _, every = _every[task.module_path]
    return ensure_scheduled(task, after=every)


def ensure_all() -> int:
    """Start every registered chain that has no waiting run; the number started."""
    return sum(ensure_scheduled(task) for task, _ in _every.values())
