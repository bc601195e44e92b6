"""Writes of the Ferienspaß lottery: wishes, priority groups, runs, confirmation.

The allocation itself is :mod:`familienrathaus.lottery.allocation` (no Django); this
module turns a period's wishes into its input (:func:`build_problem`, with the age rule
of :mod:`familienrathaus.holidays.rules`), stores the result (:func:`execute_run`, the
background task) and writes the confirmed run as bookings through
``holidays.services.place_children`` (:func:`confirm_run`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.core.outbox import queue_mail
from familienrathaus.holidays import rules
from familienrathaus.holidays import services as holiday_services
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Occasion,
    Period,
    ReductionClaim,
)
from familienrathaus.lottery import allocation, permissions
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run, Ticket, Wish

logger = logging.getLogger(__name__)

STALE_AFTER_SECONDS = 15 * 60
BATCH = 2000
GROUP_CODE = re.compile(r"^[A-Z0-9-]{3,30}$")


# --------------------------------------------------------------------------- wishes


def wish_phase_open(period: Period) -> bool:
    return period.phase == Period.Phase.WISHES


def wishable_occasions(period: Period, child: Child) -> list[Occasion]:
    """Occasions of the period the child may wish: published, not cancelled, its age."""
    occasions = (
        Occasion.objects.filter(
            activity__period=period,
            activity__status=Activity.Status.PUBLISHED,
            cancelled_at__isnull=True,
        )
        .select_related("activity")
        .prefetch_related("dates")
        .order_by("activity__title", "pk")
    )
    return [o for o in occasions if rules.child_fits_occasion(child, o)]


def normalise_group_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def new_group_code() -> str:
    """A code a family can pass on to friends (no 0/O, 1/I to misread)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def save_wishes(
    *,
    actor: User,
    period: Period,
    child: Child,
    entries: Sequence[tuple[int | None, str]],
) -> list[Wish]:
    """Replace the child's wishes in the period by ``entries`` (occasion id or None,
    group code), in order of preference. Raises ``ValidationError`` with a message per
    problem, ``PermissionDenied`` for someone else's child."""
    if not permissions.may_wish_for(actor, child):
        raise PermissionDenied
    if not wish_phase_open(period):
        raise ValidationError(_("The wish phase of this programme is not open."), code="closed")
    chosen = [(pk, normalise_group_code(code)) for pk, code in entries if pk]
    errors: list[str] = []
    if len(chosen) > period.wishes_per_child:
        errors.append(_("At most %(count)s wishes per child.") % {"count": period.wishes_per_child})
    ids = [pk for pk, _code in chosen]
    if len(set(ids)) != len(ids):
        errors.append(_("Each occasion can be wished only once."))
    allowed = {o.pk: o for o in wishable_occasions(period, child)}
    if any(pk not in allowed for pk in ids):
        errors.append(_("One of the occasions cannot be wished for this child."))
    if any(code and not GROUP_CODE.match(code) for _pk, code in chosen):
        errors.append(
            _("A group code has 3 to 30 letters, digits or hyphens, e.g. %(example)s.")
            % {"example": "K7QF-2MXA"}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The child row serialises two tabs of one family.
        Child.objects.select_for_update().get(pk=child.pk)
        existing = Wish.objects.filter(period=period, child=child).order_by("rank")
        before = [f"{w.rank}: {w.occasion_id} {w.group_code}".strip() for w in existing]
        existing.delete()
        wishes = []
        for rank, (pk, code) in enumerate(chosen, start=1):
            wish = Wish(
                period=period, child=child, occasion=allowed[pk], rank=rank, group_code=code
            )
            wish.full_clean(exclude=["period", "child", "occasion"])
            wishes.append(wish)
        Wish.objects.bulk_create(wishes)
        after = [f"{w.rank}: {w.occasion_id} {w.group_code}".strip() for w in wishes]
        audit.record(
            actor=actor,
            action="lottery.wishes.save",
            obj=child,
            changes=audit.diff({"wishes": "; ".join(before)}, {"wishes": "; ".join(after)}),
        )
    return wishes


# ------------------------------------------------------------------- priority groups


def save_group(*, actor: User, group: PriorityGroup) -> PriorityGroup:
    fields = ["name", "kind"]
    before = audit.snapshot(PriorityGroup.objects.get(pk=group.pk), fields) if group.pk else {}
    group.full_clean()
    with transaction.atomic():
        group.save()
        audit.record(
            actor=actor,
            action="lottery.group.save",
            obj=group,
            changes=audit.diff(before, audit.snapshot(group, fields)),
        )
    return group


def set_child_groups(
    *, actor: User, period: Period, child: Child, groups: Iterable[PriorityGroup]
) -> None:
    """Put the child into exactly ``groups`` among the period's manual groups."""
    wanted = {g.pk for g in groups if g.period_id == period.pk}
    manual = PriorityGroup.objects.filter(period=period, kind=PriorityGroup.Kind.MANUAL)
    with transaction.atomic():
        before, after = [], []
        for group in manual:
            member = group.children.filter(pk=child.pk).exists()
            if member:
                before.append(group.name)
            if group.pk in wanted:
                group.children.add(child)
                after.append(group.name)
            elif member:
                group.children.remove(child)
        audit.record(
            actor=actor,
            action="lottery.group.members",
            obj=child,
            changes=audit.diff({"groups": ", ".join(before)}, {"groups": ", ".join(after)}),
        )


def group_members(group: PriorityGroup) -> set[int]:
    """Ids of the children in a priority group (manual or computed by its kind)."""
    if group.kind == PriorityGroup.Kind.MANUAL:
        return set(group.children.values_list("pk", flat=True))
    if group.kind == PriorityGroup.Kind.REDUCTION:
        families = ReductionClaim.objects.filter(
            period=group.period, status=ReductionClaim.Status.APPROVED
        ).values("family_id")
        return set(Child.objects.filter(family_id__in=families).values_list("pk", flat=True))
    earlier = (
        Run.objects.filter(
            status=Run.Status.CONFIRMED,
            period__holiday_start__lt=group.period.holiday_start,
        )
        .order_by("-period__holiday_start")
        .first()
    )
    if earlier is None:
        return set()
    return set(Ticket.objects.filter(run=earlier, places=0).values_list("child_id", flat=True))


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
    from familienrathaus.lottery.tasks import run_lottery

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
        run_lottery.enqueue(run.pk)
    return run


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


class _Progress:
    """Writes the run's progress now and then (also the heartbeat)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last = 0.0

    def __call__(self, step: str, share: float, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= 0.5:
            self.last = now
            Run.objects.filter(pk=self.run_id).update(
                progress=max(1, min(99, round(share * 100))),
                progress_note=step[:200],
                heartbeat_at=timezone.now(),
            )


def execute_run(run_id: int) -> str:
    """The background run (task ``lottery.tasks.run_lottery``). Returns the status."""
    now = timezone.now()
    claimed = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, started_at=now, heartbeat_at=now, progress=1
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


def fail_stale_runs() -> int:
    """Runs whose worker stopped: no heartbeat for longer than the solver may take (its
    time limit) plus a margin. A run ends as failed; a confirmation (all or nothing, so
    nothing was written) goes back to "done" so that it can be confirmed again. Called
    when a lottery page is viewed."""
    now = timezone.now()
    changed = 0
    for run_id, status, limit, beat in Run.objects.filter(
        status__in=[Run.Status.RUNNING, Run.Status.CONFIRMING]
    ).values_list("pk", "status", "time_limit", "heartbeat_at"):
        if beat is None or beat >= now - timedelta(seconds=STALE_AFTER_SECONDS + limit):
            continue
        if status == Run.Status.RUNNING:
            update = {
                "status": Run.Status.FAILED,
                "error": _("The worker stopped during the run. Please start a new run."),
            }
        else:
            update = {
                "status": Run.Status.DONE,
                "error": _(
                    "The confirmation was interrupted; nothing was written. Please confirm again."
                ),
            }
        changed += Run.objects.filter(pk=run_id, status=status, heartbeat_at=beat).update(**update)
    return changed


# --------------------------------------------------------------------------- confirm


def check_confirmable(run: Run) -> None:
    """Raise ``ValidationError`` when this run cannot be confirmed now."""
    period = run.period
    if run.status != Run.Status.DONE:
        raise ValidationError(_("Only a finished run can be confirmed."), code="status")
    if Run.objects.filter(
        period=period, status__in=[Run.Status.CONFIRMED, Run.Status.CONFIRMING]
    ).exists():
        raise ValidationError(
            _("Another run of this programme is already confirmed."), code="confirmed"
        )
    if period.wish_end is None or period.wish_end > timezone.now():
        raise ValidationError(
            _("A run can only be confirmed after the wish phase has ended."), code="wishes"
        )
    if run.summary.get("violations"):
        raise ValidationError(_("This run broke a rule and cannot be confirmed."), code="rule")
    changed = Wish.objects.filter(period=period, updated_at__gt=run.created_at).exists()
    if changed or Wish.objects.filter(period=period).count() != run.outcomes.count():
        raise ValidationError(
            _("Wishes changed after this run was started. Please start a new run."),
            code="stale",
        )


def request_confirmation(*, actor: User, run: Run, open_booking: bool) -> Run:
    """Check and queue the confirmation (task ``lottery.tasks.confirm_lottery``)."""
    from familienrathaus.lottery.tasks import confirm_lottery

    if not permissions.can_run_lottery(actor):
        raise PermissionDenied
    check_confirmable(run)
    with transaction.atomic():
        updated = Run.objects.filter(pk=run.pk, status=Run.Status.DONE).update(
            status=Run.Status.CONFIRMING,
            progress=0,
            progress_note="",
            heartbeat_at=timezone.now(),
            error="",
        )
        if not updated:
            raise ValidationError(_("Only a finished run can be confirmed."), code="status")
        audit.record(actor=actor, action="lottery.run.confirm_requested", obj=run)
        confirm_lottery.enqueue(run.pk, actor.pk, open_booking)
    run.refresh_from_db()
    return run


def confirm_run(*, actor: User | None, run: Run, open_booking: bool) -> dict[str, int]:
    """Write a run: bookings for accepted wishes, waiting-list entries in lottery order
    for the wishes that found the occasion full, one mail per family, and (if asked)
    the booking phase opened now. All or nothing."""
    period = run.period
    placements = list(
        Outcome.objects.filter(run=run, accepted=True)
        .order_by("occasion_id", "child_id")
        .values_list("child_id", "occasion_id")
    )
    waitlist = list(
        Outcome.objects.filter(run=run, reason=Outcome.Reason.FULL, waitlist_position__isnull=False)
        .order_by("occasion_id", "waitlist_position")
        .values_list("child_id", "occasion_id")
    )
    with transaction.atomic():
        Run.objects.select_for_update().get(pk=run.pk)
        result = holiday_services.place_children(
            period=period, placements=placements, waitlist=waitlist, actor=actor
        )
        now = timezone.now()
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.CONFIRMED,
            confirmed_by=actor,
            confirmed_at=now,
            progress=90,
            heartbeat_at=now,
        )
        mails = _mail_families(run)
        if open_booking and period.booking_opens > now:
            period.booking_opens = now
            if period.booking_closes and period.booking_closes <= now:
                period.booking_closes = None
            if actor is not None:
                holiday_services.save_period(actor=actor, period=period)
            else:
                period.full_clean()
                period.save(update_fields=["booking_opens", "booking_closes"])
        audit.record(
            actor=actor,
            action="lottery.run.confirm",
            obj=run,
            changes={
                "confirmed": {"before": 0, "after": result.confirmed},
                "waitlisted": {"before": 0, "after": result.waitlisted},
                "mails": {"before": 0, "after": mails},
            },
        )
        Run.objects.filter(pk=run.pk).update(progress=100)
    return {"confirmed": result.confirmed, "waitlisted": result.waitlisted, "mails": mails}


def confirm_in_background(run_id: int, actor_id: int | None, open_booking: bool) -> str:
    """Task body of ``confirm_lottery``: a failure puts the run back to "done"."""
    run = Run.objects.select_related("period").get(pk=run_id)
    if run.status != Run.Status.CONFIRMING:
        return run.status
    Run.objects.filter(pk=run_id).update(heartbeat_at=timezone.now(), progress=10)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        confirm_run(actor=actor, run=run, open_booking=open_booking)
    except ValidationError as exc:
        Run.objects.filter(pk=run_id).update(
            status=Run.Status.DONE,
            error=_("The bookings could not be written: %(error)s Please start a new run.")
            % {"error": " ".join(exc.messages)},
        )
        return Run.Status.DONE
    except Exception as exc:
        logger.exception("confirming lottery run %s failed", run_id)
        Run.objects.filter(pk=run_id).update(
            status=Run.Status.DONE, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return Run.Status.DONE
    return Run.Status.CONFIRMED


def _mail_families(run: Run) -> int:
    """One mail per family with every child's outcome (in the site's language)."""
    from familienrathaus.lottery import selectors

    url = settings.SITE_URL + reverse("lottery:outcome", kwargs={"slug": run.period.slug})
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for family in selectors.families_of_run(run):
            text = render_to_string(
                "lottery/mail/outcome.txt",
                {"period": run.period, "family": family, "url": url},
            )
            subject, _sep, body = text.strip().partition("\n")
            queue_mail(
                to=[family.email],
                subject=subject.strip(),
                body_text=body.strip() + "\n",
                purpose="lottery.outcome",
            )
            sent += 1
    return sent
