"""``manage.py backup FILE``: the database, public and private media in one archive.

See :mod:`familienrathaus.core.backup` for the format and why it is built this way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familienrathaus.core import backup


class Command(BaseCommand):
    help = (
        "Write a backup (database, public and private media) to FILE, a .tar.gz archive "
        "with a manifest. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. frh.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.create_backup(options["file"])
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(f"{count} {folder} file(s)" for folder, count in summary.files.items())
        self.stdout.write(f"Backed up {summary.rows} rows and {files} to {summary.path}")
