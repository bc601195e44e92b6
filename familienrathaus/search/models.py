"""The search index: one row per indexed object, whatever its kind.

The row holds the object's title (for ranking); the full-text index proper depends on
the database (an FTS5 table on SQLite, a ``tsvector`` column of this table on
PostgreSQL), created by the migrations: see ``familienrathaus.search.engine``.
"""

from __future__ import annotations

from django.db import models

from familienrathaus.core.models.alliance import AllianceOwned


class SearchEntry(AllianceOwned):
    kind = models.CharField(max_length=50)  # "app_label.model", e.g. "offers.offer"
    object_id = models.PositiveBigIntegerField()
    # The language of the text (an object has an entry per language it is written in).
    language = models.CharField(max_length=10, default="de")
    title = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique_language"
            )
        ]
        indexes = [models.Index(fields=["kind", "language"], name="search_entry_kind_language")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language}): {self.title}"


class SearchIndexState(AllianceOwned):
    """A token per kind and alliance that changes with every write to its index (see
    ``facets``)."""

    kind = models.CharField(max_length=50)
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "kind"], name="search_searchindexstate_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.token}"
