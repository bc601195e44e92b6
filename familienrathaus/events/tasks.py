"""Background tasks of the events app, run by the worker (``manage.py worker``).

There is no cron: work that must happen at a time is enqueued with ``run_after``.
A reminder is enqueued for the day before when a place is confirmed; a nightly
calendar import enqueues its next run when it has run; old registrations are deleted
daily (a periodic task, see core/periodic.py).

The tasks are registered by name (``core.jobs.provides``): services and the importer
enqueue them with ``core.jobs.enqueue("events.send_reminder", …)`` instead of importing
this module, which imports them.
"""

from __future__ import annotations

from django_tasks import task

from familienrathaus.core import jobs, periodic
from familienrathaus.events import importer, services
from familienrathaus.events.services import registration


@jobs.provides(registration.REMINDER_TASK)
@task()
def send_reminder(registration_id: int) -> str:
    return services.send_reminder(registration_id)


@jobs.provides("events.run_ical_import")
@task()
def run_ical_import(source_id: int, due: str = "") -> str:
    return importer.run_scheduled(source_id, due)


@periodic.every(periodic.DAY)
def prune_registrations() -> int:
    return services.prune_registrations()
