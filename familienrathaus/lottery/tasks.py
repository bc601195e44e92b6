"""Background work of the lottery, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_lottery(run_id: int) -> str:
    from familienrathaus.lottery import services

    return services.execute_run(run_id)


@task()
def confirm_lottery(run_id: int, actor_id: int | None, open_booking: bool) -> str:
    from familienrathaus.lottery import services

    return services.confirm_in_background(run_id, actor_id, open_booking)
