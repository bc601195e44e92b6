"""Children of a family, their consent to sensitive data and its deletion."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from familienrathaus.core import audit, private_files
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Booking,
    Child,
    Period,
    ReductionClaim,
)
from familienrathaus.holidays.services.booking import cancel_booking

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
    purge_proofs(today=today)
    return purged


def purge_proofs(*, today: Any = None) -> int:
    """Delete the proof files of reduction claims once their programme's sensitive data
    is due for deletion (``Period.sensitive_data_until``); the claim and its decision
    stay for the invoices."""
    today = today or timezone.localdate()
    ended = [p.pk for p in Period.objects.all() if p.sensitive_data_until < today]
    claims = ReductionClaim.objects.filter(period__in=ended).exclude(proof="")
    purged = 0
    for claim in claims:
        with transaction.atomic():
            private_files.delete_file(claim.proof)
            ReductionClaim.objects.filter(pk=claim.pk).update(proof="")
            audit.record(actor=None, action="holidays.reduction.proof_deleted", obj=claim)
        purged += 1
    return purged
