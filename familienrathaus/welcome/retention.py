"""Retention of the welcome's personal data: what is deleted when, keeping the counts.

**Registrations.** A registration whose last step (``Registration.last_step_at``: every
state change sets it) lies more than ``WelcomeSettings.retention_months`` (default 12)
months back is deleted with its grant. Before that its numbers are added to
:class:`MonthlyCount`, so the reports keep counting it:

- ``registrations`` +1 in the month it was registered,
- ``packages`` +1 in the month the package was handed over, posted or the visit done,
- ``grants_paid`` +1 and ``grants_sum`` + amount in the month the grant was paid,

each under the registration's district, language and first-born flag (nothing else).
Reports therefore add live registrations and these counts; they must not count the
kept :class:`Payment` rows on top (those no longer belong to a registration).

**Kita interests** are deleted when their own last step is as old (also those that came
without a registration). A registration's **follow-up mails** go with it unless they are
active: an active subscription is the family's own double-opt-in consent with its own
end (the last age) and one-click unsubscribe, so it lives on, detached.

**Payments and transfer files** are separate: they stay for the cash office however old
the registration is, and are deleted after their ``keep_until`` (end of the year of
payment plus ``payment_retention_years``, default 10).

Each deletion writes an audit entry (actor "system", the reference only); earlier audit
entries about a deleted registration are emptied (``audit.forget``). :func:`apply` runs
once a day through :mod:`core.periodic` (the app's ``tasks`` module imports this one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from familienrathaus.core import audit, capacity, periodic
from familienrathaus.welcome.models import (
    FollowUp,
    Grant,
    KitaInterest,
    MonthlyCount,
    Payment,
    Registration,
    TransferBatch,
)
from familienrathaus.welcome.selectors import settings as welcome_settings


def limit(now: dt.datetime | None = None) -> dt.datetime:
    """Personal data whose last step is before this moment is due."""
    months = welcome_settings.get().retention_months
    return (now or timezone.now()) - relativedelta(months=months)


def due_registrations(*, now: dt.datetime | None = None) -> list[int]:
    return list(
        Registration.objects.filter(last_step_at__lt=limit(now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _month(when: dt.datetime) -> dt.date:
    return timezone.localtime(when).date().replace(day=1)


def _count(registration: Registration, when: dt.datetime, **increments: int | Decimal) -> None:
    key = {
        "month": _month(when),
        "district_id": registration.district_id,
        "language": registration.language,
        "first_born": registration.first_born,
    }
    updated = MonthlyCount.objects.filter(**key).update(
        **{name: F(name) + value for name, value in increments.items()}
    )
    if not updated:
        MonthlyCount.objects.create(**key, **increments)


def delete_registration(
    registration_id: int, *, now: dt.datetime | None = None, force: bool = False
) -> bool:
    """Count and delete one registration if it is (still) due; True when deleted. The
    row is locked and checked again: a step taken a moment ago keeps it. ``force``:
    delete it now, due or not (the family's erasure, ``personal_data.py``)."""
    due_before = limit(now)
    with capacity.locked(Registration, registration_id) as registration:
        if not force and registration.last_step_at >= due_before:
            return False
        _count(registration, registration.created_at, registrations=1)
        if registration.status == Registration.Status.DONE and registration.done_at:
            _count(registration, registration.done_at, packages=1)
        grant = Grant.objects.filter(registration=registration).first()
        if grant is not None and grant.status == Grant.Status.PAID:
            payment = Payment.objects.filter(grant=grant).first()
            paid_at = payment.paid_at if payment else registration.last_step_at
            _count(registration, paid_at, grants_paid=1, grants_sum=grant.amount)
        FollowUp.objects.filter(registration=registration).exclude(
            status=FollowUp.Status.ACTIVE
        ).delete()
        reference = registration.reference
        audit.forget(object_type="welcome.registration", object_ids=[registration.pk])
        registration.delete()  # the grant with it; its payment stays (grant set to null)
        audit.record(
            actor=None,
            action="welcome.retention-delete",
            object_type="welcome.registration",
            changes={"reference": reference},
        )
    return True


def delete_kita_interests(*, now: dt.datetime | None = None) -> int:
    """Kita interests (with their preferred Kitas) whose last step is past the period."""
    with transaction.atomic():
        interests = KitaInterest.objects.filter(last_step_at__lt=limit(now))
        count = interests.count()
        interests.delete()
    return count


def delete_payments(*, today: dt.date | None = None) -> dict[str, int]:
    """Payments and transfer files past their ``keep_until``."""
    today = today or timezone.localdate()
    with transaction.atomic():
        numbers = list(
            Payment.objects.filter(keep_until__lt=today).values_list("number", flat=True)
        )
        Payment.objects.filter(keep_until__lt=today).delete()
        batches = TransferBatch.objects.filter(keep_until__lt=today, payments__isnull=True)
        batch_count = batches.count()
        batches.delete()
        if numbers or batch_count:
            audit.record(
                actor=None,
                action="welcome.retention-payments",
                object_type="welcome.payment",
                changes={"payments": len(numbers), "transfer_files": batch_count},
            )
    return {"payments": len(numbers), "transfer_files": batch_count}


def apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every step for everything that is due; the counts."""
    now = now or timezone.now()
    registrations = sum(_safely(delete_registration, pk, now) for pk in due_registrations(now=now))
    return {
        "registrations": registrations,
        "kita_interests": delete_kita_interests(now=now),
        **delete_payments(today=timezone.localtime(now).date()),
    }


def _safely(step: Callable[..., bool], pk: int, now: dt.datetime) -> bool:
    """One step; a row deleted meanwhile or locked right now waits for tomorrow."""
    try:
        return step(pk, now=now)
    except (Registration.DoesNotExist, capacity.CapacityBusy):
        return False


@periodic.every(periodic.DAY)
def apply_retention() -> dict[str, int]:
    """Once a day: delete the welcome's personal data past its periods."""
    return apply()
