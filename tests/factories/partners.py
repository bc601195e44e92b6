"""Factories for the partners app: organisations, their addresses and contact persons."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from familienrathaus.partners.models import Address, ContactPerson, Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Familienzentrum Nummer {n}")
    slug = factory.Sequence(lambda n: f"familienzentrum-nummer-{n}")
    kind = Organisation.Kind.EDUCATION


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
