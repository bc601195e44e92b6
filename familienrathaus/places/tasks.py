"""Background work of the places app, run by the worker (``manage.py worker``).

``yearly_checks`` runs once a day (a periodic task, see core/periodic.py): it mails the
yearly check to every Notinsel whose details were last confirmed a year ago.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from familienrathaus.core import periodic

DAY = dt.timedelta(days=1)


@task()
def yearly_checks() -> int:
    from familienrathaus.places import services

    try:
        return services.send_due_checks()
    finally:
        periodic.reschedule(yearly_checks)
