"""The coordinators' workflow of a registration (the desk).

registered → checked (eligible, proof seen) → package prepared (first-born or sibling
version, language; the items leave the stock) → done (handed over, posted or visit
done); or declined with a reason at any step before done (also: not eligible, or the
same child registered twice). Each step

- locks the registration row for its transaction (two coordinators clicking the same
  step at once: the second is told the step is no longer possible; a package is never
  taken from the stock twice),
- refuses a step that does not follow from the current status with one
  :class:`StepRefused` message,
- sets ``last_step_at`` (the retention period counts from it) and
- writes an audit entry (``core.audit``) with what changed: the registration's history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.services import stock

Status = Registration.Status
Eligibility = Registration.Eligibility

AUDIT_FIELDS = [
    "status",
    "eligibility",
    "decision_reason",
    "proof_seen",
    "package_version",
    "package_language",
    "handover",
    "possible_duplicate_of",
    "duplicate_cleared",
    "staff_note",
]

OPEN = (Status.REGISTERED, Status.CHECKED, Status.PREPARED)
HANDOVER_FOR_DELIVERY = {
    Registration.Delivery.POST: Registration.Handover.POSTED,
    Registration.Delivery.PICKUP: Registration.Handover.HANDED,
    Registration.Delivery.VISIT: Registration.Handover.VISITED,
}


class StepRefused(ValidationError):
    """The step does not follow from the registration's current status."""


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration.pk)


def _save(
    *, actor: User, registration: Registration, before: dict[str, Any], action: str
) -> Registration:
    registration.last_step_at = timezone.now()
    registration.full_clean()
    registration.save()
    audit.record(
        actor=actor,
        action=f"welcome.{action}",
        obj=registration,
        changes=audit.diff(before, audit.snapshot(registration, AUDIT_FIELDS)),
    )
    return registration


def check(
    *, actor: User, registration: Registration, eligible: bool, reason: str, proof_seen: bool
) -> Registration:
    """The coordinator's decision on eligibility. Eligible needs the proof
    (``WelcomeSettings.proof_required``) seen; not eligible needs a reason and declines
    the registration."""
    reason = reason.strip()
    if eligible and not proof_seen:
        raise ValidationError(
            {"proof_seen": _("Confirm that you have seen the proof before you decide.")}
        )
    if not eligible and not reason:
        raise ValidationError({"reason": _("Say why the family is not eligible.")})
    with transaction.atomic():
        current = _locked(registration)
        if current.status not in (Status.REGISTERED, Status.CHECKED):
            raise StepRefused(_("This registration has already been checked and moved on."))
        before = audit.snapshot(current, AUDIT_FIELDS)
        current.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.NOT_ELIGIBLE
        current.status = Status.CHECKED if eligible else Status.DECLINED
        current.decision_reason = reason
        current.proof_seen = proof_seen
        current.decided_by = actor
        current.decided_at = timezone.now()
        if eligible and not current.package_language:
            current.package_language = current.language
        return _save(actor=actor, registration=current, before=before, action="check")


def prepare(
    *, actor: User, registration: Registration, version: str, language: str
) -> Registration:
    """Prepare the package: its items leave the stock (all or none, under the items'
    lock). Refuses with :class:`stock.StockOut` naming what is missing."""
    with transaction.atomic():
        current = _locked(registration)
        if current.status != Status.CHECKED or current.eligibility != Eligibility.ELIGIBLE:
            raise StepRefused(_("Only a checked, eligible registration gets a package."))
        before = audit.snapshot(current, AUDIT_FIELDS)
        stock.take_for_package(
            actor=actor, registration=current, version=version, language=language
        )
        current.package_version = version
        current.package_language = language
        current.status = Status.PREPARED
        current.prepared_at = timezone.now()
        return _save(actor=actor, registration=current, before=before, action="prepare")


def complete(*, actor: User, registration: Registration, handover: str) -> Registration:
    """The package was handed over, posted, or the visit is done."""
    if handover not in Registration.Handover.values:
        raise ValidationError({"handover": _("Choose how the package reached the family.")})
    with transaction.atomic():
        current = _locked(registration)
        if current.status != Status.PREPARED:
            raise StepRefused(_("Only a prepared package can be handed over."))
        before = audit.snapshot(current, AUDIT_FIELDS)
        current.handover = handover
        current.status = Status.DONE
        current.done_at = timezone.now()
        return _save(actor=actor, registration=current, before=before, action="complete")


def decline(*, actor: User, registration: Registration, reason: str) -> Registration:
    """Decline with a reason; a prepared package's items go back to the stock."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the registration is declined.")})
    with transaction.atomic():
        current = _locked(registration)
        if current.status not in OPEN:
            raise StepRefused(_("This registration is already closed."))
        before = audit.snapshot(current, AUDIT_FIELDS)
        if current.status == Status.PREPARED:
            stock.put_back(actor=actor, registration=current)
        current.status = Status.DECLINED
        current.decision_reason = reason
        current.decided_by = actor
        current.decided_at = timezone.now()
        return _save(actor=actor, registration=current, before=before, action="decline")


def resolve_duplicate(*, actor: User, registration: Registration, same: bool) -> Registration:
    """The coordinator compared the two registrations: the same child (this one is
    declined, the other stays) or not (the mark goes away)."""
    with transaction.atomic():
        current = _locked(registration)
        other = current.possible_duplicate_of
        if other is None or current.duplicate_cleared:
            raise StepRefused(_("This registration is not marked as a possible duplicate."))
        if not same:
            before = audit.snapshot(current, AUDIT_FIELDS)
            current.duplicate_cleared = True
            return _save(actor=actor, registration=current, before=before, action="not-duplicate")
        return decline(
            actor=actor,
            registration=current,
            reason=_("The same child is already registered as %(reference)s.")
            % {"reference": other.reference},
        )


def save_note(*, actor: User, registration: Registration, note: str) -> Registration:
    with transaction.atomic():
        current = _locked(registration)
        before = audit.snapshot(current, AUDIT_FIELDS)
        current.staff_note = note.strip()
        current.full_clean()
        current.save(update_fields=["staff_note"])
        audit.record(
            actor=actor,
            action="welcome.note",
            obj=current,
            changes=audit.diff(before, audit.snapshot(current, AUDIT_FIELDS)),
        )
    return current
