"""``manage.py import_alliance FILE [--slug NEW]``: an alliance's dump as a new alliance.

See :mod:`familienrathaus.core.operators.transfer`: new keys, accounts matched by e-mail
address, one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familienrathaus.core.operators import importer, transfer


class Command(BaseCommand):
    help = (
        "Import FILE, a zip written by export_alliance, as a new alliance of this install "
        "(under its short name, or --slug). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the zip written by export_alliance")
        parser.add_argument("--slug", help="the new alliance's short name (default: the dump's)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = importer.import_alliance(options["file"], slug=options["slug"])
        except (transfer.TransferError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Imported {summary.slug}: {summary.rows} rows and {summary.files} file(s) "
            f"from {summary.path}"
        )
