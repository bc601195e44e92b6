"""Periods, activities and their occasions (dates, cancelling an occasion)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity, review, slugs
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Occasion,
    OccasionDate,
    Period,
)
from familienrathaus.holidays.services.booking import _offer_free_places
from familienrathaus.holidays.services.common import Status, _mail
from familienrathaus.holidays.workflow import CONTENT_FIELDS, WORKFLOW

# ------------------------------------------------------------------------- periods


def save_period(*, actor: User, period: Period) -> Period:
    before = audit.snapshot(period, ["name", "booking_opens", "is_archived"]) if period.pk else {}
    if not period.slug:
        period.slug = slugs.unique_slug(Period, period.name, fallback="ferien")
    period.full_clean()
    with transaction.atomic():
        period.save()
        after = audit.snapshot(period, ["name", "booking_opens", "is_archived"])
        audit.record(
            actor=actor,
            action="holidays.period.save",
            obj=period,
            changes=audit.diff(before, after),
        )
    return period


# ---------------------------------------------------------------------- activities


def create_activity(*, actor: User, activity: Activity) -> Activity:
    activity.slug = activity.slug or slugs.unique_slug(
        Activity, activity.title, fallback="aktivitaet"
    )
    activity.created_by = actor
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        audit.record(actor=actor, action="holidays.activity.create", obj=activity)
    return activity


def change_activity(
    *, actor: User, activity: Activity, fields: dict[str, Any]
) -> Literal["saved", "proposed"]:
    """Save changes. For a published activity of a partner that is not trusted, the
    content fields become a proposal for review and the published version stays."""
    if review.needs_review(WORKFLOW, actor, activity):
        values = {name: fields[name] for name in CONTENT_FIELDS if name in fields}
        review.propose_changes(WORKFLOW, activity, values, actor=actor)
        return "proposed"
    update_activity(actor=actor, activity=activity, fields=fields)
    return "saved"


def update_activity(*, actor: User, activity: Activity, fields: dict[str, Any]) -> Activity:
    before = audit.snapshot(activity, list(fields))
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        audit.record(
            actor=actor,
            action="holidays.activity.update",
            obj=activity,
            changes=audit.diff(before, audit.snapshot(activity, list(fields))),
        )
    return activity


def save_occasion(
    *, actor: User, occasion: Occasion, dates: Sequence[tuple[datetime, datetime]]
) -> Occasion:
    """Create or change an occasion with its dates (replacing the old ones)."""
    if not dates:
        raise ValidationError({"dates": _("An occasion needs at least one date.")})
    occasion.full_clean()
    occasion.activity.period.check_dates(list(dates))  # within the holidays, or refused
    rows = [OccasionDate(starts=s, ends=e) for s, e in dates]
    for row in rows:
        row.full_clean(exclude=["occasion"])
    created = occasion.pk is None
    if created:
        with transaction.atomic():
            occasion.save()
            _replace_dates(occasion, rows)
            audit.record(actor=actor, action="holidays.occasion.create", obj=occasion)
        return occasion
    with capacity.locked(Occasion, occasion.pk):
        occasion.save()
        _replace_dates(occasion, rows)
        audit.record(actor=actor, action="holidays.occasion.update", obj=occasion)
        # More places than before: they go to the waiting list first.
        _offer_free_places(Occasion.objects.select_related("activity__period").get(pk=occasion.pk))
    return occasion


def _replace_dates(occasion: Occasion, rows: list[OccasionDate]) -> None:
    occasion.dates.all().delete()
    for row in rows:
        row.occasion = occasion
    OccasionDate.objects.bulk_create(rows)


def cancel_occasion(*, actor: User, occasion: Occasion, reason: str) -> int:
    """Cancel an occasion: every booking is cancelled (so no fee is due for it) and
    every family with a place or a waiting-list entry is told. Returns the number."""
    with capacity.locked(Occasion, occasion.pk) as pool:
        if pool.cancelled_at:
            return 0
        now = timezone.now()
        pool.cancelled_at = now
        pool.cancel_reason = reason.strip()
        pool.save(update_fields=["cancelled_at", "cancel_reason"])
        bookings = list(
            Booking.objects.filter(occasion=pool, status__in=Booking.ACTIVE).select_related(
                "child__family"
            )
        )
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
            status=Status.CANCELLED, cancelled_at=now, cancelled_by=actor, offer_expires_at=None
        )
        for booking in bookings:
            _mail(
                "occasion_cancelled",
                {"booking": booking, "occasion": pool, "reason": pool.cancel_reason},
                [booking.child.family.email],
                "occasion_cancelled",
                language=booking.language,
            )
        audit.record(
            actor=actor,
            action="holidays.occasion.cancel",
            obj=pool,
            changes={"cancelled_bookings": {"before": len(bookings), "after": 0}},
        )
    occasion.cancelled_at = pool.cancelled_at
    return len(bookings)
