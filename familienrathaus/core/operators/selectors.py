"""Each alliance's size and activity for the operators' list, for all alliances at once.

A handful of grouped queries whatever the number of alliances: the rows of content are
one ``UNION ALL`` of ``COUNT(*) … GROUP BY alliance_id`` over every table of content;
the files one query per model with files (their sizes from the file system, remembered
for ``FILES_SECONDS``); last login, last change and mails one grouped query each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from familienrathaus.core import alliance_files, tenancy
from familienrathaus.core.models import AllianceMembership, AuditEntry, OutboxMessage
from familienrathaus.core.models.alliance import Alliance
from familienrathaus.core.operators import transfer

FILES_SECONDS = 600
MAIL_DAYS = 30


@dataclass
class Figures:
    alliance: Alliance
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    last_login: datetime | None = None
    last_change: datetime | None = None
    mails: int = 0


def alliance_figures() -> list[Figures]:
    with tenancy.unscoped():
        figures = {a.pk: Figures(alliance=a) for a in Alliance.objects.order_by("name", "pk")}
        for pk, count in _rows_per_alliance().items():
            if pk in figures:
                figures[pk].rows = count
        for pk, (count, size) in _files_per_alliance().items():
            if pk in figures:
                figures[pk].files, figures[pk].file_bytes = count, size
        logins = AllianceMembership._base_manager.values("alliance").annotate(
            last=Max("user__last_login")
        )
        for item in logins:
            figures[item["alliance"]].last_login = item["last"]
        changes = AuditEntry._base_manager.values("alliance").annotate(last=Max("created_at"))
        for item in changes:
            figures[item["alliance"]].last_change = item["last"]
        since = timezone.now() - timedelta(days=MAIL_DAYS)
        mails: Any = (
            OutboxMessage._base_manager.filter(created_at__gte=since)
            .values("alliance")
            .annotate(count=Count("pk"))
        )
        for item in mails:
            figures[item["alliance"]].mails = item["count"]
    return list(figures.values())


def _rows_per_alliance() -> dict[int, int]:
    quote = connection.ops.quote_name
    column = quote("alliance_id")
    # Only the models' own table names, quoted: no input of anybody's goes in.
    parts = [
        f"SELECT {column} AS a, COUNT(*) AS n FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"GROUP BY {column}"
        for model in transfer.content_models()
    ]
    totals: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        for alliance_id, count in cursor.fetchall():
            totals[alliance_id] += count
    return dict(totals)


def _files_per_alliance() -> dict[int, tuple[int, int]]:
    key = "operators:files"
    known: dict[int, tuple[int, int]] | None = cache.get(key)
    if known is None:
        known = _count_files()
        cache.set(key, known, FILES_SECONDS)
    return known


def _count_files() -> dict[int, tuple[int, int]]:
    return {
        pk: (len(found), sum(alliance_files.size(file) for file in found))
        for pk, found in alliance_files.files_by_alliance().items()
    }
