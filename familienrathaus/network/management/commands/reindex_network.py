"""``manage.py reindex_network``: rebuild the search index of the workshop's minutes,
decisions and documents. Run after restoring a backup (``core.backup`` does) or after a
change to how they are indexed; harmless at any time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from familienrathaus.network.search_index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text index of the network workshop's minutes, decisions and documents."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"Indexed {count} minutes, decisions and documents.")
