"""Periodic work of meetings and tasks (registered through ``core.periodic``)."""

from __future__ import annotations

from familienrathaus.core import periodic

# meetings: registers the .ics attachment of the invitation mails in every process
from familienrathaus.network.services import meetings, tasks  # noqa: F401


@periodic.every(periodic.DAY)
def remind_overdue_network_tasks() -> int:
    """One reminder mail to the owner of each overdue open task (once per due date)."""
    return tasks.remind_overdue()
