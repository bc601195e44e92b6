"""Demo QR postcards of Musterstadt, with a few weeks of scans. For local use only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.postcards.models import Postcard, PostcardScan

CARDS = [
    (
        "fruehe",
        "/angebote/?audience=schwangere-und-junge-eltern-fruhe-hilfen",
        "Frühe Hilfen in Musterstadt",
        "Schwanger oder gerade Eltern geworden? Hebammen, Beratung und Treffpunkte in "
        "Ihrer Nähe – alles auf einen Blick. Scannen Sie den Code mit Ihrem Handy.",
        Postcard.Orientation.LANDSCAPE,
    ),
    (
        "allein",
        "/angebote/?audience=alleinerziehende",
        "Alleinerziehend? Sie sind nicht allein.",
        "Beratung, Treffs und Unterstützung für Alleinerziehende in Musterstadt.",
        Postcard.Orientation.PORTRAIT,
    ),
]
# Scans on each of the last days, newest first.
SCANS = [3, 0, 5, 2, 1, 4, 0, 0, 2, 6, 1, 3, 2]


def load() -> int:
    created = 0
    author = User.objects.filter(email="koordination@musterstadt.example").first()
    today = timezone.localdate()
    for code, target, headline, text, orientation in CARDS:
        card, new = Postcard.objects.get_or_create(
            code=code,
            defaults={
                "target_path": target,
                "headline": headline,
                "text": text,
                "orientation": orientation,
                "created_by": author,
            },
        )
        created += new
        if new:
            PostcardScan.objects.bulk_create(
                PostcardScan(postcard=card, day=today - timedelta(days=offset), count=count)
                for offset, count in enumerate(SCANS)
                if count
            )
            created += sum(1 for count in SCANS if count)
    return created
