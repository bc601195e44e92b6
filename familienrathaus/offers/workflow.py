"""Offers in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from familienrathaus.core import review, selectors
from familienrathaus.offers import content, permissions
from familienrathaus.offers.models import Offer


def staff_emails(offer: Offer) -> list[str]:
    return list(
        offer.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _reindex(offer: Offer) -> None:
    from familienrathaus.offers import search

    search.reindex(offer)


def _discard(offer: Offer, values: dict[str, Any]) -> None:
    content.discard_uploads(offer, values)


WORKFLOW = review.Workflow(
    name="offer",
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_offers,
    is_trusted=lambda offer: bool(offer.organisation.is_trusted),
    owner_emails=staff_emails,
    reviewer_emails=selectors.coordinator_emails,
    owner_url=lambda offer: settings.SITE_URL + reverse("offers:manage", args=[offer.pk]),
    reviewer_url=lambda offer: settings.SITE_URL + reverse("offers:review", args=[offer.pk]),
    mail_template="offers/mail/review_{event}.txt",
    apply_changes=content.apply_content,
    discard_changes=_discard,
    after_change=_reindex,
)
