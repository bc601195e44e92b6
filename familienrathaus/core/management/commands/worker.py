from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from familienrathaus.core import imports, outbox, periodic


class Command(BaseCommand):
    help = "Run the background worker: mail outbox, PDFs, imports, allocation runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = outbox.recover_stale()
        if recovered:
            self.stdout.write(f"Recovered {recovered} message(s) left by a stopped worker.")
        failed = imports.fail_stale_runs()
        if failed:
            self.stdout.write(f"Marked {failed} import(s) left by a stopped worker as failed.")
        if apps.is_installed("familienrathaus.guide"):
            from familienrathaus.guide import services as guide_services

            failed = guide_services.fail_stale_builds()
            if failed:
                self.stdout.write(
                    f"Marked {failed} guide build(s) left by a stopped worker as failed."
                )
        periodic.ensure_all()
        argv = ["--queue-name=*", "--no-reload", "--no-startup-delay"]
        argv.append(f"--interval={options['interval']}")
        if options["max_tasks"] is not None:
            argv.append(f"--max-tasks={options['max_tasks']}")
        if options["batch"]:
            argv.append("--batch")
        call_command("db_worker", *argv, verbosity=options["verbosity"])
