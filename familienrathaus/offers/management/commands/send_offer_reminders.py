"""Queue the yearly reminders to confirm offers. The worker does this daily
(``offers.tasks.send_offer_reminders``); the command runs it by hand.

Each partner whose published offers were not confirmed for a year gets one mail to its
staff, at most every 30 days; running it more often changes nothing. The mails go
through the outbox, which the worker sends. Runs for each active alliance, or for one
with ``--alliance SLUG``.
"""

from __future__ import annotations

from typing import Any

from familienrathaus.core.tenancy import AllianceCommand
from familienrathaus.offers import services


class Command(AllianceCommand):
    help = (
        "Remind partners by mail to confirm offers not confirmed for a year "
        "(at most one mail per partner in 30 days). Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_confirmation_reminders()
        self.stdout.write(f"{sent} reminder(s) queued")
