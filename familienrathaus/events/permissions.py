"""Who may do what with events. HTML views and API endpoints ask only these helpers.

Partner staff work on the events of *their* organisations only, and see the
participants of those only; coordinators work on all events (also the alliance's own,
which have no organisation) and review the partners' submissions.
"""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.events.models import Event, ICalSource
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.permissions import is_member

EDITABLE_BY_OWNER = {
    Event.Status.DRAFT,
    Event.Status.SUBMITTED,
    Event.Status.RETURNED,
    Event.Status.PUBLISHED,
}


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def can_review_events(user: AnyUser) -> bool:
    staff = _active(user)
    return bool(staff is not None and staff.is_coordinator)


def can_manage_events(user: AnyUser) -> bool:
    """Reach the back-office list of events (their own, or all for coordinators)."""
    staff = _active(user)
    return bool(staff is not None and (staff.is_coordinator or staff.is_partner_staff))


def can_manage_own_events(user: AnyUser) -> bool:
    staff = _active(user)
    return bool(staff is not None and staff.is_partner_staff)


def organisations_for(user: AnyUser) -> list[Organisation]:
    """The organisations the user may create events for."""
    staff = _active(user)
    if staff is None:
        return []
    if staff.is_coordinator:
        return list(Organisation.objects.order_by("name"))
    if staff.is_partner_staff:
        return list(Organisation.objects.filter(memberships__user=staff).order_by("name"))
    return []


def can_create_event_for(user: AnyUser, organisation: Organisation | None) -> bool:
    if can_review_events(user):
        return True
    return organisation is not None and is_member(user, organisation.pk)


def is_owner(user: AnyUser, event: Event) -> bool:
    """The "owner" role of the review workflow: staff of the organisation, coordinators."""
    return can_review_events(user) or is_member(user, event.organisation_id)


def can_change_event(user: AnyUser, event: Event) -> bool:
    return is_owner(user, event)


def can_edit_event_content(user: AnyUser, event: Event) -> bool:
    if can_review_events(user):
        return True
    return event.status in EDITABLE_BY_OWNER and is_member(user, event.organisation_id)


def can_see_participants(user: AnyUser, event: Event) -> bool:
    return is_owner(user, event)


def can_view_event(user: AnyUser, event: Event) -> bool:
    return event.status == Event.Status.PUBLISHED or can_change_event(user, event)


def can_import_calendar(user: AnyUser) -> bool:
    return can_manage_events(user)


def can_use_source(user: AnyUser, source: ICalSource) -> bool:
    return can_review_events(user) or is_member(user, source.organisation_id)
