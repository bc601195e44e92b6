"""Background work of the places app, run by the worker (``manage.py worker``).

``yearly_checks`` runs once a day (a periodic task, see core/periodic.py): it mails the
yearly check to every Notinsel whose details were last confirmed a year ago.
"""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.places import services


@periodic.every(periodic.DAY)
def yearly_checks() -> int:
    return services.send_due_checks()
