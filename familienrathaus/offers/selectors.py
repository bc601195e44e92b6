"""Reads of the offers app."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from familienrathaus.core import review
from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.offers import permissions
from familienrathaus.offers.models import (
    Offer,
    OfferAttachment,
    OfferImage,
    OfferNotice,
)

# Offers nobody confirmed for 15 months are flagged "stale" to the coordinators.
STALE_AFTER = timedelta(days=456)


def with_last_confirmed(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Annotate ``last_confirmed``: confirmed, else published, else created."""
    return offers.annotate(last_confirmed=Coalesce("confirmed_at", "published_at", "created_at"))


def _public_files() -> list[Prefetch[Any]]:
    return [
        Prefetch("images", queryset=OfferImage.objects.filter(is_pending=False)),
        Prefetch("attachments", queryset=OfferAttachment.objects.filter(is_pending=False)),
    ]


def public_offers(offers: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """What the public pages show of ``offers`` (default: the active alliance's): the
    published ones. The directory of alliances passes its own (core.tenancy.unscoped)."""
    offers = Offer.objects.all() if offers is None else offers
    return offers.filter(status=Offer.Status.PUBLISHED)


def published_offer(slug: str) -> Offer | None:
    return (
        public_offers(Offer.objects.filter(slug=slug))
        .select_related("organisation")
        .prefetch_related(
            "themes",
            "audiences",
            "districts",
            "languages",
            "times",
            "locations__district",
            *_public_files(),
        )
        .first()
    )


def offer_with_details(pk: int) -> Offer | None:
    """Any offer with everything its pages show (the caller checks permissions)."""
    return (
        Offer.objects.filter(pk=pk)
        .select_related("organisation", "created_by")
        .prefetch_related(
            "themes",
            "audiences",
            "districts",
            "languages",
            "times",
            "locations__district",
            *_public_files(),
        )
        .first()
    )


def offers_of(user: AnyUser) -> QuerySet[Offer]:
    """The offers a user manages in the back office: their organisations' or all."""
    offers = Offer.objects.select_related("organisation")
    if permissions.can_review_offers(user):
        return with_last_confirmed(offers)
    if not permissions.can_manage_offers(user) or not isinstance(user, User):
        return Offer.objects.none()
    return with_last_confirmed(offers.filter(organisation__memberships__user=user).distinct())


def _waiting_q() -> Q:
    return Q(status=Offer.Status.SUBMITTED) | Q(
        status=Offer.Status.PUBLISHED, pending_changes__state=review.CHANGES_SUBMITTED
    )


def review_queue() -> QuerySet[Offer]:
    """Submitted offers and published offers with changes waiting, oldest first."""
    return (
        Offer.objects.filter(_waiting_q())
        .select_related("organisation")
        .order_by("updated_at", "pk")
    )


def review_queue_count() -> int:
    return Offer.objects.filter(_waiting_q()).count()


def stale_offers(*, now: datetime | None = None) -> QuerySet[Offer]:
    now = now or timezone.now()
    return with_last_confirmed(Offer.objects.filter(status=Offer.Status.PUBLISHED)).filter(
        **{"last_confirmed__lt": now - STALE_AFTER}  # an annotation the type checker cannot see
    )


def offers_due_for_confirmation(*, now: datetime, older_than: timedelta) -> QuerySet[Offer]:
    return (
        with_last_confirmed(Offer.objects.filter(status=Offer.Status.PUBLISHED))
        .filter(**{"last_confirmed__lt": now - older_than})
        .order_by("title")
    )


def filter_offers(
    offers: QuerySet[Offer],
    *,
    text: str = "",
    status: str = "",
    organisation: Any = None,
    theme: Any = None,
    district: Any = None,
    stale: bool = False,
    waiting: bool = False,
) -> QuerySet[Offer]:
    if text:
        offers = offers.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    if status:
        offers = offers.filter(status=status)
    if organisation:
        offers = offers.filter(organisation=organisation)
    if theme:
        offers = offers.filter(themes=theme)
    if district:
        offers = offers.filter(districts=district)
    if stale:
        offers = offers.filter(
            status=Offer.Status.PUBLISHED,
            **{"last_confirmed__lt": timezone.now() - STALE_AFTER},
        )
    if waiting:
        offers = offers.filter(_waiting_q())
    return offers.distinct()


def is_stale(offer: Offer, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    last = offer.confirmed_at or offer.published_at or offer.created_at
    return offer.status == Offer.Status.PUBLISHED and last < now - STALE_AFTER


def notices(*, handled: bool | None = None) -> QuerySet[OfferNotice]:
    rows = OfferNotice.objects.select_related("offer", "offer__organisation")
    if handled is not None:
        rows = rows.filter(handled=handled)
    return rows


def open_notice_count() -> int:
    return OfferNotice.objects.filter(handled=False).count()
