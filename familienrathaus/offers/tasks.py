"""Background tasks of the offers app, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from familienrathaus.offers import services


@task()
def send_offer_reminders() -> int:
    """The same as ``manage.py send_offer_reminders``, for a scheduler that enqueues tasks."""
    return services.send_confirmation_reminders()
