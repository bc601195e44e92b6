"""Periodic work of the concerns desk (registered through ``core.periodic``)."""

from __future__ import annotations

# Redaction and deletion of closed concerns, daily (declared in retention.py).
from familienrathaus.concerns.retention import apply_retention  # noqa: F401
from familienrathaus.concerns.services import reminders
from familienrathaus.core import periodic


@periodic.every(periodic.DAY)
def remind_concern_holders() -> int:
    """A reminder to whoever holds a concern on its due day."""
    return reminders.send_reminders()


@periodic.every(periodic.DAY)
def send_concern_interim_notices() -> int:
    """The interim notice to families whose first answer is late."""
    return reminders.send_interim_notices()
