"""Numbers people read and quote, counted per year: "BB-2026-0042", "FBU-2027-0007"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def next_yearly(queryset: QuerySet[Any], field: str, prefix: str, year: int) -> str:
    """One more than the highest number of ``year`` in ``field`` ("PREFIX-YEAR-NNNN").

    Call it where the number is written under a lock or a unique constraint that
    makes a second writer try again: two callers at once get the same answer."""
    start = f"{prefix}-{year}-"
    values = queryset.filter(**{f"{field}__startswith": start}).values_list(field, flat=True)
    counts = (value.removeprefix(start) for value in values)
    highest = max((int(count) for count in counts if count.isdigit()), default=0)
    return f"{start}{highest + 1:04d}"
