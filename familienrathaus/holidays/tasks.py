"""Background work of the holiday programme, run by the worker (``manage.py worker``).

``housekeeping`` is periodic (:mod:`familienrathaus.core.periodic`; the worker starts its
chain): every :data:`INTERVAL` it lets held places expire (they move on to the next on
the waiting list), flags occasions below their minimum, sends reminders and deletes
health notes after the retention time. ``manage.py holidays_housekeeping`` runs the same
once.
"""

from __future__ import annotations

from datetime import timedelta

from familienrathaus.core import periodic
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


@periodic.every(INTERVAL)
def housekeeping() -> dict[str, int]:
    return run_housekeeping()
