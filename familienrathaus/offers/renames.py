"""Offers are found by the names of their themes, audiences, districts, languages and
partner: when one of those is renamed, the offers it names are indexed again.

Registered in :class:`familienrathaus.offers.apps.OffersConfig` with
:func:`familienrathaus.core.registries.on_renamed`; core and partners only announce
the rename.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation

# More offers than this: one rebuild of the whole index is cheaper than one by one.
REINDEX_ONE_BY_ONE_LIMIT = 200

# The relation of Offer that holds each renamed model.
_RELATION: dict[type[models.Model], str] = {
    Theme: "themes",
    Audience: "audiences",
    District: "districts",
    Language: "languages",
    Organisation: "organisation",
}


def reindex_offers_named_by(model: type[models.Model], pk: Any) -> None:
    relation = _RELATION.get(model)
    if relation is None:
        return
    published = Offer.objects.filter(status=Offer.Status.PUBLISHED, **{relation: pk}).only("pk")
    offers = list(published[: REINDEX_ONE_BY_ONE_LIMIT + 1])
    if len(offers) > REINDEX_ONE_BY_ONE_LIMIT:
        search.reindex_all()
        return
    for offer in offers:
        search.reindex(offer)
