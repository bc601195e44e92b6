"""The worker serves alliances in turn: one alliance's rush does not hold up the others.

django-tasks-db's worker takes the first ready task in the queue's order (priority, then
``run_after``, then ``enqueued_at``). On an install of many alliances, one that queued
5,000 tasks (a booking rush's confirmations, an import) would keep every other alliance
waiting until they are done. While :func:`serving_in_turn` is active (``manage.py
worker``), the worker picks its next task instead as follows:

1. the highest priority among the ready tasks, as before and across all alliances: a
   confirmation someone waits for goes before any alliance's bulk mail (the newsletter's
   batches run at a negative priority, ``newsletter.sending.BULK_PRIORITY``);
2. among the alliances with ready tasks of that priority, the one this worker served
   least recently (never served: first; a tie: the one whose oldest ready task waited
   longest);
3. that alliance's first task in the queue's order.

So an alliance's single task runs after at most one task of each other busy alliance.
Mail follows: a transactional mail is one task each (``core.outbox.deliver``), and bulk
mail goes out in batch tasks of one alliance's edition, at most ``outbox.BATCH_LIMIT``
mails or ``outbox.BATCH_SECONDS`` each, so alliances' newsletters take turns batch by
batch (and each alliance's newsletter is paced by its own ``mails_per_hour``,
``core.outbox.queue_bulk``).

A task's alliance is the ``alliance_id`` that ``core.jobs.enqueue`` stores in its
keyword arguments (a task enqueued outside any alliance counts as one more "alliance").
Who was served when is remembered by each worker process: it only orders the work, so
several workers each take turns and a restarted worker starts afresh. Claiming itself
stays the library's: the same locked transaction (exclusive on SQLite, ``SKIP LOCKED``
on PostgreSQL) and the same ``claim``, so no task runs twice. When the chosen alliance's
tasks are all locked by other workers, the queue's first unlocked task is taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, QuerySet
from django.db.models.fields.json import KT
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from familienrathaus.core.tenancy import ALLIANCE_KWARG

_KEY = f"args_kwargs__kwargs__{ALLIANCE_KWARG}"


@dataclass
class Turns:
    """One worker's memory of whom it served: alliance id → number of its last claim."""

    served: dict[int | None, int] = field(default_factory=dict)
    claims: int = 0

    def next_task(self, ready: QuerySet[DBTaskResult]) -> DBTaskResult | None:
        """Lock and return the next task of ``ready`` (the worker's ready tasks) in turn;
        call inside the worker's transaction, as the library's ``get_locked``."""
        groups = list(
            ready.annotate(frh_alliance=KT(_KEY))
            .values("priority", "frh_alliance")
            .annotate(oldest=Min("enqueued_at"))
            .order_by()
        )
        if not groups:
            return None
        top = max(group["priority"] for group in groups)
        waiting = [
            (_alliance_id(group["frh_alliance"]), group["oldest"])
            for group in groups
            if group["priority"] == top
        ]
        alliance, _oldest = min(waiting, key=lambda item: (self.served.get(item[0], -1), item[1]))
        mine = ready.filter(priority=top)
        if alliance is None:
            mine = mine.filter(**{f"{_KEY}__isnull": True})
        else:
            mine = mine.filter(**{_KEY: alliance})
        task = mine.select_for_update(skip_locked=True).first()
        if task is None:  # all locked by other workers: whatever is free, as before
            task = ready.select_for_update(skip_locked=True).first()
            if task is None:
                return None
            alliance = _alliance_id((task.args_kwargs.get("kwargs") or {}).get(ALLIANCE_KWARG))
        self.served[alliance] = self.claims
        self.claims += 1
        return task


def _alliance_id(value: Any) -> int | None:
    return None if value is None else int(value)


@contextmanager
def serving_in_turn(turns: Turns | None = None) -> Iterator[Turns]:
    """Inside the block, django-tasks-db's worker takes its tasks in turn (see above):
    the one place it picks a task, ``DBTaskResultQuerySet.get_locked``, asks ``turns``.
    """
    turns = turns or Turns()
    original = DBTaskResultQuerySet.get_locked

    def get_locked(self: DBTaskResultQuerySet) -> DBTaskResult | None:
        return turns.next_task(self)

    DBTaskResultQuerySet.get_locked = get_locked  # type: ignore[method-assign]
    try:
        yield turns
    finally:
        DBTaskResultQuerySet.get_locked = original  # type: ignore[method-assign]
