"""Background work of the lottery, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from familienrathaus.core import jobs
from familienrathaus.lottery import services


@jobs.provides(services.RUN)
@task()
def run_lottery(run_id: int) -> str:
    return services.execute_run(run_id)


@jobs.provides(services.CONFIRM)
@task()
def confirm_lottery(run_id: int, actor_id: int | None, open_booking: bool) -> str:
    return services.confirm_in_background(run_id, actor_id, open_booking)
