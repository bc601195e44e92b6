"""Confirming a lottery run: the bookings, the waiting lists and the families' mails,
all or nothing, in the background."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familienrathaus.core import audit, jobs, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.outbox import in_language, queue_template
from familienrathaus.holidays import services as holiday_services
from familienrathaus.lottery import permissions, selectors
from familienrathaus.lottery.models import Outcome, Run, Wish
from familienrathaus.lottery.services.runs import CONFIRM, RUNS

logger = logging.getLogger(__name__)

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
    if period.wish_end is None:
        raise ValidationError(
            _("A run can only be confirmed after the wish phase has ended."), code="wishes"
        )
    if period.wish_end > timezone.now():
        end = date_format(timezone.localtime(period.wish_end), "DATETIME_FORMAT")
        raise ValidationError(
            _(
                "The wish phase ends on %(end)s: families may change their wishes until "
                "then, so you can confirm a run from %(end)s on."
            )
            % {"end": end},
            code="wishes",
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
    if not permissions.can_run_lottery(actor):
        raise PermissionDenied
    check_confirmable(run)
    with transaction.atomic():
        updated = Run.objects.filter(pk=run.pk, status=Run.Status.DONE).update(
            status=Run.Status.CONFIRMING,
            progress=0,
            progress_note="",
            # No heartbeat until a worker takes it up: a long queue is not a crash.
            heartbeat_at=None,
            error="",
        )
        if not updated:
            raise ValidationError(_("Only a finished run can be confirmed."), code="status")
        audit.record(actor=actor, action="lottery.run.confirm_requested", obj=run)
        jobs.enqueue(CONFIRM, run.pk, actor.pk, open_booking)
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
    jobs.beat(RUNS, run_id, progress=10)
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
    """One mail per family with every child's outcome, in the family's language
    (whoever confirms the run): texts, dates and the link with its language prefix.
    The outcomes are read once per language the families use."""
    sent = 0
    languages = sorted({family.language for family in selectors.families_of_run(run)})
    for language in languages:
        with in_language(language):
            url = tenancy.site_url() + reverse("lottery:outcome", kwargs={"slug": run.period.slug})
            for family in selectors.families_of_run(run):
                if family.language != language:
                    continue
                queue_template(
                    "lottery/mail/outcome.txt",
                    {"period": run.period, "family": family, "url": url},
                    to=[family.email],
                    language=language,
                    purpose="lottery.outcome",
                )
                sent += 1
    return sent
