"""Independent checks of an allocation and its figures (for tests and the benchmark)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from familienrathaus.core import overlap
from familienrathaus.lottery.allocation.data import (
    Problem,
    Wish,
)

# --------------------------------------------------------------------------- checking


def check(problem: Problem, accepted: Iterable[str]) -> list[str]:
    """Every broken hard constraint of an allocation, as readable messages.

    Written independently of the solver's model (plain pairwise checks), so that the
    benchmark and the tests do not trust the code they check; times follow the one
    rule in :mod:`familienrathaus.core.overlap`."""
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
                ta, tb = overlap.Timetable.of(oa.intervals), overlap.Timetable.of(ob.intervals)
                if overlap.overlaps(ta, tb, travel_minutes=rules.travel_minutes):
                    errors.append(f"child {child_id}: {oa.id} overlaps {ob.id}")
                if rules.one_per_day and overlap.share_a_day(ta, tb):
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
