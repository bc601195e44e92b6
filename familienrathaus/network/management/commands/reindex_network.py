"""``manage.py reindex_network``: rebuild the search index of the workshop's minutes,
decisions and documents. Run after restoring a backup (``core.backup`` does) or after a
change to how they are indexed; harmless at any time. ``--alliance SLUG`` rebuilds one
alliance's entries; without it, each active alliance's in turn."""

from __future__ import annotations

from typing import Any

from familienrathaus.core import tenancy
from familienrathaus.core.tenancy import AllianceCommand
from familienrathaus.network.search_index import rebuild


class Command(AllianceCommand):
    help = "Rebuild the full-text index of the network workshop's minutes, decisions and documents."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        alliance = tenancy.require()
        self.stdout.write(f"{alliance.slug}: indexed {count} minutes, decisions and documents.")
