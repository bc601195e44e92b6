"""Who may do what with concerns. The desk's views, the office link and the API ask only these.

Three kinds of people work on a concern:

- **Coordinators** (the coordination office) see and do everything.
- **Partner staff** see a concern only while it is passed to their organisation
  (``Concern.organisation``), and answer it there. Passed elsewhere or merged into
  another concern, it is gone from their list. The family's name and contact only at
  the privacy level "with my name" (``named``).
- **Offices** of the administration have no account: a signed link per concern
  (:mod:`familienrathaus.concerns.office_links`) lets them read and answer that one
  concern while it is passed to them and open. Contact again only at "named".

A family's own view of its concern (the tracking link, the account) is the intake's
business (``views_public.py``); it never shows internal messages.
"""

from __future__ import annotations

from familienrathaus.concerns.models import Concern, Message
from familienrathaus.core.permissions import AnyUser
from familienrathaus.partners.permissions import is_member


def is_coordinator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_coordinator)


def can_use_desk(user: AnyUser) -> bool:
    """The inbox, overdue list, exports, and every step on any concern."""
    return is_coordinator(user)


def can_manage_settings(user: AnyUser) -> bool:
    """Offices, answer templates, topics and their target times."""
    return is_coordinator(user)


def can_use_partner_inbox(user: AnyUser) -> bool:
    """The back-office list "concerns passed to us" (empty when nothing was passed)."""
    return bool(user.is_authenticated and user.is_active and user.is_partner_staff)


def _is_open(concern: Concern) -> bool:
    return concern.status != Concern.Status.CLOSED and concern.merged_into_id is None


def is_partner_holder(user: AnyUser, concern: Concern) -> bool:
    """Staff of the organisation the concern is passed to right now."""
    return bool(
        concern.organisation_id is not None
        and concern.redacted_at is None
        and is_member(user, concern.organisation_id)
    )


def can_view(user: AnyUser, concern: Concern) -> bool:
    """Read the concern and its internal timeline."""
    return is_coordinator(user) or (
        concern.merged_into_id is None and is_partner_holder(user, concern)
    )


def can_answer(user: AnyUser, concern: Concern) -> bool:
    """Write an answer (a partner: to the desk, or to the family when it chooses so)."""
    return can_view(user, concern) and _is_open(concern)


def can_manage(user: AnyUser, concern: Concern) -> bool:
    """Assign, pass on, change status or priority, merge, write internal notes."""
    return is_coordinator(user)


def can_see_contact(user: AnyUser, concern: Concern) -> bool:
    """The family's name, e-mail address and phone number."""
    if is_coordinator(user):
        return True
    return can_view(user, concern) and concern.privacy == Concern.Privacy.NAMED


def can_view_message(user: AnyUser, message: Message) -> bool:
    """Coordinators read every message. Partner staff never read the desk's internal
    notes; of the rest they read what ``selectors.desk.timeline(concern, whole=False)``
    hands them (the hand-over to them and everything since, what the family sees and
    wrote) for a concern they hold. Use both: the selector picks, this guards."""
    if is_coordinator(user):
        return True
    return message.kind != Message.Kind.NOTE and can_view(user, message.concern)


def office_may_open(concern: Concern, office_id: int) -> bool:
    """The signed link of an office (already verified) still works for this concern."""
    return bool(
        concern.office_id == office_id
        and concern.redacted_at is None
        and _is_open(concern)
        and concern.office is not None
        and concern.office.active
    )


def office_may_see_contact(concern: Concern) -> bool:
    return concern.privacy == Concern.Privacy.NAMED
