"""Benchmark of the Ferienspaß lottery's allocation on the shared instances.

Reads an instance in the format of ``../shared/allocation/FORMAT.md`` (written by its
``gen_data.py``), runs the SAME code a coordinator's run uses
(``familienrathaus.lottery.allocation.allocate``), checks the result with the independent
checker (``allocation.check``), writes the accepted wishes as CSV and prints runtime and
figures. Usage::

    python3 ../shared/allocation/gen_data.py --seed 42 --out /tmp/seed42.json
    .venv/bin/python bench/allocation.py /tmp/seed42.json --out /tmp/seed42.csv

    python3 ../shared/allocation/gen_data.py --seed 7 --attendees 20000 \\
        --occasions 3000 --activities 2000 --out /tmp/x10.json
    .venv/bin/python bench/allocation.py /tmp/x10.json --out /tmp/x10.csv

Options: ``--seed`` (lottery seed, default 1), ``--time-limit`` (seconds for the solver,
default 25), ``--fallback`` (skip the MILP, greedy only), ``--travel`` (minutes).

``seconds`` is the wall time of ``allocate`` (building the model, solving, explaining),
without reading the JSON file. The last line of the output is one JSON object with
``children``, ``placed_share``, ``first_wish_share``, ``accepted``, ``seconds``,
``ratio_to_bar`` (``seconds`` over the bar of 2 s for seed 42; the test suite checks
the result, not the time), ``method``, ``gap``, ``violations``, ``quarters_nothing``
(share of children without a place per quarter of the input order) and
``quarter_spread_pp``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR_SECONDS = 2.0  # for seed 42 of ../shared/allocation (the bar the tests used to assert)
sys.path.insert(0, str(ROOT))

from familienrathaus.lottery import allocation  # noqa: E402


def load(
    path: Path, *, seed: int, time_limit: float, fallback: bool, travel: int
) -> tuple[allocation.Problem, float]:
    started = time.perf_counter()
    data = json.loads(path.read_text())
    occasions = [
        allocation.Occasion(
            id=o["id"],
            activity_id=o["activity_id"],
            capacity=int(o["max_spots"]),
            min_places=int(o.get("min_spots") or 0),
            min_age=o.get("min_age"),
            max_age=o.get("max_age"),
            exclude_from_overlap_check=bool(o.get("exclude_from_overlap_check")),
            intervals=tuple(
                (datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in o["dates"]
            ),
        )
        for o in data["occasions"]
    ]
    children = [
        allocation.Child(id=a["id"], age=a.get("age"), limit=a.get("limit"))
        for a in data["attendees"]
    ]
    wishes = [
        allocation.Wish(
            id=w["id"],
            child_id=w["attendee_id"],
            occasion_id=w["occasion_id"],
            rank=int(w["rank"]),
            group_code=w.get("group_code"),
        )
        for w in data["wishes"]
    ]
    rules = allocation.Rules(
        seed=seed,
        time_limit=time_limit,
        method="fallback" if fallback else "auto",
        travel_minutes=travel,
    )
    return allocation.Problem(occasions, children, wishes, rules), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--fallback", action="store_true")
    parser.add_argument("--travel", type=int, default=0)
    args = parser.parse_args()

    problem, read_seconds = load(
        args.input,
        seed=args.seed,
        time_limit=args.time_limit,
        fallback=args.fallback,
        travel=args.travel,
    )
    result = allocation.allocate(problem)
    violations = allocation.check(problem, result.accepted)
    figures = allocation.statistics(problem, result.accepted)
    quarters = allocation.quarter_nothing_shares(problem, result.accepted)

    wishes = {w.id: w for w in problem.wishes}
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["wish_id", "attendee_id", "occasion_id"])
        for wish_id in result.accepted:
            wish = wishes[wish_id]
            writer.writerow([wish.id, wish.child_id, wish.occasion_id])

    print(f"instance:        {args.input} (read in {read_seconds:.2f} s)")
    print(f"model:           {result.model_size}")
    for level in result.levels:
        print(
            f"level {level.name:<22} value {level.value:>10.0f}  bound {level.bound:>10.0f}"
            f"  {level.status:<11} {level.seconds:6.2f} s"
        )
    print(f"children:        {figures['children']}")
    print(f"placed:          {figures['placed']} ({figures['placed_share']:.2%})")
    print(f"first wish:      {figures['first_wish']} ({figures['first_wish_share']:.2%})")
    print(f"accepted wishes: {figures['accepted']}")
    for row in figures["per_rank"]:  # type: ignore[attr-defined]
        print(f"  rank {row['rank']}: {row['accepted']}/{row['wishes']} ({row['share']:.1%})")
    print(f"below minimum:   {figures['below_minimum']} occasions")
    print("nothing/quarter: " + ", ".join(f"{q:.2%}" for q in quarters))
    print(f"violations:      {len(violations)}")
    for line in violations[:10]:
        print(f"  {line}")
    print(f"method:          {result.method} (gap {result.gap:.4%})")
    ratio = result.seconds / BAR_SECONDS
    print(f"seconds:         {result.seconds:.2f} (bar {BAR_SECONDS:.0f} s, {ratio:.0%} of it)")
    summary = {
        "children": figures["children"],
        "placed_share": round(float(figures["placed_share"]), 6),  # type: ignore[arg-type]
        "first_wish_share": round(float(figures["first_wish_share"]), 6),  # type: ignore[arg-type]
        "accepted": figures["accepted"],
        "seconds": round(result.seconds, 3),
        "ratio_to_bar": round(ratio, 3),
        "method": result.method,
        "gap": round(result.gap, 6),
        "violations": len(violations),
        "quarters_nothing": [round(q, 6) for q in quarters],
        "quarter_spread_pp": round((max(quarters) - min(quarters)) * 100, 3),
        "seed": result.seed,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
