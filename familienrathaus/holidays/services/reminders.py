"""Periodic checks: occasions below their minimum, reminders to families."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from familienrathaus.core import selectors as core_selectors
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Occasion,
)
from familienrathaus.holidays.services.common import (
    Status,
    _mail,
    _mail_staff,
    _places_taken,
)
from familienrathaus.holidays.services.payments import send_overdue_reminders

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
        _mail_staff(
            "below_minimum",
            {"occasions": flagged},
            core_selectors.coordinator_emails(),
            "below_minimum",
        )
    return len(flagged)


def send_reminders(*, today: Any = None) -> int:
    """Remind families two days before an occasion, and of overdue invoices."""
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
                language=booking.language,
            )
        sent += 1
    # Overdue invoices: once per overdue stage (services.payments).
    sent += send_overdue_reminders(today=today)
    return sent
