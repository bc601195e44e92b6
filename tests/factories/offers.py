"""The one factory for offers, with its traits, and helpers for the offer form.

``OfferFactory()`` is a draft with the theme "Gesundheit". Traits:

* ``published=True``: published now (``published(**kwargs)`` is short for it);
* ``in_guide=True``: published, with a weekly time and a place, as the printed guide
  lists an offer;
* ``searchable=True``: published, written like the offers services write it and then
  reindexed (``familienrathaus.offers.search.reindex``): neutral texts, no theme unless
  given, one shared organisation ("Familienzentrum Lindenhof"), each offer published a
  day after the one before.

The vocabulary fields (``themes``, ``audiences``, ``districts``, ``languages``) take
objects or slugs; districts given by slug are created. ``details=True`` adds a weekly
time and a place; ``indexed=True`` reindexes the offer for the search.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import factory
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer, OfferLocation, OfferTime
from familienrathaus.partners.models import Organisation
from tests.factories.core import district, terms, theme
from tests.factories.partners import OrganisationFactory


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Offer.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )
        in_guide = factory.Trait(
            published=True,
            title=factory.Sequence(lambda n: f"Krabbelgruppe Sonnenschein {n}"),
            slug=factory.Sequence(lambda n: f"krabbelgruppe-sonnenschein-{n}"),
            summary="Eltern mit Kindern bis drei Jahre treffen sich zum Spielen.",
            description="",
            phone="01234 56789",
        )
        searchable = factory.Trait(
            organisation=factory.SubFactory(
                OrganisationFactory,
                name="Familienzentrum Lindenhof",
                slug="familienzentrum-lindenhof",
            ),
            title=factory.Sequence(lambda n: f"Angebot {n}"),
            slug=factory.Sequence(lambda n: f"angebot-{n}"),
            summary="Ein Angebot für Familien.",
            description="",
            status=Offer.Status.PUBLISHED,
            published_at=factory.Sequence(lambda n: timezone.now() - timedelta(days=1000 - n)),
        )

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Elterncafé Nummer {n}")
    slug = factory.Sequence(lambda n: f"elterncafe-nummer-{n}")
    summary = "Ein offener Treff für Eltern mit Kindern bis drei Jahre."
    description = "Jeden Dienstag bei **Kaffee** und Keksen."
    status = Offer.Status.DRAFT

    themes = factory.Maybe(
        "searchable",
        factory.PostGeneration(
            lambda obj, create, extracted, **kw: _set(obj, create, "themes", extracted)
        ),
        factory.PostGeneration(
            lambda obj, create, extracted, **kw: _set(
                obj, create, "themes", [theme()] if extracted is None else extracted
            )
        ),
    )
    audiences = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _set(obj, create, "audiences", extracted)
    )
    districts = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _set(obj, create, "districts", extracted)
    )
    languages = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _set(obj, create, "languages", extracted)
    )
    # A weekly time and a place: always in the guide, else with ``details=True``.
    details = factory.Maybe(
        "in_guide",
        factory.PostGeneration(lambda obj, create, extracted, **kw: _details(obj, create)),
        factory.PostGeneration(
            lambda obj, create, extracted, **kw: _details(obj, create and bool(extracted))
        ),
    )
    # Last: the search index, always for ``searchable``, else with ``indexed=True``.
    indexed = factory.Maybe(
        "searchable",
        factory.PostGeneration(lambda obj, create, extracted, **kw: _reindex(obj, create)),
        factory.PostGeneration(
            lambda obj, create, extracted, **kw: _reindex(obj, create and bool(extracted))
        ),
    )


VOCABULARIES: dict[str, type[Model]] = {
    "themes": Theme,
    "audiences": Audience,
    "districts": District,
    "languages": Language,
}


def _set(offer: Offer, create: bool, field: str, values: Any) -> None:
    if create and values is not None:
        getattr(offer, field).set(terms(VOCABULARIES[field], values))


def _details(offer: Offer, create: bool) -> None:
    if create:
        OfferTime.objects.create(offer=offer, weekday=1, opens=time(9), closes=time(11))
        OfferLocation.objects.create(
            offer=offer, street="Marktstraße 5", postcode="12345", city="Musterstadt"
        )


def _reindex(offer: Offer, create: bool) -> None:
    if create:
        search.reindex(offer)


def published(**kwargs: Any) -> Offer:
    """A published offer (``OfferFactory(published=True, **kwargs)``)."""
    offer: Offer = OfferFactory.create(published=True, **kwargs)
    return offer


def make_offer(organisation: Organisation, title: str, **fields: Any) -> Offer:
    """An offer as an earlier import left it: slug from partner and title, first theme."""
    fields.setdefault("summary", "Kurz gesagt")
    fields.setdefault("description", "")
    offer: Offer = OfferFactory.create(
        organisation=organisation,
        title=title,
        slug=slugify(f"{organisation.slug}-{title}"),
        themes=[Theme.objects.order_by("position").first()],
        **fields,
    )
    return offer


def add_details(offer: Offer) -> Offer:
    """Times, a location, audiences and languages, as a real offer has."""
    OfferTime.objects.create(offer=offer, weekday=1, opens=time(9), closes=time(11), note="")
    OfferLocation.objects.create(
        offer=offer,
        label="Familienzentrum",
        street="Marktstraße 5",
        postcode="12345",
        city="Musterstadt",
        district=district(),
        latitude="51.401000",
        longitude="7.190000",
    )
    offer.audiences.set([Audience.objects.get(name="Alleinerziehende")])
    offer.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    offer.districts.set([district()])
    return offer


def form_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid POST of the offer form with empty formsets."""
    data: dict[str, Any] = {
        "title": "Stillberatung im Familienzentrum",
        "summary": "Hebammen beraten Sie rund ums Stillen.",
        "description": "Bringen Sie gern Ihr Baby mit.",
        "themes": [str(theme().pk)],
        "audiences": [],
        "languages": [],
        "districts": [],
        "accessibility": [],
        "age_min": "",
        "age_max": "",
        "cost": "free",
        "cost_note": "",
        "online_url": "",
        "phone": "",
        "email": "",
        "times_note": "",
        "valid_from": "",
        "valid_until": "",
    }
    for prefix in ("times", "locations", "images", "attachments"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    data.update(changes)
    return data


def with_rows(
    data: dict[str, Any], prefix: str, rows: list[dict[str, Any]], initial: int = 0
) -> dict[str, Any]:
    data = dict(data)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(initial)
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{number}-{key}"] = value
    return data
