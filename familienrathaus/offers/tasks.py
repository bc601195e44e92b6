"""Background tasks of the offers app, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.offers import services


@periodic.every(periodic.DAY)
def send_offer_reminders() -> int:
    """The same as ``manage.py send_offer_reminders``."""
    return services.send_confirmation_reminders()
