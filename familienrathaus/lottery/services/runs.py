"""Lottery runs as background jobs (:mod:`familienrathaus.core.jobs`): start, run,
store the result, recover a run whose worker stopped."""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, jobs
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Period,
)
from familienrathaus.lottery import allocation, permissions
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run, Ticket
from familienrathaus.lottery.services.problem import Input, build_problem

logger = logging.getLogger(__name__)

# A run's lease: no heartbeat for this long plus the run's time limit (the solver may
# be silent that long) means its worker stopped.
STALE_AFTER = timedelta(minutes=15)
BATCH = 2000
# The tasks (lottery.tasks), found by name.
RUN, CONFIRM = "lottery.run", "lottery.confirm"


# --------------------------------------------------------------------------- runs


def start_run(
    *,
    actor: User,
    period: Period,
    method: str = Run.Method.AUTO,
    time_limit: int = 120,
    places_per_child: int | None = None,
    groups: Iterable[PriorityGroup] = (),
    note: str = "",
    seed: int | None = None,
) -> Run:
    """Queue a run. The seed is drawn here (``secrets``) unless given, and stored."""
    if not permissions.can_run_lottery(actor):
        raise PermissionDenied
    run = Run(
        period=period,
        seed=seed if seed is not None else secrets.randbelow(2**31),
        method=method,
        time_limit=time_limit,
        places_per_child=places_per_child,
        note=note,
        created_by=actor,
    )
    run.full_clean()
    with transaction.atomic():
        run.save()
        run.priority_groups.set([g for g in groups if g.period_id == period.pk])
        audit.record(
            actor=actor,
            action="lottery.run.start",
            obj=run,
            changes={
                "seed": {"before": None, "after": run.seed},
                "method": {"before": None, "after": run.method},
                "places_per_child": {"before": None, "after": run.places_per_child},
                "priority_groups": {
                    "before": None,
                    "after": ", ".join(g.name for g in run.priority_groups.all()),
                },
            },
        )
        jobs.enqueue(RUN, run.pk)
    return run


class _Progress:
    """Writes the run's progress (a percentage and the step) and its heartbeat now and
    then."""

    def __init__(self, run_id: int) -> None:
        self.write = jobs.Progress(RUNS, run_id)

    def __call__(self, step: str, share: float, force: bool = False) -> None:
        self.write(max(1, min(99, round(share * 100))), force=force, progress_note=step[:200])


def execute_run(run_id: int) -> str:
    """The background run (task ``lottery.tasks.run_lottery``). Returns the status."""
    claimed = jobs.claim(
        RUNS,
        run_id,
        from_status=Run.Status.QUEUED,
        to_status=Run.Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
    )
    if not claimed:
        return str(Run.objects.filter(pk=run_id).values_list("status", flat=True).first())
    run = Run.objects.select_related("period").get(pk=run_id)
    progress = _Progress(run_id)
    try:
        progress("input", 0.02, force=True)
        data = build_problem(run)

        def solver_progress(step: str, share: float) -> None:
            progress(step, 0.05 + 0.75 * share)

        result = allocation.allocate(data.problem, progress=solver_progress)
        progress("save", 0.82, force=True)
        _store(run, data, result, progress)
    except Exception as exc:
        logger.exception("lottery run %s failed", run_id)
        Run.objects.filter(pk=run_id).update(
            status=Run.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return Run.Status.FAILED
    return Run.Status.DONE


def _store(run: Run, data: Input, result: allocation.Result, progress: _Progress) -> None:
    outcomes: list[Outcome] = []
    accepted_per_child: dict[int, int] = defaultdict(int)
    wish_occasion = {wid: occ for wid, (_c, occ, _r) in data.wishes.items()}
    for wish_id, (child_id, occasion_id, rank) in data.wishes.items():
        reason = data.pre_outcomes.get(wish_id)
        blocking = None
        position = None
        if reason is None:
            found = result.outcomes.get(str(wish_id))
            reason = found.reason if found else Outcome.Reason.UNKNOWN
            if found is not None:
                position = found.waitlist_position
                if found.blocking_wish_id:
                    blocking = wish_occasion.get(int(found.blocking_wish_id))
        accepted = reason == Outcome.Reason.ACCEPTED
        if accepted:
            accepted_per_child[child_id] += 1
        outcomes.append(
            Outcome(
                run=run,
                wish_id=wish_id,
                child_id=child_id,
                occasion_id=occasion_id,
                rank=rank,
                accepted=accepted,
                reason=reason,
                blocking_id=blocking,
                waitlist_position=position,
            )
        )
    problem = data.problem
    figures = allocation.statistics(problem, result.accepted)
    # Children whose every wish was decided before the allocation count as well.
    tickets = [
        Ticket(
            run=run,
            child_id=int(child.id),
            number=result.lottery[child.id],
            priority=child.priority,
            groups=list(child.groups),
            places=accepted_per_child.get(int(child.id), 0),
        )
        for child in problem.children
    ]
    summary: dict[str, Any] = {
        "method": result.method,
        "gap": result.gap,
        "seconds": round(result.seconds, 3),
        "levels": [
            {
                "name": lv.name,
                "value": lv.value,
                "bound": lv.bound,
                "status": lv.status,
                "seconds": round(lv.seconds, 3),
            }
            for lv in result.levels
        ],
        "model": result.model_size,
        "fingerprint": data.fingerprint,
        "figures": figures,
        "violations": allocation.check(problem, result.accepted),
    }
    with transaction.atomic():
        Outcome.objects.filter(run=run).delete()
        Ticket.objects.filter(run=run).delete()
        for start in range(0, len(outcomes), BATCH):
            Outcome.objects.bulk_create(outcomes[start : start + BATCH])
            progress("save", 0.82 + 0.15 * start / max(1, len(outcomes)))
        Ticket.objects.bulk_create(tickets, batch_size=BATCH)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.DONE,
            summary=summary,
            progress=100,
            progress_note="",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        audit.record(
            actor=None,
            action="lottery.run.done",
            obj=run,
            changes={
                "method": {"before": None, "after": result.method},
                "placed": {"before": None, "after": figures["placed"]},
                "first_wish": {"before": None, "after": figures["first_wish"]},
            },
        )


def _on_stale(run: Run) -> dict[str, Any]:
    """A run whose worker stopped ends as failed; a confirmation (all or nothing, so
    nothing was written) goes back to "done" so that it can be confirmed again."""
    with translation.override(settings.LANGUAGE_CODE):
        if run.status == Run.Status.RUNNING:
            return {
                "status": Run.Status.FAILED,
                "error": _("The worker stopped during the run. Please start a new run."),
            }
        return {
            "status": Run.Status.DONE,
            "error": _(
                "The confirmation was interrupted; nothing was written. Please confirm again."
            ),
        }


RUNS = jobs.register(
    jobs.Kind(
        name="lottery",
        model=Run,
        running=(Run.Status.RUNNING, Run.Status.CONFIRMING),
        lease=STALE_AFTER,
        extra_lease=lambda run: timedelta(seconds=run.time_limit),
        on_stale=_on_stale,
        done="progress",
        total=100,
        recovered="Marked {count} lottery run(s) left by a stopped worker as failed.",
    )
)
