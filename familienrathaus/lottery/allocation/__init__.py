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
       overlap check); optionally at most one occasion per calendar day (the one
       rule of :mod:`familienrathaus.core.overlap`, shared with booking: days in
       Europe/Berlin whatever the datetimes' zone, naive times taken as Berlin times);
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

Layout
    :mod:`.data` (input and output), :mod:`.conflicts` (the pairwise rules),
    :mod:`.model` (variables, objectives, constraints), :mod:`.solver` (levels, the
    greedy fallback, :func:`allocate`), :mod:`.checking` (independent checks, figures).
    Callers keep using ``allocation.<name>``; to replace a function in a test, patch
    it where it is called (its submodule).
"""

from familienrathaus.lottery.allocation.checking import (
    check,
    quarter_nothing_shares,
    statistics,
)
from familienrathaus.lottery.allocation.conflicts import (
    _Conflicts,
    _days,
)
from familienrathaus.lottery.allocation.data import (
    ACCEPTED,
    DUPLICATE,
    FULL,
    GROUP,
    LIMIT,
    NOT_ELIGIBLE,
    OVERLAP,
    REASONS,
    SAME_ACTIVITY,
    SAME_DAY,
    UNKNOWN_OCCASION,
    Child,
    Level,
    Method,
    Occasion,
    Problem,
    Result,
    Rules,
    Wish,
    WishOutcome,
)
from familienrathaus.lottery.allocation.solver import (
    Progress,
    allocate,
)

__all__ = [
    "ACCEPTED",
    "DUPLICATE",
    "FULL",
    "GROUP",
    "LIMIT",
    "NOT_ELIGIBLE",
    "OVERLAP",
    "REASONS",
    "SAME_ACTIVITY",
    "SAME_DAY",
    "UNKNOWN_OCCASION",
    "Child",
    "Level",
    "Method",
    "Occasion",
    "Problem",
    "Progress",
    "Result",
    "Rules",
    "Wish",
    "WishOutcome",
    "_Conflicts",
    "_days",
    "allocate",
    "check",
    "quarter_nothing_shares",
    "statistics",
]
