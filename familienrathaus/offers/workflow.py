"""Offers in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from familienrathaus.core import review
from familienrathaus.core.review.proposals import Row
from familienrathaus.offers import content, diff, permissions, search, selectors
from familienrathaus.offers.models import Offer


def proposal_rows(offer: Offer) -> list[Row]:
    """The offer's own comparison (times, places, pictures and documents included)."""
    values = (offer.pending_changes or {}).get("values") or {}
    return [
        Row(
            label=row.label,
            before="\n".join(row.before) or "–",
            after="\n".join(row.after) or "–",
            long_text=row.long_text,
            pictures=row.pictures,
        )
        for row in diff.rows(content.offer_content(offer), values)
    ]


def queue_context() -> dict[str, Any]:
    return {
        "open_notices": selectors.open_notice_count(),
        "stale_count": selectors.stale_offers().count(),
    }


WORKFLOW = review.Workflow(
    name="offer",
    model=Offer,
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_offers,
    manage_url="offers:manage",
    transition_url="offers:transition",
    review_url="offers:review",
    queue_url="offers:review_queue",
    apply_changes=content.apply_content,
    discard_changes=content.discard_uploads,
    after_change=search.reindex,
    proposal_rows=proposal_rows,
    queue_template="offers/backoffice/review_queue.html",
    queue_context=queue_context,
)
