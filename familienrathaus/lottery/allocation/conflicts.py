"""Which two occasions one child may not both have (overlap, same activity, same day)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from familienrathaus.lottery.allocation.data import (
    OVERLAP,
    SAME_ACTIVITY,
    SAME_DAY,
    Occasion,
    Rules,
)

# --------------------------------------------------------------------------- conflicts


def _timestamp(value: datetime) -> float:
    return value.timestamp()


def _days(intervals: Iterable[tuple[datetime, datetime]]) -> frozenset[date]:
    days: set[date] = set()
    for start, end in intervals:
        day = start.date()
        last = (end - timedelta(microseconds=1)).date() if end > start else start.date()
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


class _Conflicts:
    """Which two occasions may one child not both have, and why (cached per pair)."""

    def __init__(self, occasions: Sequence[Occasion], rules: Rules) -> None:
        self.occasions = occasions
        self.travel = rules.travel_minutes * 60.0
        self.one_per_day = rules.one_per_day
        self.spans = [[(_timestamp(s), _timestamp(e)) for s, e in o.intervals] for o in occasions]
        self.days = [_days(o.intervals) if rules.one_per_day else frozenset() for o in occasions]
        self.cache: dict[tuple[int, int], str | None] = {}

    def reason(self, a: int, b: int) -> str | None:
        key = (a, b) if a < b else (b, a)
        if key in self.cache:
            return self.cache[key]
        oa, ob = self.occasions[a], self.occasions[b]
        result: str | None = None
        if oa.activity_id == ob.activity_id:
            result = SAME_ACTIVITY
        elif not (oa.exclude_from_overlap_check or ob.exclude_from_overlap_check):
            travel = self.travel
            for sa, ea in self.spans[a]:
                for sb, eb in self.spans[b]:
                    if sa < eb + travel and sb < ea + travel:
                        result = OVERLAP
                        break
                if result:
                    break
            if result is None and self.one_per_day and self.days[a] & self.days[b]:
                result = SAME_DAY
        self.cache[key] = result
        return result


def _maximal_cliques(n: int, adjacent: list[set[int]]) -> list[list[int]]:
    """Maximal cliques (size >= 2) of a small graph, Bron-Kerbosch with pivoting."""
    cliques: list[list[int]] = []

    def expand(r: list[int], p: set[int], x: set[int]) -> None:
        if not p and not x:
            if len(r) >= 2:
                cliques.append(sorted(r))
            return
        pivot = max(p | x, key=lambda v: len(adjacent[v] & p))
        for v in sorted(p - adjacent[pivot]):
            expand([*r, v], p & adjacent[v], x & adjacent[v])
            p = p - {v}
            x = x | {v}

    expand([], set(range(n)), set())
    return cliques
