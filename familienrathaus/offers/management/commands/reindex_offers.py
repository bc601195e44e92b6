"""``manage.py reindex_offers``: rebuild the search index of the published offers.

Needed after restoring a database from a backup made without the index tables, or
after a change to how offers are indexed; harmless at any time. Runs for each active
alliance, or for one with ``--alliance SLUG``.
"""

from __future__ import annotations

from typing import Any

from familienrathaus.core.tenancy import AllianceCommand
from familienrathaus.offers.search import reindex_all


class Command(AllianceCommand):
    help = "Rebuild the full-text index of the published offers."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_all()
        self.stdout.write(f"Indexed {count} published offers.")
