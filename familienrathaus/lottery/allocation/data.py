"""The lottery's input and output: plain dataclasses and the reason codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from familienrathaus.core import overlap

Method = Literal["exact", "fallback"]

# Why a wish was not accepted (stable codes, translated by the Django side).
ACCEPTED = "accepted"
NOT_ELIGIBLE = "age"  # too young or too old
UNKNOWN_OCCASION = "unknown"  # occasion not part of the run (cancelled, no places)
DUPLICATE = "duplicate"  # the same occasion wished twice for one child
FULL = "full"  # every place went to other children
SAME_ACTIVITY = "activity"  # the child got another occasion of the same activity
OVERLAP = overlap.OVERLAP  # the child got an occasion at the same time
SAME_DAY = overlap.SAME_DAY  # the child got an occasion on the same day (one per day)
LIMIT = "limit"  # the child got as many places as allowed
GROUP = "group"  # the group could not be placed together

REASONS = (
    ACCEPTED,
    NOT_ELIGIBLE,
    UNKNOWN_OCCASION,
    DUPLICATE,
    FULL,
    SAME_ACTIVITY,
    OVERLAP,
    SAME_DAY,
    LIMIT,
    GROUP,
)


@dataclass(frozen=True, slots=True)
class Occasion:
    id: str
    activity_id: str
    capacity: int
    intervals: tuple[tuple[datetime, datetime], ...] = ()
    min_places: int = 0
    min_age: int | None = None
    max_age: int | None = None
    exclude_from_overlap_check: bool = False


@dataclass(frozen=True, slots=True)
class Child:
    id: str
    age: int | None = None
    limit: int | None = None
    groups: tuple[str, ...] = ()  # priority groups the child belongs to

    @property
    def priority(self) -> bool:
        return bool(self.groups)


@dataclass(frozen=True, slots=True)
class Wish:
    id: str
    child_id: str
    occasion_id: str
    rank: int
    group_code: str | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    seed: int
    travel_minutes: int = 0
    one_per_day: bool = False
    places_per_child: int | None = None
    time_limit: float = 60.0
    method: Literal["auto", "fallback"] = "auto"


@dataclass(frozen=True, slots=True)
class Problem:
    occasions: Sequence[Occasion]
    children: Sequence[Child]
    wishes: Sequence[Wish]
    rules: Rules


@dataclass(slots=True)
class WishOutcome:
    wish_id: str
    child_id: str
    occasion_id: str
    rank: int
    accepted: bool
    reason: str
    blocking_wish_id: str | None = None  # the accepted wish that blocked this one
    waitlist_position: int | None = None  # 1-based, on the occasion's waiting list


@dataclass(slots=True)
class Level:
    name: str
    value: float
    bound: float
    status: str  # "optimal", "time_limit", "skipped", "greedy"
    seconds: float

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.value) / self.bound)


@dataclass(slots=True)
class Result:
    accepted: list[str]
    outcomes: dict[str, WishOutcome]
    lottery: dict[str, int]  # child id -> lottery number (1 = first)
    method: Method
    gap: float
    levels: list[Level]
    seconds: float
    seed: int
    model_size: dict[str, int] = field(default_factory=dict)
