"""Reduced fees: a family's claim and the coordinator's check."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Period,
    ReductionClaim,
    ReductionKind,
)

# -------------------------------------------------------------------- reductions


def add_reduction_kind(*, actor: User, period: Period, kind: ReductionKind) -> ReductionKind:
    """A kind of reduced fee a programme offers (e.g. for holders of a family pass)."""
    kind.period = period
    kind.full_clean()
    with transaction.atomic():
        kind.save()
        audit.record(
            actor=actor,
            action="holidays.reduction_kind.create",
            obj=kind,
            changes={"name": {"before": None, "after": str(kind)}},
        )
    return kind


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
