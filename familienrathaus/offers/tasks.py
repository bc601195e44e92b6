"""Background tasks of the offers app, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from familienrathaus.core import periodic
from familienrathaus.offers import services

DAY = timedelta(days=1)


@task()
def send_offer_reminders() -> int:
    """Daily (a periodic task): the same as ``manage.py send_offer_reminders``."""
    try:
        return services.send_confirmation_reminders()
    finally:
        periodic.reschedule(send_offer_reminders)
