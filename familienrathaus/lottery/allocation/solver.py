"""Solving the model level by level (HiGHS, a greedy fallback) and explaining the outcome."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import maximum_bipartite_matching

from familienrathaus.lottery.allocation.data import (
    ACCEPTED,
    FULL,
    GROUP,
    LIMIT,
    SAME_ACTIVITY,
    Level,
    Problem,
    Result,
    WishOutcome,
)
from familienrathaus.lottery.allocation.model import (
    _build,
    _constraints,
    _Model,
    _objectives,
)

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
