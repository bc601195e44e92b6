"""A run's input for the allocation: the period's wishes, the places still free, the
rules and the priority groups."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from familienrathaus.holidays import rules
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Occasion,
    Period,
)
from familienrathaus.lottery import allocation
from familienrathaus.lottery.models import Outcome, Run, Wish
from familienrathaus.lottery.services.wishes import group_members

logger = logging.getLogger(__name__)


@dataclass
class Input:
    """A run's input for :func:`allocation.allocate`, and what it needs to store."""

    problem: allocation.Problem
    wishes: dict[int, tuple[int, int, int]]  # wish id -> (child, occasion, rank)
    pre_outcomes: dict[int, str]  # wish id -> reason, decided before the allocation
    fingerprint: str


def build_problem(run: Run) -> Input:
    """The allocation input of a run: the period's wishes, the places still free, the
    rules, the priority groups. Ages are checked here with ``holidays.rules`` (the same
    rule booking uses); places and dates the children already hold count too."""
    period = run.period
    occasions = list(
        Occasion.objects.filter(
            activity__period=period,
            activity__status=Activity.Status.PUBLISHED,
            cancelled_at__isnull=True,
        )
        .annotate(taken=Count("bookings", filter=Q(bookings__status__in=Booking.TAKES_PLACE)))
        .prefetch_related("dates")
        .order_by("pk")
    )
    by_id = {o.pk: o for o in occasions}
    spans = {
        o.pk: tuple(
            (timezone.localtime(d.starts), timezone.localtime(d.ends)) for d in o.dates.all()
        )
        for o in occasions
    }
    wish_rows = list(
        Wish.objects.filter(period=period)
        .order_by("pk")
        .values_list("pk", "child_id", "occasion_id", "rank", "group_code")
    )
    child_rows = dict(
        Child.objects.filter(lottery_wishes__period=period)
        .distinct()
        .values_list("pk", "birth_date")
    )
    # Places and dates the children already hold in this period (rare before a lottery).
    held: dict[int, list[int]] = defaultdict(list)
    for child_id, occasion_id in Booking.objects.filter(
        occasion__activity__period=period,
        status__in=Booking.ACTIVE,
        child_id__in=Child.objects.filter(lottery_wishes__period=period).values("pk"),
    ).values_list("child_id", "occasion_id"):
        held[child_id].append(occasion_id)
    held_places = {
        child_id: Booking.objects.filter(
            child_id=child_id,
            occasion__activity__period=period,
            status__in=Booking.TAKES_PLACE,
        ).count()
        for child_id in held
    }
    held_occasions = {
        o.pk: o
        for o in Occasion.objects.filter(pk__in={p for v in held.values() for p in v})
        .select_related("activity")
        .prefetch_related("dates")
    }

    members: dict[int, list[str]] = defaultdict(list)
    for group in run.priority_groups.all():
        for child_id in group_members(group):
            members[child_id].append(group.name)

    pre: dict[int, str] = {}
    wishes: dict[int, tuple[int, int, int]] = {}
    alloc_wishes: list[allocation.Wish] = []
    for wish_id, child_id, occasion_id, rank, code in wish_rows:
        wishes[wish_id] = (child_id, occasion_id, rank)
        occasion = by_id.get(occasion_id)
        if occasion is None:
            pre[wish_id] = Outcome.Reason.UNKNOWN
            continue
        first = spans[occasion_id][0][0].date() if spans[occasion_id] else None
        if first is not None and rules.age_problem(
            birth_date=child_rows[child_id],
            first_day=first,
            rule=occasion.age_rule,
            age_min=occasion.age_min,
            age_max=occasion.age_max,
            tolerance_months=occasion.age_tolerance_months,
        ):
            pre[wish_id] = Outcome.Reason.AGE
            continue
        if child_id in held:
            reason = _held_conflict(
                period, occasion, spans[occasion_id], [held_occasions[p] for p in held[child_id]]
            )
            if reason:
                pre[wish_id] = reason
                continue
        alloc_wishes.append(
            allocation.Wish(
                id=str(wish_id),
                child_id=str(child_id),
                occasion_id=str(occasion_id),
                rank=rank,
                group_code=code or None,
            )
        )
    places = run.places_per_child or period.places_per_child
    alloc_children = [
        allocation.Child(
            id=str(child_id),
            limit=None if places is None else max(0, places - held_places.get(child_id, 0)),
            groups=tuple(sorted(members.get(child_id, ()))),
        )
        for child_id in sorted(child_rows)
    ]
    alloc_occasions = [
        allocation.Occasion(
            id=str(o.pk),
            activity_id=str(o.activity_id),
            capacity=max(0, o.max_places - o.taken),
            min_places=o.min_places,
            intervals=spans[o.pk],
        )
        for o in occasions
    ]
    problem = allocation.Problem(
        occasions=alloc_occasions,
        children=alloc_children,
        wishes=alloc_wishes,
        rules=allocation.Rules(
            seed=run.seed,
            travel_minutes=period.travel_minutes,
            one_per_day=period.one_per_day,
            places_per_child=None,  # already in each child's limit
            time_limit=float(run.time_limit),
            method="fallback" if run.method == Run.Method.FALLBACK else "auto",
        ),
    )
    return Input(problem, wishes, pre, _fingerprint(problem))


def _held_conflict(
    period: Period, occasion: Occasion, spans: Sequence[rules.Span], held: list[Occasion]
) -> str:
    for other in held:
        if other.pk == occasion.pk:
            return Outcome.Reason.DUPLICATE
        if other.activity_id == occasion.activity_id:
            return Outcome.Reason.ACTIVITY
        if rules.dates_collide(
            spans,
            rules.occasion_spans(other),
            travel_minutes=period.travel_minutes,
            one_per_day=period.one_per_day,
        ):
            return Outcome.Reason.OVERLAP
    return ""


def _fingerprint(problem: allocation.Problem) -> str:
    """sha256 of everything the allocation reads: a rerun with the seed must match."""
    digest = hashlib.sha256()
    payload = {
        "occasions": [
            [
                o.id,
                o.activity_id,
                o.capacity,
                [[s.isoformat(), e.isoformat()] for s, e in o.intervals],
            ]
            for o in problem.occasions
        ],
        "children": [[c.id, c.limit, list(c.groups)] for c in problem.children],
        "wishes": [[w.id, w.child_id, w.occasion_id, w.rank, w.group_code] for w in problem.wishes],
        "rules": [
            problem.rules.seed,
            problem.rules.travel_minutes,
            problem.rules.one_per_day,
            problem.rules.method,
        ],
    }
    digest.update(json.dumps(payload, sort_keys=True).encode())
    return digest.hexdigest()
