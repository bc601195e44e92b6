"""Delete what is no longer needed (DSGVO: keep the minimum); the worker runs it daily
(``core.tasks.prune_old_data``), the command runs it by hand.

- old rows of background jobs, as each kind of job says (``core.jobs.Kind.prune``):
  import runs that are no longer running, with their reports and files' bytes; guide
  builds with their PDF files, except the newest finished build of each guide, which the
  public download serves;
- finished background-task results, via django-tasks-db's ``prune_db_task_results``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils import timezone

from familienrathaus.core import jobs, retention, tenancy

KEEP_DAYS = 30


class Command(tenancy.AllianceCommand):
    help = "Delete old import runs, old guide builds (with their PDFs) and old task results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, help="Keep what is younger (default: 30)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        dry_run: bool = options["dry_run"]
        cutoff = timezone.now() - timedelta(days=days)
        jobs.prune_all(cutoff, dry_run=dry_run, say=self.stdout.write)
        self._task_results(days, dry_run)
        retention.prune(dry_run=dry_run, say=self.stdout.write)  # outbox, audit log

    def _task_results(self, days: int, dry_run: bool) -> None:
        # prune_db_task_results reports through its logger ("Deleted 3 task result(s)"):
        # send that to our output, as its own handler would when run alone.
        logger = logging.getLogger("django_tasks_db.prune_db_task_results")
        handler = logging.StreamHandler(self.stdout)
        propagate = logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            call_command(
                "prune_db_task_results",
                "--queue-name=*",
                f"--min-age-days={days}",
                *(["--dry-run"] if dry_run else []),
                verbosity=1,
            )
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
