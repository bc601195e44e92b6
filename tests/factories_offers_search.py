"""Offers for the search tests: written like the offers services do, then reindexed.

``SearchOfferFactory(title=..., themes=["gesundheit"], ...)`` takes vocabulary *slugs*
for the many-to-many fields (creating districts that do not exist yet) and calls
``familienrathaus.offers.search.reindex`` at the end, as every write path must.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer
from tests.factories import OrganisationFactory


def _terms(model: Any, slugs: list[str]) -> list[Any]:
    if model is District:
        return [
            District.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
            for slug in slugs
        ]
    return list(model.objects.filter(slug__in=slugs))


class SearchOfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    organisation = factory.SubFactory(
        OrganisationFactory, name="Familienzentrum Lindenhof", slug="familienzentrum-lindenhof"
    )
    title = factory.Sequence(lambda n: f"Angebot {n}")
    slug = factory.Sequence(lambda n: f"angebot-{n}")
    summary = "Ein Angebot für Familien."
    status = Offer.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1000 - n))

    @classmethod
    def _create(cls, model_class: type[Offer], *args: Any, **kwargs: Any) -> Offer:
        related = {
            "themes": (Theme, kwargs.pop("themes", [])),
            "audiences": (Audience, kwargs.pop("audiences", [])),
            "districts": (District, kwargs.pop("districts", [])),
            "languages": (Language, kwargs.pop("languages", [])),
        }
        offer: Offer = super()._create(model_class, *args, **kwargs)
        for name, (model, slugs) in related.items():
            getattr(offer, name).set(_terms(model, list(slugs)))
        search.reindex(offer)
        return offer
