"""Which two occasions one child may not both have (overlap, same activity, same day)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from familienrathaus.core import overlap
from familienrathaus.lottery.allocation.data import SAME_ACTIVITY, Occasion, Rules

# --------------------------------------------------------------------------- conflicts


def _days(intervals: Iterable[tuple[datetime, datetime]]) -> frozenset[date]:
    """The local calendar days (Europe/Berlin) an occasion's stretches touch."""
    return overlap.days_of(intervals)


class _Conflicts:
    """Which two occasions may one child not both have, and why (cached per pair).

    Times and days follow the one rule in :mod:`familienrathaus.core.overlap` (the one
    booking asks), each occasion's stretches prepared once."""

    def __init__(self, occasions: Sequence[Occasion], rules: Rules) -> None:
        self.occasions = occasions
        self.travel_minutes = rules.travel_minutes
        self.one_per_day = rules.one_per_day
        self.timetables = [overlap.Timetable.of(o.intervals) for o in occasions]
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
            result = overlap.collision(
                self.timetables[a],
                self.timetables[b],
                travel_minutes=self.travel_minutes,
                one_per_day=self.one_per_day,
            )
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
