"""Who may do what in the holiday programme. Views and API endpoints ask only these.

- Families see and book for *their own* children only.
- Partner staff (organisers) manage the activities of their organisations and see the
  participants of *their own* occasions; health notes and emergency contacts only
  while the period runs (from booking opening until the last day of the holidays).
- Coordinators run the programme: periods, reviews, dashboard, invoices.
"""

from __future__ import annotations

from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.holidays.models import Activity, Booking, Child, Occasion, ReductionClaim
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.permissions import is_member


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def is_coordinator(user: AnyUser) -> bool:
    person = _active(user)
    return bool(person is not None and person.is_coordinator)


def can_run_programme(user: AnyUser) -> bool:
    """Coordinators: periods, reviews, dashboard, invoices, cash-office export."""
    return is_coordinator(user)


def can_organise(user: AnyUser) -> bool:
    """Partner staff: the "My holiday activities" pages (and coordinators, for all)."""
    person = _active(user)
    return bool(person is not None and (person.is_partner_staff or person.is_coordinator))


def can_have_children(user: AnyUser) -> bool:
    """Any logged-in person may keep a family account with children."""
    return _active(user) is not None


def organisation_ids(user: AnyUser) -> set[int]:
    person = _active(user)
    if person is None or not person.is_partner_staff:
        return set()
    return set(Organisation.objects.filter(memberships__user=person).values_list("pk", flat=True))


def is_activity_owner(user: AnyUser, activity: Activity) -> bool:
    """Staff of the activity's organisation (the owner role of the review workflow);
    coordinators count as owners too."""
    return is_coordinator(user) or is_member(user, activity.organisation_id)


def can_create_activity_for(user: AnyUser, organisation: Organisation) -> bool:
    return is_coordinator(user) or is_member(user, organisation)


def can_view_activity(user: AnyUser, activity: Activity) -> bool:
    return activity.status == Activity.Status.PUBLISHED or is_activity_owner(user, activity)


def can_see_participants(user: AnyUser, occasion: Occasion) -> bool:
    return is_activity_owner(user, occasion.activity)


def can_see_sensitive_data(user: AnyUser, occasion: Occasion) -> bool:
    """Health notes and emergency contacts: the occasion's organisers (and the
    coordinators), only from booking opening until the holidays end."""
    if not can_see_participants(user, occasion):
        return False
    period = occasion.activity.period
    now = timezone.now()
    return period.booking_opens <= now and timezone.localdate(now) <= period.holiday_end


def is_family_of(user: AnyUser, child: Child) -> bool:
    person = _active(user)
    return bool(person is not None and child.family_id == person.pk)


def can_view_proof(user: AnyUser, claim: ReductionClaim) -> bool:
    """A reduction proof: the family that sent it and the coordinators, nobody else."""
    person = _active(user)
    return bool(person is not None and (claim.family_id == person.pk or person.is_coordinator))


def can_manage_booking(user: AnyUser, booking: Booking) -> bool:
    return is_family_of(user, booking.child) or is_coordinator(user)
