"""Who may do what with offers. HTML views and API endpoints ask only these helpers.

Partner staff work on the offers of *their* organisations only; coordinators on all.
Everybody may read a published offer; an unpublished one only those who may change it.
"""

from __future__ import annotations

from familienrathaus.core import review
from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.permissions import is_member

# Offers whose content the owner may still edit; rejected and archived ones are closed.
EDITABLE_BY_OWNER = {
    Offer.Status.DRAFT,
    Offer.Status.SUBMITTED,
    Offer.Status.RETURNED,
    Offer.Status.PUBLISHED,
}


def _active(user: AnyUser) -> User | None:
    """The user if logged in and active (a ``User``), else None."""
    return user if isinstance(user, User) and user.is_active else None


def can_review_offers(user: AnyUser) -> bool:
    """Coordinators review submissions and see every offer."""
    staff = _active(user)
    return bool(staff is not None and staff.is_coordinator)


def can_manage_offers(user: AnyUser) -> bool:
    """Reach the back-office list of offers (their own, or all for coordinators)."""
    staff = _active(user)
    return bool(staff is not None and (staff.is_coordinator or staff.is_partner_staff))


def can_manage_own_offers(user: AnyUser) -> bool:
    """Partner staff: the "My offers" tile and the yearly confirmation page."""
    staff = _active(user)
    return bool(staff is not None and staff.is_partner_staff)


def can_create_offer_for(user: AnyUser, organisation: Organisation) -> bool:
    return can_review_offers(user) or is_member(user, organisation.pk)


def is_owner(user: AnyUser, offer: Offer) -> bool:
    """Staff of the offer's organisation (the "owner" role of the review workflow).

    Coordinators maintain all offers, so they count as owners too.
    """
    return can_review_offers(user) or is_member(user, offer.organisation_id)


def can_change_offer(user: AnyUser, offer: Offer) -> bool:
    """Edit the offer, submit it, archive it, see its drafts and change proposals."""
    return is_owner(user, offer)


def can_edit_offer_content(user: AnyUser, offer: Offer) -> bool:
    """Change the text and details now (rejected and archived offers are closed to partners)."""
    if can_review_offers(user):
        return True
    return offer.status in EDITABLE_BY_OWNER and is_member(user, offer.organisation_id)


def can_submit(user: AnyUser, offer: Offer) -> bool:
    """Submit the offer for review now: its owners, in a state the review workflow's
    "submit" step starts from (a draft or a returned offer)."""
    return offer.status in review.STEPS["submit"].sources and is_owner(user, offer)


def changes_need_review(user: AnyUser, offer: Offer) -> bool:
    """Whether the user's changes to the offer become a change proposal for review: a
    published offer, changed by someone who does not review offers, of a partner that
    is not trusted (what ``core.review.needs_review`` answers for offers' WORKFLOW)."""
    return (
        offer.status == Offer.Status.PUBLISHED
        and not can_review_offers(user)
        and not offer.organisation.is_trusted
    )


def can_view_offer(user: AnyUser, offer: Offer) -> bool:
    return offer.status == Offer.Status.PUBLISHED or can_change_offer(user, offer)
