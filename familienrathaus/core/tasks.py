"""Background tasks of the core app, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task

from familienrathaus.core import imports, jobs, outbox, periodic, tenancy
from familienrathaus.core.operators import services as operators

# Leases are minutes long: looking for stale jobs every few minutes is soon enough.
RECOVER_EVERY = timedelta(minutes=5)


@jobs.provides(outbox.DELIVER)
@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    outbox.recover_stale()
    return outbox.deliver(message_id)


@jobs.provides(imports.CHECK)
@task()
def check_import(run_id: int) -> str:
    return imports.check_run(run_id)


@jobs.provides(imports.APPLY)
@task()
def apply_import(run_id: int, actor_id: int | None) -> str:
    return imports.apply_run(run_id, actor_id)


@jobs.provides(operators.DELETE_TASK)
@task()
def delete_alliance(alliance_id: int, path: str) -> str:
    """An operator deleted an alliance: export it to ``path``, then remove it."""
    return operators.run_deletion(alliance_id, path)


@periodic.every(periodic.DAY)
def prune_old_data() -> None:
    """``manage.py prune_old_data`` with its defaults."""
    call_command("prune_old_data", alliance=tenancy.require().slug, verbosity=0)


@periodic.every(RECOVER_EVERY)
def recover_jobs() -> dict[str, int]:
    """Jobs whose worker stopped (core.jobs): failed, queued again or "uncertain"."""
    return jobs.recover_all()
