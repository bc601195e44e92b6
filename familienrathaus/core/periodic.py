"""Work that recurs (housekeeping, daily checks) without cron.

A periodic task is just its body, declared with :func:`every`::

    from familienrathaus.core import periodic

    @periodic.every(periodic.DAY)
    def send_offer_reminders() -> int:
        return services.send_confirmation_reminders()

The decorator makes the function a django-tasks task (keyword arguments such as
``queue_name`` go to ``@task``), registers it, and wraps its body so that the task
enqueues its own next run (``run_after``) when it ends, whether the body returned or
raised: a failed run does not end the chain. The body runs once for each active alliance
(core.tenancy), inside it, unless that alliance does not use the body's app (core.parts:
the result is then None); the task's result is the body's results by alliance. At most
one run of a periodic task waits in the queue (:func:`ensure_scheduled`), so chains
cannot multiply. The worker calls
:func:`ensure_all` when it starts: on a fresh install, or after a run was killed before
it could reschedule itself, the chain starts again.

The app imports its ``tasks`` module in ``AppConfig.ready()`` so that its periodic
tasks are registered in every process, the worker's included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import parts, tenancy

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

R = TypeVar("R")

_every: dict[str, tuple[Any, timedelta]] = {}


def every(interval: timedelta, **task_options: Any) -> Callable[[Callable[[], R]], Any]:
    """Make a function without arguments a task that runs every ``interval``."""

    def decorate(function: Callable[[], R]) -> Any:
        @functools.wraps(function)
        def body() -> R | None:
            # An alliance that does not use the body's part skips it (core.parts).
            return function() if parts.module_used(function.__module__) else None

        @functools.wraps(function)
        def run() -> dict[str, R | None]:
            try:
                return tenancy.for_each(body)
            finally:
                reschedule(periodic_task)

        periodic_task = task(**task_options)(run)
        register(periodic_task, every=interval)
        return periodic_task

    return decorate


def register(task: Any, *, every: timedelta) -> None:
    """Declare ``task`` (a django-tasks task without arguments) to run every ``every``.
    :func:`every` calls it; call it yourself only for a task you cannot decorate."""
    _every[task.module_path] = (task, every)


def interval(task: Any) -> timedelta:
    """How often a registered periodic task runs."""
    return _every[task.module_path][1]


def ensure_scheduled(task: Any, *, after: timedelta = timedelta(0)) -> bool:
    """Enqueue ``task`` to run after ``after`` unless a run of it is already waiting;
    True if enqueued."""
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if waiting.exists():
        return False
    task.using(run_after=timezone.now() + after).enqueue()
    return True


def reschedule(task: Any) -> bool:
    """Enqueue the next run of a periodic task (the :func:`every` wrapper calls it)."""
    return ensure_scheduled(task, after=interval(task))


def ensure_all() -> int:
    """Start every registered chain that has no waiting run; the number started."""
    return sum(ensure_scheduled(task) for task, _ in _every.values())
