"""factory_boy factories for the partners app (addresses, contact persons, districts)."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from familienrathaus.core.models import District
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Address, ContactPerson
from tests.factories import OrganisationFactory


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ortsteil {n}")
    slug = factory.Sequence(lambda n: f"ortsteil-{n}")


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    organisation = factory.SubFactory(OrganisationFactory)
    street = factory.Sequence(lambda n: f"Lindenallee {n + 1}")
    postcode = "12345"
    city = "Musterstadt"
    latitude = Decimal("51.400812")
    longitude = Decimal("7.188215")


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person {n}")
    role = "Beratung"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "01234 56789-0"
    is_public = True


class OfferFactory(DjangoModelFactory):
    """A bare offer row, for the partner page's list of offers."""

    class Meta:
        model = Offer

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Elterncafé {n}")
    slug = factory.Sequence(lambda n: f"elterncafe-{n}")
    summary = "Austausch bei Kaffee und Kuchen."
    status = Offer.Status.PUBLISHED
