"""Background tasks of the core app, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task

from familienrathaus.core import outbox, periodic

DAY = timedelta(days=1)


@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    outbox.recover_stale()
    return outbox.deliver(message_id)


@task()
def check_import(run_id: int) -> str:
    from familienrathaus.core import imports

    return imports.check_run(run_id)


@task()
def apply_import(run_id: int, actor_id: int | None) -> str:
    from familienrathaus.core import imports

    return imports.apply_run(run_id, actor_id)


@task()
def prune_old_data() -> None:
    """Daily (a periodic task): ``manage.py prune_old_data`` with its defaults."""
    try:
        call_command("prune_old_data", verbosity=0)
    finally:
        periodic.reschedule(prune_old_data)
