"""The lottery as a model: wishes in lottery order, objectives and constraints."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from familienrathaus.lottery.allocation.conflicts import (
    _Conflicts,
    _maximal_cliques,
)
from familienrathaus.lottery.allocation.data import (
    DUPLICATE,
    FULL,
    NOT_ELIGIBLE,
    UNKNOWN_OCCASION,
    Child,
    Occasion,
    Problem,
    Wish,
)

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
        max_rank=max((w.rank for w in wishes), default=1),
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
