"""Writes of the QR postcards: create and change cards, count scans.

A scan is counted per card and day, and nothing else is stored: no address, no
browser, no cookie, no time of day. The count is raised in the database
(``count = count + 1``), so simultaneous scans are all counted; the first scan of a
day creates the row, and when two requests create it at once, the loser of the
unique constraint adds its scan to the winner's row.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.postcards.models import Postcard, PostcardScan

# No 0/o, 1/l/i: a short address read off a card is typed without mix-ups.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 6
FIELDS = ["target_path", "headline", "text", "orientation"]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_postcard(
    *, actor: User, target_path: str, headline: str, text: str, orientation: str
) -> Postcard:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                postcard = Postcard(
                    code=new_code(),
                    target_path=target_path,
                    headline=headline,
                    text=text,
                    orientation=orientation,
                    created_by=actor,
                )
                postcard.full_clean(validate_unique=False)
                postcard.save()
                audit.record(
                    actor=actor,
                    action="postcard.create",
                    obj=postcard,
                    changes=audit.diff({}, audit.snapshot(postcard, ["code", *FIELDS])),
                )
                return postcard
        except IntegrityError:  # the random code was taken: draw another
            continue
    raise RuntimeError("Could not find a free short code.")


@transaction.atomic
def update_postcard(*, actor: User, postcard: Postcard, fields: dict[str, Any]) -> Postcard:
    names = [name for name in FIELDS if name in fields]
    before = audit.snapshot(postcard, names)
    for name in names:
        setattr(postcard, name, fields[name])
    postcard.full_clean()
    postcard.save()
    changes = audit.diff(before, audit.snapshot(postcard, names))
    if changes:
        audit.record(actor=actor, action="postcard.update", obj=postcard, changes=changes)
    return postcard


def record_scan(*, postcard: Postcard, day: date | None = None) -> None:
    """Count one scan of ``postcard`` on ``day`` (today)."""
    day = day or timezone.localdate()
    for _attempt in range(3):
        with transaction.atomic():
            if PostcardScan.objects.filter(postcard=postcard, day=day).update(count=F("count") + 1):
                return
        try:
            with transaction.atomic():
                PostcardScan.objects.create(postcard=postcard, day=day, count=1)
            return
        except IntegrityError:  # created by a simultaneous scan: add ours to it
            continue
    raise RuntimeError("Could not count the scan.")
