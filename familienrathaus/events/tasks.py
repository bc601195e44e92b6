"""Background tasks of the events app, run by the worker (``manage.py worker``).

There is no cron: work that must happen at a time is enqueued with ``run_after``.
A reminder is enqueued for the day before when a place is confirmed; a nightly
calendar import enqueues its next run when it has run; old registrations are deleted
daily (a periodic task, see core/periodic.py).
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from familienrathaus.core import periodic

DAY = timedelta(days=1)


@task()
def send_reminder(registration_id: int) -> str:
    from familienrathaus.events import services

    return services.send_reminder(registration_id)


@task()
def run_ical_import(source_id: int, due: str = "") -> str:
    from familienrathaus.events import importer

    return importer.run_scheduled(source_id, due)


@task()
def prune_registrations() -> int:
    from familienrathaus.events import services

    try:
        return services.prune_registrations()
    finally:
        periodic.reschedule(prune_registrations)
