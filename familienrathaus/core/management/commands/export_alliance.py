"""``manage.py export_alliance SLUG FILE``: one alliance's rows, accounts and files as a zip.

See :mod:`familienrathaus.core.operators.transfer` for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familienrathaus.core import tenancy
from familienrathaus.core.operators import transfer


class Command(BaseCommand):
    help = (
        "Write one alliance's data (every row, the accounts its rows name, every file) to "
        "FILE, a .zip that import_alliance reads. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the alliance's short name")
        parser.add_argument("file", type=Path, help="the zip to write, e.g. beispieldorf.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        found = tenancy.alliances(options["slug"])
        if not found:
            raise CommandError(f"No alliance has the short name {options['slug']!r}.")
        try:
            summary = transfer.export_alliance(found[0], options["file"])
        except (transfer.TransferError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Exported {summary.slug}: {summary.rows} rows and {summary.files} file(s) "
            f"to {summary.path}"
        )
