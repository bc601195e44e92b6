"""Background work of the welcome for newborns: the daily follow-up mails; the daily
retention run (``retention.apply_retention``) is registered by importing its module."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.welcome import retention  # noqa: F401  (registers apply_retention)
from familienrathaus.welcome.services import followup


@periodic.every(periodic.DAY)
def send_followup_mails() -> int:
    """Queue the follow-up mails due today (each age of each family once)."""
    return followup.send_due()
