"""Background work of the holiday programme, run by the worker (``manage.py worker``).

``housekeeping`` is periodic: it lets held places expire (they move on to the next on
the waiting list), flags occasions below their minimum, sends reminders and deletes
health notes after the retention time; then it enqueues itself again to run after
:data:`INTERVAL`. It is started by :func:`ensure_scheduled` (called by the demo data
and after every booking phase change) or ``manage.py holidays_housekeeping``. Only one
run waits in the queue at any time, so the chain cannot multiply.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from familienrathaus.holidays import services

INTERVAL = timedelta(minutes=5)
TASK_PATH = "familienrathaus.holidays.tasks.housekeeping"


def run_housekeeping() -> dict[str, int]:
    return {
        "expired_offers": services.expire_offers(),
        "below_minimum": services.flag_below_minimum(),
        "reminders": services.send_reminders(),
        "sensitive_data_deleted": services.purge_sensitive_data(),
    }


def ensure_scheduled(delay: timedelta = timedelta(0)) -> bool:
    """Enqueue the next housekeeping run unless one is already waiting."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
    if waiting:
        return False
    housekeeping.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def housekeeping() -> dict[str, Any]:
    try:
        return run_housekeeping()
    finally:  # a failed run must not end the chain
        ensure_scheduled(INTERVAL)


@task()
def expire_offers() -> int:
    return services.expire_offers()
