"""Writes of the holiday programme. Views, the API, tasks and the lottery call these.

Places are handed out through :mod:`familienrathaus.core.capacity`: the occasion is the
pool, and everything that takes, frees or moves its places (booking, cancelling,
offering a freed place to the next on the waiting list, letting an offer expire,
placing the lottery's result) happens inside the occasion's lock, counting the booking
rows themselves. On PostgreSQL a booking locks the *child* first (so two tabs of one
family cannot break the per-child rules), then the occasion; every writer that locks
both does so in this order. On SQLite each write transaction holds the database's lock.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.core.outbox import queue_mail
from familienrathaus.holidays import rules
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Invoice,
    InvoiceCounter,
    Occasion,
    OccasionDate,
    Period,
    ReductionClaim,
    ReductionKind,
)

Status = Booking.Status
CENT = Decimal("0.01")


class BookingRefused(ValidationError):
    """A booking the rules do not allow; ``code`` says which rule, the message says why."""


# --------------------------------------------------------------------------- helpers


def _mail(template: str, context: dict[str, Any], to: Sequence[str], purpose: str) -> None:
    """Render ``holidays/mail/<template>.txt`` (first line: subject) and queue it."""
    recipients = sorted({r for r in to if r})
    if not recipients:
        return
    text = render_to_string(
        f"holidays/mail/{template}.txt", {"site_url": settings.SITE_URL, **context}
    )
    subject, _sep, body = text.strip().partition("\n")
    queue_mail(
        to=recipients,
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=f"holidays.{purpose}",
    )


def _places_taken(occasion: Occasion) -> int:
    return Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE).count()


def my_bookings_url() -> str:
    return settings.SITE_URL + reverse("holidays:my_bookings")


# ------------------------------------------------------------------------- periods


def save_period(*, actor: User, period: Period) -> Period:
    before = audit.snapshot(period, ["name", "booking_opens", "is_archived"]) if period.pk else {}
    if not period.slug:
        period.slug = _unique_slug(Period, period.name)
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


def _unique_slug(model: Any, text: str) -> str:
    base = slugify(text)[:180] or "eintrag"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# ---------------------------------------------------------------------- activities


def create_activity(*, actor: User, activity: Activity) -> Activity:
    activity.slug = activity.slug or _unique_slug(Activity, activity.title)
    activity.created_by = actor
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        audit.record(actor=actor, action="holidays.activity.create", obj=activity)
    return activity


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
            )
        audit.record(
            actor=actor,
            action="holidays.occasion.cancel",
            obj=pool,
            changes={"cancelled_bookings": {"before": len(bookings), "after": 0}},
        )
    occasion.cancelled_at = pool.cancelled_at
    return len(bookings)


# ------------------------------------------------------------------------- children


CHILD_FIELDS = ["first_name", "last_name", "birth_date", "health_notes", "emergency_contact"]


def save_child(
    *, actor: User, child: Child, consent: bool = False, family: User | None = None
) -> Child:
    """Create or change a child of ``actor``'s family. Health notes and the emergency
    contact are kept only with ``consent``; without it they are cleared."""
    if child.pk is None:
        child.family = family or actor
    elif child.family_id != actor.pk and not actor.is_coordinator:
        raise PermissionDenied
    before = {}
    if child.pk:
        before = audit.snapshot(Child.objects.get(pk=child.pk), CHILD_FIELDS)
    if consent:
        child.sensitive_consent_at = child.sensitive_consent_at or timezone.now()
    else:
        child.health_notes = ""
        child.emergency_contact = ""
        child.sensitive_consent_at = None
    child.full_clean()
    with transaction.atomic():
        child.save()
        after = audit.snapshot(child, CHILD_FIELDS)
        # Never write the notes themselves into the audit log.
        changes = {
            k: ({"before": "…", "after": "…"} if k in {"health_notes", "emergency_contact"} else v)
            for k, v in audit.diff(before, after).items()
        }
        audit.record(actor=actor, action="holidays.child.save", obj=child, changes=changes)
    return child


def delete_child(*, actor: User, child: Child) -> None:
    if child.family_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        Child.objects.select_for_update().get(pk=child.pk)  # child, then occasion
        for booking in child.bookings.filter(status__in=Booking.ACTIVE):
            cancel_booking(actor=actor, booking=booking, force=True)
        audit.record(actor=actor, action="holidays.child.delete", obj=child)
        child.delete()


def purge_sensitive_data(*, today: Any = None) -> int:
    """Delete health notes and emergency contacts of children whose periods all ended
    more than ``Period.sensitive_data_days`` ago; one audit entry per child."""
    today = today or timezone.localdate()
    candidates = Child.objects.filter(Q(sensitive_consent_at__isnull=False)).exclude(
        health_notes="", emergency_contact=""
    )
    purged = 0
    for child in candidates.prefetch_related("bookings__occasion__activity__period"):
        periods = {b.occasion.activity.period for b in child.bookings.all()}
        if not periods or any(p.sensitive_data_until >= today for p in periods):
            continue
        with transaction.atomic():
            Child.objects.filter(pk=child.pk).update(
                health_notes="",
                emergency_contact="",
                sensitive_consent_at=None,
                sensitive_deleted_at=timezone.now(),
            )
            audit.record(
                actor=None,
                action="holidays.child.sensitive_data_deleted",
                obj=child,
                changes={"health_notes": {"before": "…", "after": ""}},
            )
        purged += 1
    return purged


# -------------------------------------------------------------------------- booking


def _refuse(message: str, code: str) -> BookingRefused:
    return BookingRefused(message, code=code)


def check_booking_rules(
    *, child: Child, occasion: Occasion, period: Period, booking: Booking | None = None
) -> None:
    """Raise :class:`BookingRefused` when the rules forbid this booking; the child's
    existing bookings are read from the database (lock the child first). ``booking``:
    the child's own entry on ``occasion`` that is to take a place (a waiting-list entry
    offered a freed place, a held place accepted); it is left out of the check."""
    problem = rules.child_age_problem(child, occasion)
    if problem == "too_young":
        raise _refuse(
            _("%(name)s is too young for this activity.") % {"name": child.first_name},
            "too_young",
        )
    if problem == "too_old":
        raise _refuse(
            _("%(name)s is too old for this activity.") % {"name": child.first_name}, "too_old"
        )
    # (occasion, activity, status) of the child's other bookings: one narrow query.
    active = Booking.objects.filter(
        child=child, status__in=Booking.ACTIVE, occasion__activity__period=period
    )
    if booking is not None:
        active = active.exclude(pk=booking.pk)
    others = list(active.values_list("occasion_id", "occasion__activity_id", "status"))
    if any(occasion_id == occasion.pk for occasion_id, _a, _s in others):
        raise _refuse(
            _("%(name)s is already booked for this occasion.") % {"name": child.first_name},
            "already_booked",
        )
    # Two waiting-list entries for dates of one activity may both be offered a place
    # in turn (e.g. after the lottery); only a place held on another date blocks then.
    if any(
        activity_id == occasion.activity_id and (booking is None or status != Status.WAITLISTED)
        for _o, activity_id, status in others
    ):
        raise _refuse(
            _("%(name)s already has this activity on another date.") % {"name": child.first_name},
            "same_activity",
        )
    holding = [occasion_id for occasion_id, _a, status in others if status != Status.WAITLISTED]
    if holding:
        spans: dict[int, list[rules.Span]] = defaultdict(list)
        for occasion_id, starts, ends in OccasionDate.objects.filter(
            occasion_id__in=holding
        ).values_list("occasion_id", "starts", "ends"):
            spans[occasion_id].append((starts, ends))
        mine = rules.occasion_spans(occasion)
        for occasion_id in holding:
            if rules.dates_collide(
                mine,
                spans[occasion_id],
                travel_minutes=period.travel_minutes,
                one_per_day=period.one_per_day,
            ):
                title = Activity.objects.filter(occasions=occasion_id).values_list(
                    "title", flat=True
                )[0]
                raise _refuse(
                    _("%(name)s already has “%(title)s” at that time.")
                    % {"name": child.first_name, "title": title},
                    "overlap",
                )
    if not rules.has_room_for_another(len(holding), period.places_per_child):
        raise _refuse(
            _("%(name)s already has %(count)s places, the most this programme allows.")
            % {"name": child.first_name, "count": len(holding)},
            "places_per_child",
        )


def book(*, actor: User, child: Child | int, occasion: Occasion) -> Booking:
    """Book ``child`` (a Child or its id) onto ``occasion``: a place if one is free, else
    the waiting list. ``occasion`` should come with ``activity__period`` selected and its
    ``dates`` prefetched.

    Raises :class:`BookingRefused` (rule broken, booking closed, already booked),
    :class:`PermissionDenied` (not the actor's child) or
    :class:`familienrathaus.core.capacity.CapacityBusy` (try again).

    One short transaction: the child's row is locked and its rules checked (age, same
    activity, overlapping dates, places per child, already booked), then
    :func:`familienrathaus.core.capacity.reserve` locks the occasion, one query counts
    the places taken and the waiting list, and the booking and its audit entry are
    written.
    """
    child_id = child if isinstance(child, int) else child.pk
    activity = occasion.activity
    period = activity.period
    if activity.status != Activity.Status.PUBLISHED or occasion.cancelled_at:
        raise _refuse(_("This occasion cannot be booked."), "not_bookable")
    if not period.is_booking_open:
        raise _refuse(_("Booking for this programme is not open."), "closed")
    first_start = occasion.first_start
    if first_start is not None and first_start < timezone.now():
        raise _refuse(_("This occasion has already begun."), "started")
    counts: dict[str, int] = {}
    locked: dict[str, Child] = {}

    def lock_and_check_child() -> Child:
        children = Child.objects.all()
        if transaction.get_connection().in_atomic_block:
            children = children.select_for_update()
        child_row = children.filter(pk=child_id).first()
        if child_row is None or child_row.family_id != actor.pk:
            raise PermissionDenied
        check_booking_rules(child=child_row, occasion=occasion, period=period)
        locked["child"] = child_row
        return child_row

    def count(pool: Occasion) -> int:
        counts.update(
            Booking.objects.filter(occasion=pool).aggregate(
                taken=Count("pk", filter=Q(status__in=Booking.TAKES_PLACE)),
                waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            )
        )
        return counts["taken"]

    def create(pool: Occasion, fits: bool) -> Booking:
        if fits and counts.get("waiting"):
            fits = False  # places are free but promised to the waiting list first
        now = timezone.now()
        booking = Booking(
            child=locked["child"],
            occasion=pool,
            status=Status.CONFIRMED if fits else Status.WAITLISTED,
            fee=pool.fee,
            created_at=now,
            queued_at=now,
            confirmed_at=now if fits else None,
        )
        booking.save(force_insert=True)
        if not fits:  # last in the queue, behind everyone counted above
            booking.position = counts.get("waiting", 0) + 1  # type: ignore[attr-defined]
        audit.record(actor=actor, action=f"holidays.booking.{booking.status}", obj=booking)
        return booking

    def reserve(taken: Any) -> Booking:
        try:
            return capacity.reserve(
                Occasion,
                occasion.pk,
                places=lambda pool: pool.max_places,
                taken=taken,
                create=create,
            )
        except IntegrityError as exc:  # the unique constraint, should a check ever miss
            raise _refuse(_("This child is already booked for this occasion."), "dup") from exc

    if connection.vendor == "postgresql":
        # Row locks: the child's row first and its rules checked, then the occasion's,
        # so that the occasion - the row everybody queues for on the morning booking
        # opens - is held only while its places are counted and the booking written.
        with transaction.atomic():
            lock_and_check_child()
            return reserve(count)
    # SQLite: a write transaction holds the whole database's lock from its start, so
    # the child is checked inside the occasion's transaction (the same for every order).
    return reserve(lambda pool: (lock_and_check_child(), count(pool))[1])


def waitlist_position(booking: Booking) -> int | None:
    """1-based position on the waiting list, or None when not waiting."""
    if booking.status != Status.WAITLISTED:
        return None
    ahead = Booking.objects.filter(
        occasion_id=booking.occasion_id, status=Status.WAITLISTED
    ).filter(Q(queued_at__lt=booking.queued_at) | Q(queued_at=booking.queued_at, pk__lt=booking.pk))
    return ahead.count() + 1


def can_cancel(booking: Booking, *, today: Any = None) -> bool:
    """Families cancel until ``cancellation_days`` before the first day; waiting-list
    entries and held places can always be given up."""
    if booking.status == Status.CANCELLED:
        return False
    if booking.status in (Status.WAITLISTED, Status.OFFERED):
        return True
    first = booking.occasion.first_day
    if first is None:
        return True
    today = today or timezone.localdate()
    period = booking.occasion.activity.period
    return today <= first - timedelta(days=period.cancellation_days)


def cancel_booking(*, actor: User, booking: Booking, force: bool = False) -> Booking:
    """Cancel; a freed place goes to the next on the waiting list (held for a while)."""
    if not force and not can_cancel(booking):
        raise _refuse(_("The cancellation deadline has passed."), "deadline")
    with capacity.locked(Occasion, booking.occasion_id) as pool:
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == Status.CANCELLED:
            return current
        freed = current.status in Booking.TAKES_PLACE
        current.status = Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancelled_by = actor
        current.offer_expires_at = None
        current.save(update_fields=["status", "cancelled_at", "cancelled_by", "offer_expires_at"])
        audit.record(actor=actor, action="holidays.booking.cancel", obj=current)
        if freed:
            _offer_free_places(pool)
    booking.status = current.status
    booking.cancelled_at = current.cancelled_at
    return booking


def _offer_free_places(pool: Occasion) -> list[Booking]:
    """Inside the pool's lock: offer every free place to the next on the waiting list."""
    offered: list[Booking] = []
    if pool.cancelled_at:
        return offered
    period = pool.activity.period
    free = pool.max_places - _places_taken(pool)
    if free <= 0:
        return offered
    waiting = list(
        Booking.objects.filter(occasion=pool, status=Status.WAITLISTED)
        .select_related("child__family")
        .order_by("queued_at", "pk")
    )
    for nxt in waiting:
        if free <= 0:
            break
        try:
            # A child who got another place at that time meanwhile, or as many places
            # as allowed, stays on the list; the place goes to the next child.
            check_booking_rules(child=nxt.child, occasion=pool, period=period, booking=nxt)
        except BookingRefused:
            continue
        nxt.status = Status.OFFERED
        nxt.offer_expires_at = timezone.now() + timedelta(hours=period.hold_hours)
        nxt.save(update_fields=["status", "offer_expires_at"])
        _mail(
            "place_offered",
            {"booking": nxt, "occasion": pool, "url": my_bookings_url()},
            [nxt.child.family.email],
            "place_offered",
        )
        audit.record(actor=None, action="holidays.booking.offered", obj=nxt)
        offered.append(nxt)
        free -= 1
    return offered


def accept_offer(*, actor: User, booking: Booking) -> Booking:
    """The family takes the place held for its child."""
    if booking.child.family_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        Child.objects.select_for_update().get(pk=booking.child_id)  # child, then occasion
        with capacity.locked(Occasion, booking.occasion_id) as pool:
            current = Booking.objects.select_related("child").select_for_update().get(pk=booking.pk)
            if current.status != Status.OFFERED or (
                current.offer_expires_at and current.offer_expires_at < timezone.now()
            ):
                raise _refuse(_("This place is no longer held for you."), "offer_gone")
            # Since the offer the child may have got another place at that time, or as
            # many places as the programme allows.
            check_booking_rules(
                child=current.child, occasion=pool, period=pool.activity.period, booking=current
            )
            current.status = Status.CONFIRMED
            current.confirmed_at = timezone.now()
            current.offer_expires_at = None
            current.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
            audit.record(actor=actor, action="holidays.booking.accept", obj=current)
    booking.status = current.status
    return booking


def expire_offers(*, now: datetime | None = None) -> int:
    """Held places not taken in time go to the next on the waiting list."""
    now = now or timezone.now()
    expired = 0
    pools = set(
        Booking.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now).values_list(
            "occasion_id", flat=True
        )
    )
    for pool_id in sorted(pools):
        with capacity.locked(Occasion, pool_id) as pool:
            stale = list(
                Booking.objects.filter(
                    occasion=pool, status=Status.OFFERED, offer_expires_at__lt=now
                ).select_related("child__family")
            )
            for booking in stale:
                booking.status = Status.CANCELLED
                booking.cancelled_at = now
                booking.save(update_fields=["status", "cancelled_at"])
                audit.record(actor=None, action="holidays.booking.offer_expired", obj=booking)
                _mail(
                    "offer_expired",
                    {"booking": booking, "occasion": pool},
                    [booking.child.family.email],
                    "offer_expired",
                )
            expired += len(stale)
            _offer_free_places(pool)
    return expired


@dataclasses.dataclass
class PlacementResult:
    confirmed: int = 0
    waitlisted: int = 0
    skipped: int = 0


def place_children(
    *,
    period: Period,
    placements: Iterable[tuple[Child | int, Occasion | int]],
    waitlist: Iterable[tuple[Child | int, Occasion | int]],
    actor: User | None,
    source: str = Booking.Source.LOTTERY,
) -> PlacementResult:
    """Write an allocation (the lottery's confirmed run) as bookings, all or nothing.

    - ``placements``: confirmed places. Per occasion they must fit into the places still
      free, else ``ValidationError`` and nothing is written.
    - ``waitlist``: waiting-list entries, *in the order given* per occasion (the lottery
      order); they queue behind anyone already waiting.
    - A pair whose child already has an active booking of that occasion is skipped.
    - Rules (age, overlap, places per child) are the caller's responsibility (use
      :mod:`familienrathaus.holidays.rules`); this function only guards the places.

    Occasions are locked in id order for the whole transaction. No mail is sent: the
    caller tells the families about the outcome. Works with ids as well (``child`` and
    ``occasion`` may be ints).
    """
    place_pairs = [(_pk(c), _pk(o)) for c, o in placements]
    wait_pairs = [(_pk(c), _pk(o)) for c, o in waitlist]
    occasion_ids = sorted({o for _c, o in place_pairs} | {o for _c, o in wait_pairs})
    result = PlacementResult()
    with transaction.atomic():
        pools = {}
        for occasion_id in occasion_ids:
            with capacity.locked(Occasion, occasion_id) as pool:
                pools[occasion_id] = pool
        foreign = [p for p in pools.values() if _period_id(p) != period.pk]
        if foreign:
            raise ValidationError(
                _("These occasions are not part of “%(period)s”: %(occasions)s.")
                % {"period": period.name, "occasions": _occasion_names(foreign[:10])},
                code="foreign_occasion",
            )
        existing = set(
            Booking.objects.filter(
                occasion_id__in=occasion_ids, status__in=Booking.ACTIVE
            ).values_list("child_id", "occasion_id")
        )
        taken: dict[int, int] = defaultdict(int)
        for row in Booking.objects.filter(
            occasion_id__in=occasion_ids, status__in=Booking.TAKES_PLACE
        ).values_list("occasion_id", flat=True):
            taken[row] += 1
        now = timezone.now()
        rows: list[Booking] = []
        for child_id, occasion_id in place_pairs:
            if (child_id, occasion_id) in existing:
                result.skipped += 1
                continue
            existing.add((child_id, occasion_id))
            taken[occasion_id] += 1
            pool = pools[occasion_id]
            if taken[occasion_id] > pool.max_places:
                raise ValidationError(
                    _(
                        "“%(occasion)s” has %(places)s places: fewer than the children "
                        "placed on it, counting those who have a place already."
                    )
                    % {"occasion": _occasion_names([pool]), "places": pool.max_places},
                    code="too_many_placed",
                )
            rows.append(
                Booking(
                    child_id=child_id,
                    occasion_id=occasion_id,
                    status=Status.CONFIRMED,
                    source=source,
                    fee=pool.fee,
                    created_at=now,
                    queued_at=now,
                    confirmed_at=now,
                )
            )
            result.confirmed += 1
        step = timedelta(microseconds=1)
        for index, (child_id, occasion_id) in enumerate(wait_pairs):
            if (child_id, occasion_id) in existing:
                result.skipped += 1
                continue
            existing.add((child_id, occasion_id))
            rows.append(
                Booking(
                    child_id=child_id,
                    occasion_id=occasion_id,
                    status=Status.WAITLISTED,
                    source=source,
                    fee=pools[occasion_id].fee,
                    created_at=now,
                    queued_at=now + step * (index + 1),
                )
            )
            result.waitlisted += 1
        Booking.objects.bulk_create(rows, batch_size=1000)
        audit.record(
            actor=actor,
            action="holidays.place_children",
            obj=period,
            changes={
                "confirmed": {"before": 0, "after": result.confirmed},
                "waitlisted": {"before": 0, "after": result.waitlisted},
            },
        )
    return result


def _occasion_names(occasions: Sequence[Occasion]) -> str:
    """Occasions as people know them: title and first day, not database ids."""
    rows = (
        Occasion.objects.filter(pk__in=[o.pk for o in occasions])
        .select_related("activity")
        .prefetch_related("dates")
        .order_by("pk")
    )
    return ", ".join(str(o) for o in rows)


def _pk(value: Any) -> int:
    return int(value if isinstance(value, int) else value.pk)


def _period_id(occasion: Occasion) -> int:
    return int(
        Activity.objects.filter(pk=occasion.activity_id).values_list("period_id", flat=True)[0]
    )


def set_attendance(*, actor: User, booking: Booking, attended: bool | None) -> Booking:
    booking.attended = attended
    booking.save(update_fields=["attended"])
    audit.record(
        actor=actor,
        action="holidays.booking.attendance",
        obj=booking,
        changes={"attended": {"before": None, "after": attended}},
    )
    return booking


def mail_participants(*, actor: User, occasion: Occasion, subject: str, body: str) -> int:
    """An organiser writes to the families of everyone with a place on the occasion."""
    emails = sorted(
        set(
            Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE).values_list(
                "child__family__email", flat=True
            )
        )
    )
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Please write a subject and a message."))
    with transaction.atomic():
        for email in emails:  # one mail each: families do not see each other's addresses
            queue_mail(
                to=[email],
                subject=subject,
                body_text=body.strip() + "\n",
                reply_to=[actor.email],
                purpose="holidays.participants",
            )
        audit.record(
            actor=actor,
            action="holidays.occasion.mail",
            obj=occasion,
            changes={"recipients": {"before": 0, "after": len(emails)}},
        )
    return len(emails)


# ---------------------------------------------------------------- minimum, reminders


def flag_below_minimum(*, today: Any = None) -> int:
    """Flag occasions still below their minimum ``minimum_check_days`` before the start
    and tell the coordinators once."""
    today = today or timezone.localdate()
    flagged = []
    candidates = (
        Occasion.objects.filter(
            cancelled_at__isnull=True,
            below_minimum_at__isnull=True,
            min_places__gt=0,
            activity__status=Activity.Status.PUBLISHED,
        )
        .select_related("activity__period")
        .prefetch_related("dates")
    )
    for occasion in candidates:
        first = occasion.first_day
        period = occasion.activity.period
        if first is None or first < today:
            continue
        if first - timedelta(days=period.minimum_check_days) > today:
            continue
        if _places_taken(occasion) < occasion.min_places:
            occasion.below_minimum_at = timezone.now()
            occasion.save(update_fields=["below_minimum_at"])
            flagged.append(occasion)
    if flagged:
        _mail(
            "below_minimum",
            {"occasions": flagged},
            core_selectors.coordinator_emails(),
            "below_minimum",
        )
    return len(flagged)


def send_reminders(*, today: Any = None) -> int:
    """Remind families two days before an occasion, and of invoices open for 14 days."""
    today = today or timezone.localdate()
    sent = 0
    soon = (
        Booking.objects.filter(
            status=Status.CONFIRMED,
            reminded_at__isnull=True,
            occasion__cancelled_at__isnull=True,
            occasion__dates__starts__date__gte=today,
            occasion__dates__starts__date__lte=today + timedelta(days=2),
        )
        .select_related("child__family", "occasion__activity")
        .distinct()
    )
    for booking in soon:
        with transaction.atomic():
            booking.reminded_at = timezone.now()
            booking.save(update_fields=["reminded_at"])
            _mail(
                "booking_reminder",
                {"booking": booking, "occasion": booking.occasion},
                [booking.child.family.email],
                "booking_reminder",
            )
        sent += 1
    due = Invoice.objects.filter(
        status=Invoice.Status.OPEN,
        total__gt=0,
        created_at__lt=timezone.now() - timedelta(days=14),
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=timezone.now() - timedelta(days=14)))
    for invoice in due.select_related("family", "period"):
        with transaction.atomic():
            invoice.reminded_at = timezone.now()
            invoice.save(update_fields=["reminded_at"])
            _mail("invoice_reminder", {"invoice": invoice}, [invoice.payer_email], "invoice")
        sent += 1
    return sent


# -------------------------------------------------------------------- reductions


def claim_reduction(*, actor: User, period: Period, kind: ReductionKind, proof: Any) -> Any:
    claim = ReductionClaim(period=period, family=actor, kind=kind)
    if proof:
        claim.proof = proof
    claim.full_clean()
    with transaction.atomic():
        claim.save()
        audit.record(actor=actor, action="holidays.reduction.claim", obj=claim)
    return claim


def check_reduction(*, actor: User, claim: ReductionClaim, approve: bool, note: str = "") -> Any:
    before = claim.status
    claim.status = ReductionClaim.Status.APPROVED if approve else ReductionClaim.Status.REJECTED
    claim.checked_by = actor
    claim.checked_at = timezone.now()
    claim.note = note
    claim.full_clean()
    with transaction.atomic():
        claim.save()
        audit.record(
            actor=actor,
            action="holidays.reduction.check",
            obj=claim,
            changes={"status": {"before": before, "after": claim.status}},
        )
    return claim


# ------------------------------------------------------------------------- invoices


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclasses.dataclass
class _FamilyFees:
    """A family's fees in a period: the lines still to invoice and to credit."""

    charges: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    credits: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def charged(self) -> Decimal:
        return sum((Decimal(line["total"]) for line in self.charges), Decimal("0"))

    @property
    def credited(self) -> Decimal:
        return sum((Decimal(line["total"]) for line in self.credits), Decimal("0"))


def _line_key(line: dict[str, Any]) -> tuple[str, int] | None:
    if line.get("booking"):
        return ("booking", int(line["booking"]))
    if line.get("child"):
        return ("child", int(line["child"]))
    return None


def _family_fees(*, period: Period, family_ids: Iterable[int] | None = None) -> dict[int, Any]:
    """Per family (id): the lines of what it owes now that no invoice covers yet, and
    the credit lines for invoiced places that were cancelled since. A handful of
    queries for the whole period (the dashboard) or for some families (issuing)."""
    bookings_qs = Booking.objects.filter(occasion__activity__period=period)
    claims_qs = ReductionClaim.objects.filter(
        period=period, status=ReductionClaim.Status.APPROVED
    ).select_related("kind")
    invoices_qs = Invoice.objects.filter(period=period).exclude(status=Invoice.Status.CANCELLED)
    if family_ids is not None:
        ids = list(family_ids)
        bookings_qs = bookings_qs.filter(child__family_id__in=ids)
        claims_qs = claims_qs.filter(family_id__in=ids)
        invoices_qs = invoices_qs.filter(family_id__in=ids)
    bookings = list(
        bookings_qs.filter(status__in=[Status.CONFIRMED, Status.CANCELLED])
        .select_related("child", "occasion__activity")
        .prefetch_related("occasion__dates")
        .order_by("child__birth_date", "child_id", "pk")
    )
    family_of = {b.child_id: b.child.family_id for b in bookings}
    families = set(family_of.values())
    children = Child.objects.filter(family_id__in=families).order_by("birth_date", "pk")
    nth: dict[int, int] = {}
    seen: dict[int, int] = defaultdict(int)
    for child_id, family_id in children.values_list("pk", "family_id"):
        seen[family_id] += 1
        nth[child_id] = seen[family_id]
    claims: dict[int, list[ReductionClaim]] = defaultdict(list)
    for claim in claims_qs:
        claims[claim.family_id].append(claim)
    # What is invoiced now: a key counts while it has more charges than credits.
    invoiced: dict[int, dict[tuple[str, int], list[dict[str, Any]]]] = defaultdict(dict)
    for family_id, lines in invoices_qs.order_by("pk").values_list("family_id", "lines"):
        for line in lines or []:
            key = _line_key(line)
            if key is None:
                continue
            stack = invoiced[family_id].setdefault(key, [])
            if line.get("credit"):
                if stack:
                    stack.pop()
            else:
                stack.append(line)

    def best(
        family_id: int, child_id: int, amount: Decimal, reduced: Decimal | None
    ) -> tuple[Decimal, str]:
        price, label = amount, ""
        for claim in claims[family_id]:
            kind = claim.kind
            if kind.from_nth_child and nth.get(child_id, 0) < kind.from_nth_child:
                continue
            candidate = _money(amount * (100 - kind.percent) / 100)
            if reduced is not None and kind.from_nth_child is None:
                candidate = min(candidate, reduced)
            if candidate < price:
                price, label = candidate, kind.name
        return price, label

    result: dict[int, _FamilyFees] = defaultdict(_FamilyFees)
    confirmed = [b for b in bookings if b.status == Status.CONFIRMED]
    if period.fee_model == Period.FeeModel.FLAT:
        due: dict[tuple[str, int], Child] = {}
        for booking in confirmed:
            due.setdefault(("child", booking.child_id), booking.child)
        for (_k, child_id), child in sorted(due.items(), key=lambda i: nth.get(i[0][1], 0)):
            family_id = child.family_id
            if invoiced[family_id].get(("child", child_id)):
                continue
            price, label = best(family_id, child_id, period.flat_fee, None)
            result[family_id].charges.append(
                {
                    "text": _("Holiday pass for %(name)s") % {"name": child.first_name},
                    "amount": str(period.flat_fee),
                    "reduction": label,
                    "total": str(price),
                    "child": child_id,
                }
            )
    else:
        due = {("booking", b.pk): b.child for b in confirmed}
        for booking in confirmed:
            family_id = booking.child.family_id
            if invoiced[family_id].get(("booking", booking.pk)):
                continue
            price, label = best(
                family_id, booking.child_id, booking.fee, booking.occasion.reduced_fee
            )
            result[family_id].charges.append(
                {
                    "text": f"{booking.child.first_name}: {booking.occasion}",
                    "amount": str(booking.fee),
                    "reduction": label,
                    "total": str(price),
                    "booking": booking.pk,
                    "child": booking.child_id,
                }
            )
    for family_id, keys in invoiced.items():
        for key, stack in keys.items():
            if not stack or key in due:
                continue
            line = stack[-1]  # give back exactly what was charged
            result[family_id].credits.append(
                {
                    "text": _("Cancelled: %(text)s") % {"text": line["text"]},
                    "amount": str(-Decimal(line["amount"])),
                    "reduction": line.get("reduction", ""),
                    "total": str(-Decimal(line["total"])),
                    key[0]: key[1],
                    "credit": True,
                }
            )
    return dict(result)


def invoice_lines(*, period: Period, family: User) -> list[dict[str, Any]]:
    """What the family owes for the period and no invoice covers yet: one line per
    confirmed booking (or per child with the flat pass), each with the best approved
    reduction applied."""
    fees = _family_fees(period=period, family_ids=[family.pk]).get(family.pk)
    return list(fees.charges) if fees else []


def fees_not_invoiced(*, period: Period) -> tuple[Decimal, Decimal]:
    """(fees of confirmed places not invoiced yet, fees invoiced for places cancelled
    since and not credited yet) over every family of the period."""
    fees = _family_fees(period=period).values()
    return (
        sum((f.charged for f in fees), Decimal("0")),
        -sum((f.credited for f in fees), Decimal("0")),
    )


def issue_invoices(*, actor: User, period: Period) -> int:
    """Invoice what is not invoiced yet, per family: the first invoice, a supplementary
    invoice for places confirmed since, a credit note for invoiced places cancelled
    since. Issued invoices never change. Returns the number of documents issued.

    Each document is written in one transaction that holds the year's number counter
    (:class:`InvoiceCounter`); what is still to invoice is computed inside it, so
    two coordinators issuing at once neither share a number nor invoice a place twice.
    Raises :class:`familienrathaus.core.capacity.CapacityBusy` (try again)."""
    # A first look without the lock finds the families with something to do; inside
    # the lock each one is computed again (another coordinator may have been quicker).
    families = sorted(
        family_id
        for family_id, fees in _family_fees(period=period).items()
        if fees.charges or fees.credits
    )
    issued = 0
    counter_id = InvoiceCounter.objects.get_or_create(year=timezone.localdate().year)[0].pk
    for family_id in families:
        for credit in (False, True):
            # The year's counter row is locked until the document is written: issuers
            # queue up here, and a rollback gives the number back (no gaps).
            with capacity.locked(InvoiceCounter, counter_id) as counter:
                if _issue_one(
                    actor=actor, period=period, family_id=family_id, credit=credit, counter=counter
                ):
                    issued += 1
    return issued


def _issue_one(
    *, actor: User, period: Period, family_id: int, credit: bool, counter: InvoiceCounter
) -> bool:
    fees = _family_fees(period=period, family_ids=[family_id]).get(family_id)
    lines = (fees.credits if credit else fees.charges) if fees else []
    if not lines:
        return False
    family = User.objects.get(pk=family_id)
    total = sum((Decimal(line["total"]) for line in lines), Decimal("0"))
    if credit:
        kind = Invoice.Kind.CREDIT
    elif (
        Invoice.objects.filter(period=period, family_id=family_id)
        .exclude(status=Invoice.Status.CANCELLED)
        .exclude(kind=Invoice.Kind.CREDIT)
        .exists()
    ):
        kind = Invoice.Kind.SUPPLEMENT
    else:
        kind = Invoice.Kind.INVOICE
    invoice = Invoice(
        period=period,
        family=family,
        payer_name=family.name or family.email,
        payer_email=family.email,
        number=f"FS-{counter.year}-{counter.last + 1:05d}",
        kind=kind,
        lines=lines,
        total=total,
        status=Invoice.Status.PAID if total == 0 else Invoice.Status.OPEN,
    )
    invoice.full_clean()
    invoice.save()
    counter.last += 1
    counter.save(update_fields=["last"])
    audit.record(
        actor=actor,
        action="holidays.invoice.issue",
        obj=invoice,
        changes={
            "kind": {"before": None, "after": kind},
            "total": {"before": None, "after": str(total)},
        },
    )
    _mail("invoice", {"invoice": invoice, "url": my_bookings_url()}, [family.email], "invoice")
    return True


def mark_paid(*, actor: User, invoice: Invoice, amount: Decimal) -> Invoice:
    before = audit.snapshot(invoice, ["status", "paid_amount"])
    if amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    invoice.paid_amount = amount
    invoice.paid_at = timezone.now() if amount else None
    # A credit note is settled when its amount has been paid back (or set off).
    settled = amount >= abs(invoice.total)
    invoice.status = Invoice.Status.PAID if settled else Invoice.Status.OPEN
    invoice.full_clean()
    with transaction.atomic():
        invoice.save()
        audit.record(
            actor=actor,
            action="holidays.invoice.paid",
            obj=invoice,
            changes=audit.diff(before, audit.snapshot(invoice, ["status", "paid_amount"])),
        )
    return invoice
