from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from familienrathaus.core import periodic, tenancy
from familienrathaus.holidays import tasks


class Command(tenancy.AllianceCommand):
    help = (
        "Holiday programme housekeeping: expire held places, flag occasions below their "
        "minimum, send reminders, delete health notes after the retention time. Runs for "
        "the alliance given with --alliance, else once for each active alliance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="Only start the periodic task chain."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            # One chain for the install: each run does every alliance (core.periodic).
            started = periodic.ensure_scheduled(tasks.housekeeping)
            self.stdout.write("scheduled" if started else "already scheduled")
            return
        alliance = tenancy.require()
        for name, count in tasks.run_housekeeping().items():
            self.stdout.write(f"{alliance.slug}: {name}: {count}")
