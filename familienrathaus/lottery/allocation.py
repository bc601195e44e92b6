"""The Ferienspaß lottery: allocating scarce holiday places to ranked wishes.

Pure Python (plus numpy/scipy), no Django: plain dataclasses in, a plain
:class:`Result` out. The coordinator's run (``lottery.services``) and the benchmark
(``bench/allocation.py``) call the same :func:`allocate`.

Problem
    Children rank wishes for occasions. A wish ``w`` is accepted (``x_w = 1``) or not.
    Hard constraints:

    1. an occasion gets at most ``capacity`` accepted wishes;
    2. a child never gets two occasions whose dates overlap, touching allowed, with the
       period's travel time added between them (unless an occasion is excluded from the
       overlap check); optionally at most one occasion per calendar day;
    3. a child gets at most one occasion of each activity;
    4. a child gets at most ``min(child.limit, rules.places_per_child)`` places;
    5. only age-eligible wishes are accepted;
    6. wishes with the same group code for the same occasion (siblings, friends) are
       accepted together or not at all.

Objective, lexicographic (each level is optimised with the previous levels' optimum
kept as a constraint; a level is split in "priority children" first, then everyone,
when the run has priority children):

    1. children with at least one place (``y_c <= sum x_w``, ``y_c`` in [0, 1]),
    2. first wishes accepted,
    3. better ranks: ``sum (N + 1 - rank) x_w`` with ``N`` the largest rank, so every
       further place counts and a better rank counts more.

Solver
    Each level is a MILP solved by HiGHS (``scipy.optimize.milp``, presolve off: the
    relaxations of these assignment-like models are nearly always integral at the root)
    with the remaining share of the run's time limit. Level 1 without group codes and
    priority groups needs no MILP: one place per child never breaks a rule, so its
    optimum is a maximum bipartite matching of children to places (Hopcroft-Karp,
    ``scipy.sparse.csgraph``), exact and much faster. Conflicts (overlap, activity, same
    day) become clique constraints per child (maximal cliques of that child's conflict
    graph, Bron-Kerbosch on at most a handful of wishes), which keeps the LP relaxation
    tight. ``method == "exact"`` means every level was proven optimal. When a level runs
    out of time, its best solution found so far (or else the previous level's) is kept
    (it satisfies all earlier levels' optima), the later levels are skipped, and the
    free places are filled greedily (step c below); without any solution the whole
    greedy fallback runs. Then ``method == "fallback"`` and ``gap`` is the largest
    relative distance of a level's value from its bound (HiGHS's dual bound or, where
    there is none, a combinatorial one: children placed <= maximum bipartite matching of
    children to places, first wishes <= sum over occasions of min(capacity, first
    wishes); skipped rank levels have no bound and count as 0).

Greedy fallback (documented, used when no MILP solution is available)
    a. in lottery order (priority children first) each child gets its best feasible wish;
    b. every child still without a place tries one exchange: a child holding one of its
       full wished occasions as its only place moves to another feasible wish with a free
       place, and the place goes to the child without one;
    c. rank by rank, in lottery order, further feasible wishes are accepted.
    Group wishes are only accepted when every member can take the place at that moment.

Fairness (the lottery)
    The seed is stored with the run. Children are sorted by id and then shuffled with
    ``random.Random(seed)``: the position in that shuffle is the child's lottery number.
    Variables, constraints and the greedy steps all follow the lottery order, so
    wherever several allocations are equally good the solver's choice depends on the
    random order, never on ids, account age or the order wishes were entered. The same
    input and seed give the same allocation (HiGHS is deterministic; only a run cut by
    its time limit can depend on machine speed, which the result reports). Waiting lists
    follow the same lottery order (priority children first).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import maximum_bipartite_matching

Method = Literal["exact", "fallback"]

# Why a wish was not accepted (stable codes, translated by the Django side).
ACCEPTED = "accepted"
NOT_ELIGIBLE = "age"  # too young or too old
UNKNOWN_OCCASION = "unknown"  # occasion not part of the run (cancelled, no places)
DUPLICATE = "duplicate"  # the same occasion wished twice for one child
FULL = "full"  # every place went to other children
SAME_ACTIVITY = "activity"  # the child got another occasion of the same activity
OVERLAP = "overlap"  # the child got an occasion at the same time
SAME_DAY = "day"  # the child got an occasion on the same day (one per day)
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


# --------------------------------------------------------------------------- the model


@dataclass(slots=True)
class _Model:
    """Eligible wishes in lottery order and everything the solvers need about them."""

    problem: Problem
    lottery: dict[str, int]
    children: list[Child]  # in lottery order
    wishes: list[Wish]  # eligible wishes: children in lottery order, then rank
    wish_child: np.ndarray  # index into children
    wish_occ: np.ndarray  # index into occasions
    wish_rank: np.ndarray
    capacity: np.ndarray
    child_limit: list[int]
    child_wishes: list[list[int]]
    conflict_pairs: dict[tuple[int, int], str]  # (wish a, wish b) a < b -> reason
    cliques: list[list[int]]
    groups: list[list[int]]  # wishes to be accepted together
    rejected: dict[str, str]  # wish id -> reason for wishes not in the model
    max_rank: int


def _lottery(children: Sequence[Child], seed: int) -> list[Child]:
    ordered = sorted(children, key=lambda c: c.id)
    # Reproducible on purpose; the seed itself comes from ``secrets`` (lottery.services).
    random.Random(seed).shuffle(ordered)  # noqa: S311
    # Priority children first, lottery order within each tier.
    return sorted(ordered, key=lambda c: not c.priority)


def _age_ok(child: Child, occasion: Occasion) -> bool:
    if child.age is None:
        return True
    if occasion.min_age is not None and child.age < occasion.min_age:
        return False
    return not (occasion.max_age is not None and child.age > occasion.max_age)


def _build(problem: Problem) -> _Model:
    rules = problem.rules
    # Canonical orders (occasions by id, children by lottery): the input order of
    # nothing can steer which of several equally good allocations the solver returns.
    occasions = sorted(problem.occasions, key=lambda o: o.id)
    occ_index = {o.id: i for i, o in enumerate(occasions)}
    children = _lottery(problem.children, rules.seed)
    lottery = {c.id: i + 1 for i, c in enumerate(children)}
    child_index = {c.id: i for i, c in enumerate(children)}

    by_child: dict[int, list[Wish]] = defaultdict(list)
    rejected: dict[str, str] = {}
    for wish in problem.wishes:
        ci = child_index.get(wish.child_id)
        oi = occ_index.get(wish.occasion_id)
        if ci is None or oi is None or occasions[oi].capacity <= 0:
            rejected[wish.id] = UNKNOWN_OCCASION if ci is not None else NOT_ELIGIBLE
            if oi is not None and occasions[oi].capacity <= 0:
                rejected[wish.id] = FULL
            continue
        if not _age_ok(children[ci], occasions[oi]):
            rejected[wish.id] = NOT_ELIGIBLE
            continue
        by_child[ci].append(wish)

    conflicts = _Conflicts(occasions, rules)
    wishes: list[Wish] = []
    wish_child: list[int] = []
    wish_occ: list[int] = []
    child_wishes: list[list[int]] = [[] for _ in children]
    conflict_pairs: dict[tuple[int, int], str] = {}
    cliques: list[list[int]] = []
    child_limit: list[int] = []
    for ci, child in enumerate(children):
        seen: set[int] = set()
        mine: list[int] = []
        for wish in sorted(by_child.get(ci, ()), key=lambda w: (w.rank, w.id)):
            oi = occ_index[wish.occasion_id]
            if oi in seen:
                rejected[wish.id] = DUPLICATE
                continue
            seen.add(oi)
            mine.append(len(wishes))
            wishes.append(wish)
            wish_child.append(ci)
            wish_occ.append(oi)
        child_wishes[ci] = mine
        limits = [len(mine)]
        if child.limit is not None:
            limits.append(child.limit)
        if rules.places_per_child is not None:
            limits.append(rules.places_per_child)
        child_limit.append(max(0, min(limits)))
        if len(mine) < 2:
            continue
        adjacent: list[set[int]] = [set() for _ in mine]
        for a in range(len(mine)):
            for b in range(a + 1, len(mine)):
                why = conflicts.reason(wish_occ[mine[a]], wish_occ[mine[b]])
                if why is not None:
                    adjacent[a].add(b)
                    adjacent[b].add(a)
                    conflict_pairs[(mine[a], mine[b])] = why
        if any(adjacent):
            for clique in _maximal_cliques(len(mine), adjacent):
                cliques.append([mine[k] for k in clique])

    members: dict[tuple[int, str], list[int]] = defaultdict(list)
    for wi, wish in enumerate(wishes):
        if wish.group_code:
            members[(wish_occ[wi], wish.group_code.strip().casefold())].append(wi)
    groups = [sorted(m) for m in members.values() if len(m) > 1]

    ranks = np.array([w.rank for w in wishes], dtype=np.int64)
    return _Model(
        problem=problem,
        lottery=lottery,
        children=children,
        wishes=wishes,
        wish_child=np.array(wish_child, dtype=np.int64),
        wish_occ=np.array(wish_occ, dtype=np.int64),
        wish_rank=ranks,
        capacity=np.array([o.capacity for o in occasions], dtype=np.int64),
        child_limit=child_limit,
        child_wishes=child_wishes,
        conflict_pairs=conflict_pairs,
        cliques=cliques,
        groups=groups,
        rejected=rejected,
        max_rank=int(ranks.max()) if len(ranks) else 1,
    )


def _objectives(model: _Model) -> list[tuple[str, np.ndarray]]:
    """The lexicographic levels as objective vectors over ``[x; y]`` (to maximise)."""
    nw, nc = len(model.wishes), len(model.children)
    priority_child = np.array([c.priority for c in model.children], dtype=bool)
    priority_wish = priority_child[model.wish_child] if nw else np.zeros(0, dtype=bool)
    has_priority = bool(priority_child.any())
    placed = np.concatenate([np.zeros(nw), np.ones(nc)])
    first = np.concatenate([(model.wish_rank == 1).astype(float), np.zeros(nc)])
    points = np.concatenate(
        [(model.max_rank + 1 - model.wish_rank).clip(min=1).astype(float), np.zeros(nc)]
    )
    mask = np.concatenate([priority_wish, priority_child]).astype(float)
    levels: list[tuple[str, np.ndarray]] = []
    for name, vector in (("placed", placed), ("first_wishes", first), ("ranks", points)):
        if has_priority:
            levels.append((f"{name}_priority", vector * mask))
        levels.append((name, vector))
    return levels


def _constraints(model: _Model) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    nw, nc = len(model.wishes), len(model.children)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lower: list[np.ndarray] = []
    upper: list[np.ndarray] = []
    row = 0
    # 1. places per occasion
    used = np.unique(model.wish_occ)
    occ_row = np.full(len(model.capacity), -1, dtype=np.int64)
    occ_row[used] = np.arange(len(used))
    rows.append(occ_row[model.wish_occ])
    cols.append(np.arange(nw))
    vals.append(np.ones(nw))
    lower.append(np.full(len(used), -np.inf))
    upper.append(model.capacity[used].astype(float))
    row += len(used)
    # 2./3. conflicts: one row per maximal clique
    if model.cliques:
        sizes = np.array([len(c) for c in model.cliques])
        rows.append(np.repeat(np.arange(len(model.cliques)) + row, sizes))
        cols.append(np.concatenate([np.array(c) for c in model.cliques]))
        vals.append(np.ones(int(sizes.sum())))
        lower.append(np.full(len(model.cliques), -np.inf))
        upper.append(np.ones(len(model.cliques)))
        row += len(model.cliques)
    # 4. places per child (only where it binds)
    limited = [ci for ci, ws in enumerate(model.child_wishes) if model.child_limit[ci] < len(ws)]
    for k, ci in enumerate(limited):
        ws = model.child_wishes[ci]
        rows.append(np.full(len(ws), row + k))
        cols.append(np.array(ws))
        vals.append(np.ones(len(ws)))
    lower.append(np.full(len(limited), -np.inf))
    upper.append(np.array([model.child_limit[ci] for ci in limited], dtype=float))
    row += len(limited)
    # y_c - sum x <= 0
    rows.append(np.arange(nc) + row)
    cols.append(nw + np.arange(nc))
    vals.append(np.ones(nc))
    rows.append(model.wish_child + row)
    cols.append(np.arange(nw))
    vals.append(-np.ones(nw))
    lower.append(np.full(nc, -np.inf))
    upper.append(np.zeros(nc))
    row += nc
    # 6. group codes: x_a - x_b == 0 along each group
    pairs = [(g[k], g[k + 1]) for g in model.groups for k in range(len(g) - 1)]
    for k, (a, b) in enumerate(pairs):
        rows.append(np.array([row + k, row + k]))
        cols.append(np.array([a, b]))
        vals.append(np.array([1.0, -1.0]))
    lower.append(np.zeros(len(pairs)))
    upper.append(np.zeros(len(pairs)))
    row += len(pairs)
    matrix = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(row, nw + nc),
    )
    return matrix, np.concatenate(lower), np.concatenate(upper)


# --------------------------------------------------------------------------- solving


def _solve_exact(
    model: _Model, deadline: float, report: Progress
) -> tuple[np.ndarray | None, list[Level], bool]:
    """Sequential lexicographic MILP. Returns (x or None, levels, all proven optimal)."""
    nw, nc = len(model.wishes), len(model.children)
    matrix, lower, upper = _constraints(model)
    integrality = np.concatenate([np.ones(nw), np.zeros(nc)])
    lower_bounds = np.zeros(nw + nc)
    has_wishes = np.zeros(nc, dtype=bool)
    has_wishes[model.wish_child] = True
    fixed_rows: list[np.ndarray] = []
    fixed_lower: list[float] = []
    levels: list[Level] = []
    best: np.ndarray | None = None
    exact = True
    objectives = _objectives(model)
    for step, (name, objective) in enumerate(objectives):
        report(name, 0.1 + 0.8 * step / len(objectives))
        if not objective.any():
            continue
        if name == "placed" and not model.groups and len(objectives) == 3:
            # Level 1 without group codes or priority groups is a bipartite matching:
            # its optimum is exact and needs no MILP.
            started = time.monotonic()
            placed, matched = _max_placed(model)
            levels.append(Level(name, placed, placed, "optimal", time.monotonic() - started))
            _fix_level(
                name, placed, objective, nw, has_wishes, lower_bounds, fixed_rows, fixed_lower
            )
            chosen = np.bincount(model.wish_child[matched], minlength=nc) > 0
            best = np.concatenate([matched.astype(float), chosen.astype(float)])
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0.05 or not exact:
            levels.append(Level(name, _value(objective, best), 0.0, "skipped", 0.0))
            exact = False
            continue
        started = time.monotonic()
        a = matrix
        lo, up = lower, upper
        if fixed_rows:
            a = sparse.vstack([matrix, sparse.csr_matrix(np.vstack(fixed_rows))]).tocsr()
            lo = np.concatenate([lower, fixed_lower])
            up = np.concatenate([upper, np.full(len(fixed_rows), np.inf)])
        result = milp(
            c=-objective,
            constraints=LinearConstraint(a, lo, up),
            integrality=integrality,
            bounds=Bounds(lower_bounds, np.ones(nw + nc)),
            # HiGHS's presolve costs more than it saves here: the LP relaxation of
            # these assignment-like models is nearly always integral at the root.
            options={
                "time_limit": remaining,
                "disp": False,
                "mip_rel_gap": 0.0,
                "presolve": False,
            },
        )
        seconds = time.monotonic() - started
        if result.x is None:
            levels.append(Level(name, _value(objective, best), 0.0, "no_solution", seconds))
            exact = False
            continue
        value = float(objective @ result.x)
        optimal = result.status == 0
        bound = value
        if not optimal:
            dual = getattr(result, "mip_dual_bound", None)
            bound = float(-dual) if dual is not None and np.isfinite(dual) else value
        best = np.round(result.x)
        levels.append(
            Level(
                name,
                round(value),
                max(round(value), bound),
                "optimal" if optimal else "time_limit",
                seconds,
            )
        )
        if not optimal:
            exact = False
            continue
        _fix_level(
            name, round(value), objective, nw, has_wishes, lower_bounds, fixed_rows, fixed_lower
        )
    x = None if best is None else best[:nw] > 0.5
    return x, levels, exact


def _fix_level(
    name: str,
    value: int,
    objective: np.ndarray,
    nw: int,
    has_wishes: np.ndarray,
    lower_bounds: np.ndarray,
    fixed_rows: list[np.ndarray],
    fixed_lower: list[float],
) -> None:
    """Keep a solved level's optimum for the levels after it."""
    if name.startswith("placed") and value == int((objective[nw:] * has_wishes).sum()):
        # Everyone this level counts is placed: a bound per child, not a dense row.
        lower_bounds[nw:][(objective[nw:] > 0) & has_wishes] = 1.0
    else:
        fixed_rows.append(objective)
        fixed_lower.append(value - 0.5)


def _level_values(model: _Model, x: np.ndarray) -> dict[str, float]:
    """Each level's objective value of the allocation ``x``."""
    placed = (np.bincount(model.wish_child[x], minlength=len(model.children)) > 0).astype(float)
    solution = np.concatenate([x.astype(float), placed])
    return {name: float(vector @ solution) for name, vector in _objectives(model)}


def _value(objective: np.ndarray, solution: np.ndarray | None) -> float:
    return 0.0 if solution is None else float(objective @ solution)


class _Greedy:
    """Feasibility bookkeeping for the greedy fallback and the repair step."""

    def __init__(self, model: _Model, accepted: np.ndarray | None = None) -> None:
        self.model = model
        nw = len(model.wishes)
        self.x = np.zeros(nw, dtype=bool) if accepted is None else accepted.copy()
        self.free = model.capacity.copy()
        np.subtract.at(self.free, model.wish_occ[self.x], 1)
        self.count = np.zeros(len(model.children), dtype=np.int64)
        np.add.at(self.count, model.wish_child[self.x], 1)
        self.partners: dict[int, set[int]] = defaultdict(set)
        for a, b in model.conflict_pairs:
            self.partners[a].add(b)
            self.partners[b].add(a)
        self.group_of: dict[int, list[int]] = {}
        for g in model.groups:
            for w in g:
                self.group_of[w] = g

    def can_take(self, w: int, ignore: int | None = None) -> bool:
        m = self.model
        if self.x[w]:
            return False
        ci = int(m.wish_child[w])
        count = self.count[ci] - (1 if ignore is not None and self.x[ignore] else 0)
        if count >= m.child_limit[ci]:
            return False
        return not any(self.x[p] and p != ignore for p in self.partners.get(w, ()))

    def try_accept(self, w: int) -> bool:
        group = self.group_of.get(w, [w])
        if any(not self.can_take(g) for g in group):
            return False
        need: dict[int, int] = defaultdict(int)
        for g in group:
            need[int(self.model.wish_occ[g])] += 1
        if any(self.free[o] < n for o, n in need.items()):
            return False
        for g in group:
            self.set(g, True)
        return True

    def set(self, w: int, value: bool) -> None:
        if self.x[w] == value:
            return
        self.x[w] = value
        delta = 1 if value else -1
        self.free[self.model.wish_occ[w]] -= delta
        self.count[self.model.wish_child[w]] += delta

    def fill(self) -> None:
        """Step c: rank by rank, in lottery order, accept every further feasible wish."""
        m = self.model
        order = sorted(range(len(m.wishes)), key=lambda w: (m.wish_rank[w], m.wish_child[w]))
        for w in order:
            if not self.x[w] and self.free[m.wish_occ[w]] > 0:
                self.try_accept(w)


def _solve_greedy(model: _Model) -> np.ndarray:
    g = _Greedy(model)
    m = model
    # a. best feasible wish per child, in lottery order
    for ws in m.child_wishes:
        for w in ws:
            if g.free[m.wish_occ[w]] > 0 and g.try_accept(w):
                break
    # b. one exchange for each child still without a place
    holders: dict[int, list[int]] = defaultdict(list)
    for held_wish in np.flatnonzero(g.x).tolist():
        holders[int(m.wish_occ[held_wish])].append(held_wish)
    for ci, ws in enumerate(m.child_wishes):
        if g.count[ci] > 0 or not ws:
            continue
        done = False
        for w in ws:
            if w in g.group_of:
                continue
            occ = int(m.wish_occ[w])
            for held in list(holders.get(occ, ())):
                other = int(m.wish_child[held])
                if held in g.group_of or g.count[other] != 1 or not g.x[held]:
                    continue
                for alternative in m.child_wishes[other]:
                    if alternative == held or alternative in g.group_of:
                        continue
                    if g.free[m.wish_occ[alternative]] > 0 and g.can_take(alternative, held):
                        g.set(held, False)
                        g.set(alternative, True)
                        g.set(w, True)
                        holders[occ].remove(held)
                        holders[occ].append(w)
                        holders[int(m.wish_occ[alternative])].append(alternative)
                        done = True
                        break
                if done:
                    break
            if done:
                break
    # c. further places
    g.fill()
    return g.x


def _max_placed(model: _Model) -> tuple[int, np.ndarray]:
    """A maximum matching of children to places (each child one place, each occasion
    its capacity): how many children it places, and it as an allocation. Without group
    codes a single place never breaks a rule, so this *is* level 1's optimum; with
    them, a bound."""
    x = np.zeros(len(model.wishes), dtype=bool)
    takes = np.array([limit > 0 for limit in model.child_limit], dtype=bool)
    usable = np.flatnonzero(takes[model.wish_child]) if len(x) else np.zeros(0, dtype=int)
    if not len(usable):
        return 0, x
    children, occasions = model.wish_child[usable], model.wish_occ[usable]
    slots_start = np.concatenate([[0], np.cumsum(model.capacity)])
    counts = model.capacity[occasions]
    rows = np.repeat(children, counts)
    first = np.repeat(slots_start[occasions], counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    graph = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, first + offsets)),
        shape=(len(model.children), int(slots_start[-1])),
    )
    graph.sum_duplicates()
    matching = maximum_bipartite_matching(graph, perm_type="column")
    slot_occasion = np.repeat(np.arange(len(model.capacity)), model.capacity)
    wish_of = {
        (int(c), int(o)): int(w) for w, c, o in zip(usable, children, occasions, strict=True)
    }
    for child in np.flatnonzero(matching >= 0).tolist():
        x[wish_of[(child, int(slot_occasion[matching[child]]))]] = True
    return int((matching >= 0).sum()), x


def _combinatorial_bounds(model: _Model) -> dict[str, float]:
    """Upper bounds for the greedy path (see module docstring)."""
    if not len(model.wishes):
        return {"placed": 0.0, "first_wishes": 0.0}
    firsts = np.bincount(model.wish_occ[model.wish_rank == 1], minlength=len(model.capacity))
    return {
        "placed": float(_max_placed(model)[0]),
        "first_wishes": float(np.minimum(firsts, model.capacity).sum()),
    }


# --------------------------------------------------------------------------- outcome


def _explain(model: _Model, x: np.ndarray) -> dict[str, WishOutcome]:
    m = model
    outcomes: dict[str, WishOutcome] = {}
    problem_wishes = {w.id: w for w in m.problem.wishes}
    for wish_id, reason in m.rejected.items():
        w = problem_wishes[wish_id]
        outcomes[wish_id] = WishOutcome(w.id, w.child_id, w.occasion_id, w.rank, False, reason)
    taken = np.bincount(m.wish_occ[x], minlength=len(m.capacity))
    count = np.bincount(m.wish_child[x], minlength=len(m.children))
    partners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), why in m.conflict_pairs.items():
        partners[a].append((b, why))
        partners[b].append((a, why))
    waiting: dict[int, list[int]] = defaultdict(list)
    for wi, wish in enumerate(m.wishes):
        if x[wi]:
            outcomes[wish.id] = WishOutcome(
                wish.id, wish.child_id, wish.occasion_id, wish.rank, True, ACCEPTED
            )
            continue
        occ = int(m.wish_occ[wi])
        reason, blocking = GROUP, None
        activity = [(p, why) for p, why in partners[wi] if x[p] and why == SAME_ACTIVITY]
        clash = [(p, why) for p, why in partners[wi] if x[p]]
        # Only a wish the child could still take next to its places goes on the
        # waiting list: a place offered later must not break the rules.
        if activity:
            reason, blocking = SAME_ACTIVITY, m.wishes[activity[0][0]].id
        elif clash:
            reason, blocking = clash[0][1], m.wishes[clash[0][0]].id
        elif count[m.wish_child[wi]] >= m.child_limit[int(m.wish_child[wi])]:
            reason = LIMIT
        elif taken[occ] >= m.capacity[occ]:
            reason = FULL
            waiting[occ].append(wi)
        outcomes[wish.id] = WishOutcome(
            wish.id, wish.child_id, wish.occasion_id, wish.rank, False, reason, blocking
        )
    # Waiting lists: lottery order (priority children first; wishes are in that order).
    for wis in waiting.values():
        for position, wi in enumerate(wis, start=1):
            outcomes[m.wishes[wi].id].waitlist_position = position
    return outcomes


Progress = Callable[[str, float], None]


def allocate(problem: Problem, progress: Progress | None = None) -> Result:
    """Allocate the places of one run (see the module docstring).

    ``progress(step, share)`` is called now and then with a step name and the share
    (0..1) of the work done."""
    started = time.monotonic()
    rules = problem.rules
    deadline = started + rules.time_limit
    report = progress or (lambda step, share: None)
    report("model", 0.05)
    model = _build(problem)
    x: np.ndarray | None = None
    levels: list[Level] = []
    exact = False
    if rules.method != "fallback" and model.wishes:
        x, levels, exact = _solve_exact(model, deadline, report)
    if not model.wishes:
        x, exact = np.zeros(0, dtype=bool), True
    if x is None:
        x = _solve_greedy(model)
        bounds = _combinatorial_bounds(model)
        placed = float((np.bincount(model.wish_child[x], minlength=len(model.children)) > 0).sum())
        first = float((x & (model.wish_rank == 1)).sum())
        levels = [
            Level("placed", placed, bounds["placed"], "greedy", 0.0),
            Level("first_wishes", first, bounds["first_wishes"], "greedy", 0.0),
        ]
    elif not exact:
        repair = _Greedy(model, x)
        repair.fill()
        x = repair.x
        # The levels' values of the repaired allocation; a level without a bound of
        # its own (no solution in time, or skipped) gets the combinatorial one.
        values = _level_values(model, x)
        bounds = _combinatorial_bounds(model)
        for level in levels:
            level.value = values.get(level.name, level.value)
            if level.status in ("no_solution", "skipped"):
                level.bound = bounds.get(level.name.removesuffix("_priority"), 0.0)
                if level.name.endswith("_priority"):
                    level.bound = 0.0  # no combinatorial bound per group
            level.bound = max(level.bound, level.value)
    report("explain", 0.95)
    accepted_idx = np.flatnonzero(x)
    return Result(
        accepted=[model.wishes[i].id for i in accepted_idx],
        outcomes=_explain(model, x),
        lottery=model.lottery,
        method="exact" if exact else "fallback",
        gap=max((lv.gap for lv in levels), default=0.0),
        levels=levels,
        seconds=time.monotonic() - started,
        seed=rules.seed,
        model_size={
            "wishes": len(model.wishes),
            "children": len(model.children),
            "cliques": len(model.cliques),
            "groups": len(model.groups),
        },
    )


# --------------------------------------------------------------------------- checking


def check(problem: Problem, accepted: Iterable[str]) -> list[str]:
    """Every broken hard constraint of an allocation, as readable messages.

    Written independently of the solver's model (plain pairwise checks), so that the
    benchmark and the tests do not trust the code they check."""
    rules = problem.rules
    occasions = {o.id: o for o in problem.occasions}
    children = {c.id: c for c in problem.children}
    wishes = {w.id: w for w in problem.wishes}
    errors: list[str] = []
    chosen = list(accepted)
    if len(set(chosen)) != len(chosen):
        errors.append("a wish is accepted twice")
    per_child: dict[str, list[Wish]] = defaultdict(list)
    per_occasion: dict[str, int] = defaultdict(int)
    for wish_id in set(chosen):
        wish = wishes.get(wish_id)
        if wish is None:
            errors.append(f"accepted wish {wish_id} was never made")
            continue
        occasion = occasions.get(wish.occasion_id)
        child = children.get(wish.child_id)
        if occasion is None or child is None:
            errors.append(f"wish {wish_id}: unknown occasion or child")
            continue
        if child.age is not None and (
            (occasion.min_age is not None and child.age < occasion.min_age)
            or (occasion.max_age is not None and child.age > occasion.max_age)
        ):
            errors.append(f"wish {wish_id}: child {child.id} not eligible by age")
        per_child[child.id].append(wish)
        per_occasion[occasion.id] += 1
    for occasion_id, n in per_occasion.items():
        if n > occasions[occasion_id].capacity:
            errors.append(f"occasion {occasion_id}: {n} places > {occasions[occasion_id].capacity}")
    travel = timedelta(minutes=rules.travel_minutes)
    for child_id, mine in per_child.items():
        child = children[child_id]
        allowed = [lim for lim in (child.limit, rules.places_per_child) if lim is not None]
        if allowed and len(mine) > min(allowed):
            errors.append(f"child {child_id}: {len(mine)} places > limit {min(allowed)}")
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                oa, ob = occasions[a.occasion_id], occasions[b.occasion_id]
                if oa.id == ob.id:
                    errors.append(f"child {child_id}: occasion {oa.id} twice")
                    continue
                if oa.activity_id == ob.activity_id:
                    errors.append(f"child {child_id}: two occasions of activity {oa.activity_id}")
                if oa.exclude_from_overlap_check or ob.exclude_from_overlap_check:
                    continue
                for sa, ea in oa.intervals:
                    for sb, eb in ob.intervals:
                        if sa < eb + travel and sb < ea + travel:
                            errors.append(f"child {child_id}: {oa.id} overlaps {ob.id}")
                if rules.one_per_day and _days(oa.intervals) & _days(ob.intervals):
                    errors.append(f"child {child_id}: {oa.id} and {ob.id} on one day")
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for wish in problem.wishes:
        occasion = occasions.get(wish.occasion_id)
        child = children.get(wish.child_id)
        if occasion is None or child is None or occasion.capacity <= 0:
            continue
        if child.age is not None and (
            (occasion.min_age is not None and child.age < occasion.min_age)
            or (occasion.max_age is not None and child.age > occasion.max_age)
        ):
            continue  # a member who may not go does not hold the others back
        if wish.group_code:
            groups[(wish.occasion_id, wish.group_code.strip().casefold())].append(wish.id)
    chosen_set = set(chosen)
    for (occasion_id, code), members in groups.items():
        inside = [w for w in members if w in chosen_set]
        if inside and len(inside) != len(members):
            errors.append(f"group {code} on {occasion_id}: {len(inside)} of {len(members)} placed")
    return errors


# --------------------------------------------------------------------------- figures


def statistics(problem: Problem, accepted: Iterable[str]) -> dict[str, object]:
    """Figures of an allocation: overall, per rank, per occasion, per priority group."""
    chosen = set(accepted)
    wishes = list(problem.wishes)
    children = list(problem.children)

    def figures(child_ids: set[str]) -> dict[str, object]:
        mine = [w for w in wishes if w.child_id in child_ids]
        got = {w.child_id for w in mine if w.id in chosen}
        first = {w.child_id for w in mine if w.id in chosen and w.rank == 1}
        per_rank: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for w in mine:
            per_rank[w.rank][0] += 1
            per_rank[w.rank][1] += w.id in chosen
        n = len(child_ids)
        return {
            "children": n,
            "placed": len(got),
            "placed_share": len(got) / n if n else 0.0,
            "first_wish": len(first),
            "first_wish_share": len(first) / n if n else 0.0,
            "accepted": sum(1 for w in mine if w.id in chosen),
            "wishes": len(mine),
            "per_rank": [
                {"rank": r, "wishes": v[0], "accepted": v[1], "share": v[1] / v[0] if v[0] else 0}
                for r, v in sorted(per_rank.items())
            ],
        }

    overall = figures({c.id for c in children})
    taken: dict[str, int] = defaultdict(int)
    wished: dict[str, int] = defaultdict(int)
    for w in wishes:
        wished[w.occasion_id] += 1
        if w.id in chosen:
            taken[w.occasion_id] += 1
    occasions = [
        {
            "id": o.id,
            "capacity": o.capacity,
            "taken": taken[o.id],
            "wishes": wished[o.id],
            "fill": taken[o.id] / o.capacity if o.capacity else 0.0,
            "below_minimum": taken[o.id] < o.min_places,
        }
        for o in problem.occasions
    ]
    group_names = sorted({g for c in children for g in c.groups})
    overall["groups"] = {
        name: figures({c.id for c in children if name in c.groups}) for name in group_names
    }
    overall["occasions"] = occasions
    overall["below_minimum"] = sum(1 for o in occasions if o["below_minimum"])
    return overall


def quarter_nothing_shares(problem: Problem, accepted: Iterable[str]) -> list[float]:
    """Share of children without any place in each quarter of the input order."""
    chosen = set(accepted)
    placed = {w.child_id for w in problem.wishes if w.id in chosen}
    children = list(problem.children)
    n = len(children)
    shares = []
    for q in range(4):
        part = children[q * n // 4 : (q + 1) * n // 4]
        shares.append(sum(1 for c in part if c.id not in placed) / len(part) if part else 0.0)
    return shares
