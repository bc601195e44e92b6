from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from familienrathaus.core import periodic
from familienrathaus.holidays import tasks


class Command(BaseCommand):
    help = (
        "Holiday programme housekeeping: expire held places, flag occasions below their "
        "minimum, send reminders, delete health notes after the retention time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="Only start the periodic task chain."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            started = periodic.ensure_scheduled(tasks.housekeeping)
            self.stdout.write("scheduled" if started else "already scheduled")
            return
        for name, count in tasks.run_housekeeping().items():
            self.stdout.write(f"{name}: {count}")
