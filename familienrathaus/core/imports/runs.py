"""The runs of an import: upload, background check, import in one transaction, and
their job bookkeeping (``core.jobs``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit, jobs
from familienrathaus.core.imports.reading import FileProblem
from familienrathaus.core.imports.specs import (
    NEW,
    UNCHANGED,
    UPDATED,
    ImportSpec,
    Outcome,
    evaluate,
    get_spec,
)
from familienrathaus.core.models import ImportRun, User

logger = logging.getLogger(__name__)

Status = ImportRun.Status

# The lease of a running check or import. A worker writes the check's progress every
# half second, and saving even 5,000 rows takes seconds, not minutes; a run whose
# state has not moved for this long belongs to a worker that was stopped (killed,
# restarted, out of memory). Its transaction was rolled back, so nothing landed.
STALE_AFTER = dt.timedelta(minutes=15)
STALE_MESSAGE = gettext_lazy(
    "The background worker stopped during the import. Nothing was imported. "
    "Please upload the file again."
)
# The tasks of the check and the import (core.tasks), found by name.
CHECK, APPLY = "core.check_import", "core.apply_import"


# --------------------------------------------------------------------------- the runs


def start_import(
    *,
    actor: User,
    spec: ImportSpec,
    file_name: str,
    content: bytes,
    options: dict[str, Any],
    language: str,
) -> ImportRun:
    """Store an uploaded file and queue its check."""
    with transaction.atomic():
        run = ImportRun(
            resource=spec.resource,
            file_name=file_name[:255],
            content=content,
            options=options,
            language=language[:10],
            created_by=actor,
        )
        run.full_clean(exclude=["content", "options", "report"])
        run.save()
        jobs.enqueue(CHECK, run.pk)
    return run


def check_run(run_id: int) -> str:
    """The background check of an uploaded file (task ``core.tasks.check_import``)."""
    if not jobs.claim(RUNS, run_id, from_status=Status.QUEUED, to_status=Status.CHECKING):
        return "not-claimed"
    run = ImportRun.objects.get(pk=run_id)
    spec = get_spec(run.resource)
    with translation.override(run.language):
        try:
            if spec is None:
                raise FileProblem(_("This kind of import is no longer available."))
            outcome = evaluate(
                spec, bytes(run.content), run.file_name, run.options, jobs.Progress(RUNS, run_id)
            )
        except FileProblem as problem:
            _finish_check(run_id, Status.FAILED, error=problem.message)
            return Status.FAILED
        except Exception:
            logger.exception("check of import run %s failed", run_id)
            _finish_check(
                run_id,
                Status.FAILED,
                error=_("The file could not be checked because of an unexpected error."),
            )
            return Status.FAILED
        status = Status.INVALID if outcome.errors else Status.READY
        _finish_check(run_id, status, report=outcome.report(), rows=outcome.rows)
    return status


def _finish_check(
    run_id: int,
    status: str,
    *,
    error: str = "",
    report: dict[str, Any] | None = None,
    rows: int = 0,
) -> None:
    fields: dict[str, Any] = {
        "status": status,
        "error": error,
        "report": report or {},
        "rows_total": rows,
        "rows_done": rows,
        "checked_at": timezone.now(),
    }
    if status != Status.READY:
        fields["content"] = b""  # nothing more will be done with the file
    # Only if nobody discarded the run meanwhile.
    ImportRun.objects.filter(pk=run_id, status=Status.CHECKING).update(**fields)


def confirm_import(*, actor: User, run: ImportRun) -> bool:
    """Queue the import of a checked file without errors; False if it is not ready."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run.pk, status=Status.READY).update(
            # No heartbeat until a worker takes the import up (the queue may be long).
            status=Status.IMPORTING,
            error="",
            heartbeat_at=None,
        )
        if not claimed:
            return False
        jobs.enqueue(APPLY, run.pk, actor.pk)
    return True


def discard_import(*, run: ImportRun) -> bool:
    discardable = [Status.QUEUED, Status.CHECKING, Status.READY, Status.INVALID]
    return bool(
        ImportRun.objects.filter(pk=run.pk, status__in=discardable).update(
            status=Status.DISCARDED, content=b""
        )
    )


class _ChangedSinceCheck(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__("rows failed")
        self.outcome = outcome


def apply_run(run_id: int, actor_id: int | None) -> str:
    """Import a checked file in ONE transaction (task ``core.tasks.apply_import``)."""
    # The heartbeat is written outside the import's transaction, so it stays when a
    # killed worker's transaction is rolled back. (The run was claimed, status
    # "importing", when the coordinator confirmed it.)
    taken = jobs.beat(RUNS, run_id)
    run = ImportRun.objects.filter(pk=run_id, status=Status.IMPORTING).first()
    if not taken or run is None:
        return "not-claimed"
    spec = get_spec(run.resource)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    current_row = 0
    with translation.override(run.language):
        try:
            if spec is None:
                raise FileProblem(_("This kind of import is no longer available."))
            with transaction.atomic():
                # Holds off a concurrent discard until this transaction ends.
                ImportRun.objects.select_for_update().filter(pk=run_id).first()
                outcome = evaluate(spec, bytes(run.content), run.file_name, run.options)
                if outcome.errors:
                    raise _ChangedSinceCheck(outcome)
                saved: list[models.Model] = []
                for plan in outcome.plans:
                    if plan.action == UNCHANGED:
                        continue
                    current_row = plan.row
                    saved.append(spec.save(plan, context=outcome.context, actor=actor))
                current_row = 0
                spec.finish(saved, context=outcome.context)
                counts = outcome.counts
                audit.record(
                    actor=actor,
                    action=f"import.{spec.resource}",
                    obj=run,
                    changes={
                        "file": run.file_name,
                        "new": counts[NEW],
                        "updated": counts[UPDATED],
                        "unchanged": counts[UNCHANGED],
                    },
                )
                ImportRun.objects.filter(pk=run_id).update(
                    status=Status.DONE,
                    imported_at=timezone.now(),
                    report=outcome.report(),
                    content=b"",
                )
        except _ChangedSinceCheck as changed:
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.INVALID,
                report=changed.outcome.report(),
                content=b"",
                error=_(
                    "Since the check, the stored data has changed so that some rows no longer "
                    "fit. Nothing was imported."
                ),
            )
            return Status.INVALID
        except FileProblem as problem:
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.FAILED, error=problem.message, content=b""
            )
            return Status.FAILED
        except Exception:
            logger.exception("import run %s failed at row %s", run_id, current_row)
            if current_row:
                message = _(
                    "Saving row %(row)s failed with an unexpected error. Nothing was imported."
                ) % {"row": current_row}
            else:
                message = _("The import failed with an unexpected error. Nothing was imported.")
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.FAILED, error=message, content=b""
            )
            return Status.FAILED
    return Status.DONE


def _on_stale(run: ImportRun) -> dict[str, Any]:
    """A check or import whose worker stopped fails (its transaction was rolled back).

    A run no worker has taken up yet (queued, or an import waiting in the queue, without
    a heartbeat) is not stale: its task is still in the queue and runs once a worker is
    up."""
    with translation.override(run.language):
        return {"status": Status.FAILED, "error": str(STALE_MESSAGE), "content": b""}


def _prune(cutoff: dt.datetime, dry_run: bool, say: Callable[[str], None]) -> None:
    """Import runs uploaded before ``cutoff`` that are no longer running: their reports
    hold partner data and rejected values, and a run still waiting to be confirmed after
    that long is abandoned (its file's bytes go with the row)."""
    verb = "Would delete" if dry_run else "Deleted"
    running = [Status.QUEUED, Status.CHECKING, Status.IMPORTING]
    old = ImportRun.objects.filter(created_at__lt=cutoff).exclude(status__in=running)
    runs = list(old.order_by("created_at", "pk").values_list("pk", "resource", "file_name"))
    for pk, resource, file_name in runs:
        say(f"{verb} import run {pk} ({resource}: {file_name})")
    if not dry_run:
        old.filter(pk__in=[run[0] for run in runs]).delete()
    say(f"{verb} {len(runs)} import run(s).")


RUNS = jobs.register(
    jobs.Kind(
        name="imports",
        model=ImportRun,
        running=(Status.CHECKING, Status.IMPORTING),
        lease=STALE_AFTER,
        on_stale=_on_stale,
        done="rows_done",
        total="rows_total",
        prune=_prune,
        recovered="Marked {count} import(s) left by a stopped worker as failed.",
    )
)
