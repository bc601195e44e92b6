"""Delete what is no longer needed (DSGVO: keep the minimum); the worker runs it daily
(``core.tasks.prune_old_data``), the command runs it by hand.

- import runs uploaded more than ``--days`` ago that are no longer running: their
  reports hold partner data and rejected values, and a run still waiting to be
  confirmed after that long is abandoned (its file's bytes go with the row);
- printed-guide builds requested more than ``--days`` ago, with their PDF files, except
  the newest finished build of each guide, which the public download serves;
- finished background-task results, via django-tasks-db's ``prune_db_task_results``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from familienrathaus.core.models import ImportRun

KEEP_DAYS = 30


class Command(BaseCommand):
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
        verb = "Would delete" if dry_run else "Deleted"
        self._imports(cutoff, dry_run, verb)
        if apps.is_installed("familienrathaus.guide"):
            self._guide_builds(cutoff, dry_run, verb)
        self._task_results(days, dry_run)

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

    def _imports(self, cutoff: Any, dry_run: bool, verb: str) -> None:
        running = [ImportRun.Status.QUEUED, ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING]
        old = ImportRun.objects.filter(created_at__lt=cutoff).exclude(status__in=running)
        runs = list(old.order_by("created_at", "pk").values_list("pk", "resource", "file_name"))
        for pk, resource, file_name in runs:
            self.stdout.write(f"{verb} import run {pk} ({resource}: {file_name})")
        if not dry_run:
            old.filter(pk__in=[pk for pk, _, _ in runs]).delete()
        self.stdout.write(f"{verb} {len(runs)} import run(s).")

    def _guide_builds(self, cutoff: Any, dry_run: bool, verb: str) -> None:
        from familienrathaus.guide import selectors
        from familienrathaus.guide.models import GuideBuild

        served = {build.pk for build in selectors.published_downloads()}
        finished = [GuideBuild.Status.DONE, GuideBuild.Status.FAILED]
        old = list(
            GuideBuild.objects.filter(created_at__lt=cutoff, status__in=finished)
            .exclude(pk__in=served)
            .order_by("created_at", "pk")
        )
        files = 0
        for build in old:
            name = build.file.name
            self.stdout.write(
                f"{verb} guide build {build.pk} ({build}){f', {name}' if name else ''}"
            )
            if dry_run:
                files += bool(name)
                continue
            with transaction.atomic():
                build.delete()
            if name and build.file.storage.exists(name):
                build.file.storage.delete(name)
                files += 1
        self.stdout.write(f"{verb} {len(old)} guide build(s) and {files} PDF file(s).")
