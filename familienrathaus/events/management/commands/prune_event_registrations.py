"""Delete registrations (names, e-mail addresses, messages) of dates that ended more than
``--days`` ago (DSGVO: keep the minimum). Meant to run nightly next to
``prune_old_data``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from familienrathaus.events import services


class Command(BaseCommand):
    help = "Delete the registrations of event dates that ended more than --days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=services.KEEP_REGISTRATIONS_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.prune_registrations(days=options["days"])
        self.stdout.write(f"Deleted {deleted} registration(s).")
