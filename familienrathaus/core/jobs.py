"""Background jobs a person waits for: the one mechanism behind imports, guide builds,
lottery runs and the delivery of each outbox message.

A *job* is a row (an import run, a guide build, a lottery run, an outbox message) whose
``status`` says who holds it, and a django-tasks task that does its work. The row, not
the task, is the truth: a task may run twice, a worker may die, and the person who
started the job watches the row.

- **Claim** (:func:`claim`): the worker takes the job with ONE conditional UPDATE
  (``status=queued`` → ``running``, heartbeat = now). On PostgreSQL a second worker's
  UPDATE waits for the first one's row lock and then finds the status changed; on
  SQLite writers are serialised anyway (``BEGIN IMMEDIATE``). Exactly one wins; the
  other returns without doing anything.
- **Heartbeat** (:func:`beat`, :class:`Progress`): while it works, the worker writes
  its progress to the row with plain UPDATEs outside any transaction, and with it the
  heartbeat, so the person waiting sees every step and the rest of the system sees
  that the worker is alive. :class:`Progress` writes at most every half second.
- **Lease**: a job in one of its kind's *running* statuses whose heartbeat is older
  than the kind's lease (plus, for a lottery run, its time limit) belongs to a worker
  that stopped (killed, restarted, out of memory). What happens then is the kind's
  decision (:attr:`Kind.on_stale`): an import or a build fails with a message, a
  lottery confirmation goes back to "done", an outbox message goes back to the queue
  or, if it may have been handed to the mail server, to "uncertain".
- **Recovery** (:func:`recover_all`) runs when a worker starts and as a periodic task
  (``core.tasks.recover_jobs``), never inside a GET view: reading a page changes
  nothing. It ends each stale job with a conditional UPDATE that also checks the old
  heartbeat, so a worker that shows life meanwhile wins.
- **Progress as numbers**: every kind says where its work done and its total live
  (rows of a file, or a percentage), and :func:`progress_response` answers the one
  progress script (``static/frh/progress.js``) with ``status``, ``running``, ``done``,
  ``total`` and a ``text``.
- **Pruning**: a kind may say how its old rows go (:attr:`Kind.prune`); the daily
  ``prune_old_data`` calls each.

What a new app writes for a background job::

    class Export(jobs.Job):                  # models.py: heartbeat_at comes with it
        status = models.CharField(...)       # queued / running / done / failed
        progress = models.PositiveSmallIntegerField(default=0)

    EXPORT = jobs.register(jobs.Kind(        # services.py
        name="export", model=Export, running=("running",),
        lease=timedelta(minutes=15), done="progress", total=100,
        on_stale=lambda export: {"status": "failed", "error": "..."},
    ))

    def start_export(...):                   # services.py: the row and the task together
        with transaction.atomic():
            export = Export.objects.create(...)
            jobs.enqueue("exports.run", export.pk)

    @jobs.provides("exports.run")            # tasks.py (imports services, not back)
    @task()
    def run_export(export_id: int) -> str:
        return services.run(export_id)       # jobs.claim(EXPORT, ...), jobs.Progress(...)

    def export_status(request, pk):          # views.py: the numbers for the script
        return jobs.progress_response(EXPORT, get_object_or_404(Export, pk=pk), text=...)

    <div data-progress-url="{% url 'exports:status' export.pk %}">   {# the template #}
      <progress max="100" value="{{ export.progress }}"></progress>
      <p role="status" data-progress-text>…</p>
      <p data-progress-manual><a href="">{% translate "Refresh" %}</a></p>
    </div> … <script src="{% static 'frh/progress.js' %}" defer></script>

Tasks are found by name (:func:`provides`, :func:`enqueue`), so a services module never
imports its tasks module: tasks import services, never the other way round. The app
imports its ``tasks`` module in ``AppConfig.ready()``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import models, transaction
from django.http import JsonResponse
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models.alliance import AllianceOwned

logger = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_EVERY_SECONDS = 0.5


class Job(AllianceOwned):
    """The fields every job row has besides its own ``status`` and progress."""

    # When a worker last showed life on this job (claimed it, wrote progress); empty
    # while the job waits for a worker, so a long queue is never mistaken for a crash.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Kind:
    """One kind of job: its model and how its rows are leased, recovered and shown.

    ``running``: the statuses in which a worker holds the job. ``lease``: how long a
    worker may stay silent (a timedelta, or a function returning one, e.g. from a
    setting); ``extra_lease(job)`` adds a per-job allowance. ``on_stale(job)`` returns
    the fields that end a stale job; ``after_stale(job, fields)`` runs in the same
    transaction when they were written (e.g. to enqueue the job again).
    ``done``/``total`` name the progress fields (``total`` may be a fixed number, 100 for
    a percentage). ``prune(cutoff, dry_run, say)`` deletes rows older than ``cutoff``.
    ``recovered`` is the worker's line when it recovered ``{count}`` jobs of this kind.
    """

    name: str
    model: type[models.Model]
    running: tuple[str, ...]
    lease: timedelta | Callable[[], timedelta]
    on_stale: Callable[[Any], dict[str, Any]]
    after_stale: Callable[[Any, dict[str, Any]], None] | None = None
    extra_lease: Callable[[Any], timedelta] | None = None
    heartbeat: str = "heartbeat_at"
    done: str = ""
    total: str | int = 0
    prune: Callable[[datetime, bool, Callable[[str], None]], None] | None = None
    recovered: str = "Recovered {count} job(s) left by a stopped worker."

    def lease_now(self) -> timedelta:
        return self.lease() if callable(self.lease) else self.lease

    def rows(self) -> models.QuerySet[Any]:
        """All rows of this kind of job."""
        return self.model._default_manager.all()


_kinds: dict[str, Kind] = {}
_tasks: dict[str, Any] = {}


def register(kind: Kind) -> Kind:
    """Make a kind known to recovery and pruning; returns it."""
    _kinds[kind.name] = kind
    return kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


# --------------------------------------------------------------------------- tasks


def provides(name: str) -> Callable[[T], T]:
    """Register a task under ``name`` for :func:`enqueue` (put it above ``@task()``)."""

    def decorate(task: T) -> T:
        # The worker runs the task inside the alliance it was enqueued in (core.tenancy).
        scoped = replace(task, func=tenancy.in_task_alliance(task.func))  # type: ignore[attr-defined,type-var]
        _tasks[name] = scoped
        return scoped

    return decorate


def task_named(name: str) -> Any:
    try:
        return _tasks[name]
    except KeyError:
        raise LookupError(
            f"No task provides {name!r}: does the app import its tasks module in ready()?"
        ) from None


def enqueue(name: str, *args: Any, run_after: datetime | None = None, priority: int = 0) -> Any:
    """Enqueue the task registered as ``name``. Call it inside the transaction that
    writes the job's row: queue and rows share the database, so both exist or neither."""
    task = task_named(name)
    if priority:
        task = task.using(priority=priority)
    if run_after is not None:
        task = task.using(run_after=run_after)
    return task.enqueue(*args, **tenancy.task_kwargs())


# --------------------------------------------------------------------------- the worker's side


def claim(
    kind: Kind,
    pk: Any,
    *,
    from_status: str,
    to_status: str,
    where: Mapping[str, Any] | None = None,
    **fields: Any,
) -> bool:
    """Take the job if it is in ``from_status`` (and matches ``where``): one conditional
    UPDATE that sets ``to_status``, the heartbeat and ``fields``. True for the one
    worker that won it."""
    updated = (
        kind.rows()
        .filter(pk=pk, status=from_status, **(where or {}))
        .update(status=to_status, **{kind.heartbeat: timezone.now()}, **fields)
    )
    return bool(updated)


def beat(kind: Kind, pk: Any, **fields: Any) -> bool:
    """Show life on a running job (and write ``fields``, e.g. progress); False if the
    job is no longer running (recovered, discarded)."""
    updated = (
        kind.rows()
        .filter(pk=pk, status__in=kind.running)
        .update(**{kind.heartbeat: timezone.now()}, **fields)
    )
    return bool(updated)


class Progress:
    """Writes a job's progress and heartbeat now and then (not for every row).

    ``progress(done, total)``; ``force=True`` writes at once (a new step), and so does
    the last row (``done == total``). Further keyword arguments are written too (a step,
    a note). With ``pk=None`` it writes nothing (work run without a job row)."""

    def __init__(self, kind: Kind, pk: Any, *, every: float = PROGRESS_EVERY_SECONDS) -> None:
        self.kind = kind
        self.pk = pk
        self.every = every
        self.last = 0.0

    def __call__(
        self, done: int, total: int | None = None, *, force: bool = False, **fields: Any
    ) -> bool:
        now = time.monotonic()
        finished = total is not None and done == total
        if not (force or finished or now - self.last >= self.every):
            return False
        self.last = now
        if self.pk is None:
            return True
        values = dict(fields)
        if self.kind.done:
            values[self.kind.done] = done
        if isinstance(self.kind.total, str) and total is not None:
            values[self.kind.total] = total
        beat(self.kind, self.pk, **values)
        return True


# --------------------------------------------------------------------------- recovery


def stale(kind: Kind) -> list[Any]:
    """The running jobs of a kind whose worker has been silent longer than the lease."""
    now = timezone.now()
    cutoff = now - kind.lease_now()
    candidates = (
        kind.rows()
        .filter(status__in=kind.running, **{f"{kind.heartbeat}__lt": cutoff})
        .order_by("pk")
    )
    if not candidates.exists():  # the usual case: a read, not a write transaction
        return []
    found = []
    for job in candidates:
        extra = kind.extra_lease(job) if kind.extra_lease else timedelta(0)
        if getattr(job, kind.heartbeat) < cutoff - extra:
            found.append(job)
    return found


def recover(kind: Kind) -> int:
    """End (or send back) the stale jobs of one kind; returns how many."""
    count = 0
    for job in stale(kind):
        fields = kind.on_stale(job)
        with transaction.atomic():
            # Conditional on the state we judged: a worker that finished or showed
            # life meanwhile wins.
            changed = (
                kind.rows()
                .filter(
                    pk=job.pk,
                    status=job.status,
                    **{kind.heartbeat: getattr(job, kind.heartbeat)},
                )
                .update(**fields)
            )
            if changed and kind.after_stale is not None:
                kind.after_stale(job, fields)
        count += changed
    if count:
        logger.warning("%s %s job(s) left by a stopped worker recovered", count, kind.name)
    return count


def recover_all() -> dict[str, int]:
    """Recover every registered kind (at worker start and periodically); kind → count,
    only the kinds where something was found."""
    found = {kind.name: recover(kind) for kind in kinds()}
    return {name: count for name, count in found.items() if count}


def recovered_lines(counts: Mapping[str, int]) -> list[str]:
    """What the worker prints about what :func:`recover_all` found."""
    return [_kinds[name].recovered.format(count=count) for name, count in counts.items()]


# --------------------------------------------------------------------------- progress


def progress_numbers(kind: Kind, job: Any) -> tuple[int, int]:
    """(done, total) of a job; total 0 when its size is not known."""
    done = int(getattr(job, kind.done) or 0) if kind.done else 0
    total = kind.total if isinstance(kind.total, int) else int(getattr(job, kind.total) or 0)
    return done, total


def progress_response(
    kind: Kind, job: Any, *, text: str, running: bool | None = None, numbers: bool = True
) -> JsonResponse:
    """The state of a job for ``static/frh/progress.js``. ``running`` defaults to the
    job's status being a running one; ``numbers=False`` shows an activity without a
    count (total 0)."""
    done, total = progress_numbers(kind, job) if numbers else (0, 0)
    response = JsonResponse(
        {
            "status": job.status,
            "running": job.status in kind.running if running is None else running,
            "done": done,
            "total": total,
            "text": text,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- pruning


def prune_all(cutoff: datetime, *, dry_run: bool, say: Callable[[str], None]) -> None:
    """Delete what each kind keeps no longer than ``cutoff`` (``prune_old_data``)."""
    for kind in kinds():
        if kind.prune is not None:
            kind.prune(cutoff, dry_run, say)
