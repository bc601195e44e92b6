"""``manage.py restore FILE``: put a backup into an empty install of the same version.

See :mod:`familienrathaus.core.backup` for the format and what is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familienrathaus.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this install, which must be freshly "
        "migrated (no user account, no uploaded file) unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data and the media files this install already has",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.restore_backup(options["file"], force=options["force"])
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(f"{count} {folder} file(s)" for folder, count in summary.files.items())
        self.stdout.write(f"Restored {summary.rows} rows and {files} from {summary.path}")
