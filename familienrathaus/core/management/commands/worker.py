"""``manage.py worker``: django-tasks-db's worker for every queue, after recovering the jobs
a stopped worker left (core.jobs) and starting every periodic chain (core.periodic); it
serves the alliances in turn (core.fairness)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from familienrathaus.core import fairness, jobs, periodic, tenancy


class Command(BaseCommand):
    help = "Run the background worker: mail outbox, PDFs, imports, allocation runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Each alliance's stale jobs (core.tenancy), in its own scope.
        for counts in tenancy.for_each(jobs.recover_all).values():
            for line in jobs.recovered_lines(counts):
                self.stdout.write(line)
        periodic.ensure_all()
        argv = ["--queue-name=*", "--no-reload", "--no-startup-delay"]
        argv.append(f"--interval={options['interval']}")
        if options["max_tasks"] is not None:
            argv.append(f"--max-tasks={options['max_tasks']}")
        if options["batch"]:
            argv.append("--batch")
        with fairness.serving_in_turn():
            call_command("db_worker", *argv, verbosity=options["verbosity"])
