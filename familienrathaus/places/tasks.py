"""Background work of the places app, run by the worker (``manage.py worker``).

``yearly_checks`` runs once a day: it mails the yearly check to every Notinsel whose
details were last confirmed a year ago, then schedules its own next run (``run_after``
tomorrow). :func:`schedule_yearly_checks` starts the chain when none is waiting; it
is called when a Notinsel becomes active and by the demo data, and is safe to call
often (it adds nothing while a run is waiting).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

DAY = dt.timedelta(days=1)


@task()
def yearly_checks() -> int:
    from familienrathaus.places import services

    sent = services.send_due_checks()
    schedule_yearly_checks(after=DAY)
    return sent


def schedule_yearly_checks(after: dt.timedelta = dt.timedelta(0)) -> bool:
    """Enqueue ``yearly_checks`` unless a run is already waiting; True if enqueued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=yearly_checks.module_path, status="READY"
    ).exists()
    if waiting:
        return False
    yearly_checks.using(run_after=timezone.now() + after).enqueue()
    return True
