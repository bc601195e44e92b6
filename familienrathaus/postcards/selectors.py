"""Reads of the QR postcards: cards and their scans per day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from familienrathaus.postcards.models import Postcard, PostcardScan

RECENT_DAYS = 30


def _since(days: int) -> date:
    return timezone.localdate() - timedelta(days=days - 1)


def postcards() -> QuerySet[Postcard]:
    """All cards with ``scans_total`` and ``scans_recent`` (the last 30 days, today included)."""
    return Postcard.objects.select_related("created_by").annotate(
        scans_total=Coalesce(Sum("scans__count"), 0),
        scans_recent=Coalesce(
            Sum("scans__count", filter=Q(scans__day__gte=_since(RECENT_DAYS))), 0
        ),
    )


def by_code(code: str) -> Postcard | None:
    return Postcard.objects.filter(code=code.lower()).first()


def daily_scans(postcard: Postcard, *, days: int = RECENT_DAYS) -> list[tuple[date, int]]:
    """One (day, scans) pair for each of the last ``days`` days, newest first, zeros included."""
    since = _since(days)
    counts = dict(
        PostcardScan.objects.filter(postcard=postcard, day__gte=since).values_list("day", "count")
    )
    today = timezone.localdate()
    return [
        (today - timedelta(days=offset), counts.get(today - timedelta(days=offset), 0))
        for offset in range(days)
    ]


def scan_rows(cards: QuerySet[Postcard]) -> Iterator[tuple[str, str, str, date, int]]:
    """(code, headline, target, day, scans) for every day a card was scanned, for exports."""
    scans = (
        PostcardScan.objects.filter(postcard__in=cards)
        .select_related("postcard")
        .order_by("postcard__created_at", "postcard_id", "day")
    )
    for scan in scans.iterator():
        card = scan.postcard
        yield card.code, card.headline, card.target_path, scan.day, scan.count
