"""Booking, cancelling, the waiting list, held places and the lottery's placements."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity
from familienrathaus.core.models import User
from familienrathaus.core.outbox import current_language, language_code, queue_mail
from familienrathaus.holidays import rules
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Occasion,
    OccasionDate,
    Period,
)
from familienrathaus.holidays.services.common import (
    BookingRefused,
    Status,
    _mail,
    _places_taken,
)
from familienrathaus.holidays.services.mails import booking_mail

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


def book(*, actor: User, child: Child | int, occasion: Occasion, language: str = "") -> Booking:
    """Book ``child`` (a Child or its id) onto ``occasion``: a place if one is free, else
    the waiting list. ``occasion`` should come with ``activity__period`` selected and its
    ``dates`` prefetched. ``language``: the family's mails about the booking are written
    in it (default: the language of the page the booking is made on).

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
        # ``fits`` is False while anyone waits: free places go to the waiting list first.
        now = timezone.now()
        booking = Booking(
            child=locked["child"],
            occasion=pool,
            status=Status.CONFIRMED if fits else Status.WAITLISTED,
            fee=pool.fee,
            created_at=now,
            queued_at=now,
            confirmed_at=now if fits else None,
            language=language_code(language or current_language()),
        )
        booking.save(force_insert=True)
        position = None
        if not fits:  # last in the queue, behind everyone counted above
            position = counts.get("waiting", 0) + 1
            booking.position = position  # type: ignore[attr-defined]
        audit.record(actor=actor, action=f"holidays.booking.{booking.status}", obj=booking)
        # In the occasion's transaction: no mail for a booking that is rolled back.
        booking_mail("confirmed" if fits else "waitlisted", booking, occasion, position=position)
        return booking

    def reserve(taken: Any) -> Booking:
        try:
            return capacity.reserve(
                Occasion,
                occasion.pk,
                places=lambda pool: pool.max_places,
                taken=taken,
                create=create,
                waiting=lambda _pool: counts["waiting"],
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
        # Only the booking's row is locked (a join would lock the child's row too,
        # against the order child-then-occasion); the mail reads the rest afterwards.
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == Status.CANCELLED:
            return current  # cancelled before (another tab): no second mail
        freed = current.status in Booking.TAKES_PLACE
        was_waiting = current.status == Status.WAITLISTED
        current.status = Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancelled_by = actor
        current.offer_expires_at = None
        current.save(update_fields=["status", "cancelled_at", "cancelled_by", "offer_expires_at"])
        audit.record(actor=actor, action="holidays.booking.cancel", obj=current)
        booking_mail("cancelled", current, pool, fee=None, was_waiting=was_waiting)
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

    def eligible(nxt: Booking) -> bool:
        try:
            # A child who got another place at that time meanwhile, or as many places
            # as allowed, stays on the list; the place goes to the next child.
            check_booking_rules(child=nxt.child, occasion=pool, period=period, booking=nxt)
        except BookingRefused:
            return False
        return True

    # Strictly in order, one place each (core.capacity, the same rule as for events).
    for nxt in capacity.next_in_line(waiting, free=free, eligible=eligible):
        nxt.status = Status.OFFERED
        nxt.offer_expires_at = timezone.now() + timedelta(hours=period.hold_hours)
        nxt.save(update_fields=["status", "offer_expires_at"])
        booking_mail("offered", nxt, pool)
        audit.record(actor=None, action="holidays.booking.offered", obj=nxt)
        offered.append(nxt)
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
            booking_mail("accepted", current, pool)
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
                    language=booking.language,
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
        # Mails about these bookings go out in the family's language.
        languages = dict(
            Child.objects.filter(
                pk__in={c for c, _o in place_pairs} | {c for c, _o in wait_pairs}
            ).values_list("pk", "family__language")
        )
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
                    language=languages.get(child_id) or settings.LANGUAGE_CODE,
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
                    language=languages.get(child_id) or settings.LANGUAGE_CODE,
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
