"""Factories for the welcome for newborns (``welcome``).

Import them from this module (``from tests.factories.welcome import RegistrationFactory``).

- ``RegistrationFactory()`` – an online registration of a child born 30 days ago, in
  postcode 58452, package by post, no grant; ``RegistrationFactory(grant=True)`` also
  makes a requested :class:`GrantFactory` row (transfer with a valid IBAN).
- ``GrantFactory(status=...)`` – the grant of a fresh registration (transfer payout).
- ``SlotFactory()`` – a pick-up appointment next week, 20 minutes, one place.
- ``StockItemFactory()`` – 50 of an item for both packages.
- ``KitaInterestFactory()``, ``FollowUpFactory()`` – for a fresh registration.
- ``welcome_settings(**changes)`` – the settings row with some fields changed.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.welcome.models import (
    FollowUp,
    Grant,
    KitaInterest,
    Registration,
    Slot,
    StockItem,
    WelcomeSettings,
)
from familienrathaus.welcome.selectors import settings as settings_selectors

VALID_IBAN = "DE89370400440532013000"


def welcome_settings(**changes: Any) -> WelcomeSettings:
    """The active alliance's settings row with ``changes`` saved."""
    row = settings_selectors.get()
    for name, value in changes.items():
        setattr(row, name, value)
    if changes:
        row.save()
    return row


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"BB-2026-{n + 1:04d}")
    child_first_name = factory.Sequence(lambda n: f"Mia{n}")
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    first_born = True
    parent_names = factory.Sequence(lambda n: f"Anna und Ben Muster{n}")
    street = "Rathausplatz 1"
    postcode = "58452"
    town = "Witten"
    language = "de"
    email = factory.Sequence(lambda n: f"eltern{n}@example.org")
    phone = ""
    delivery = Registration.Delivery.POST
    wants_grant = False
    payout = ""
    consent_version = 1
    consented_at = factory.LazyFunction(timezone.now)
    channel = Registration.Channel.ONLINE
    guide_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    package_version = factory.LazyAttribute(
        lambda o: (
            Registration.PackageVersion.FIRST
            if o.first_born
            else Registration.PackageVersion.SIBLING
        )
    )
    package_language = factory.LazyAttribute(lambda o: o.language)

    @factory.post_generation
    def grant(obj: Registration, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``RegistrationFactory(grant=True)`` asks for the grant (transfer) and makes its row."""
        if not create or not extracted:
            return
        Registration.objects.filter(pk=obj.pk).update(
            wants_grant=True,
            payout=Registration.Payout.TRANSFER,
            account_holder=obj.parent_names[:70],
            iban=VALID_IBAN,
        )
        obj.refresh_from_db()
        GrantFactory(registration=obj, **kwargs)


class GrantFactory(DjangoModelFactory):
    class Meta:
        model = Grant

    registration = factory.SubFactory(
        RegistrationFactory,
        wants_grant=True,
        payout=Registration.Payout.TRANSFER,
        account_holder="Anna Muster",
        iban=VALID_IBAN,
    )
    amount = Decimal("100.00")
    status = Grant.Status.REQUESTED


class SlotFactory(DjangoModelFactory):
    class Meta:
        model = Slot

    kind = Slot.Kind.PICKUP
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=20))
    place = "Rathaus, Familienbüro, Zimmer 12"
    capacity = 1


class StockItemFactory(DjangoModelFactory):
    class Meta:
        model = StockItem

    name = factory.Sequence(lambda n: f"Lätzchen {n}")
    version = StockItem.For.BOTH
    language = ""
    quantity = 50
    warn_below = 10
    per_package = 1
    position = factory.Sequence(lambda n: n)


class KitaInterestFactory(DjangoModelFactory):
    class Meta:
        model = KitaInterest

    registration = factory.SubFactory(RegistrationFactory)
    child_first_name = factory.LazyAttribute(lambda o: o.registration.child_first_name)
    birth_date = factory.LazyAttribute(lambda o: o.registration.birth_date)
    parent_names = factory.LazyAttribute(lambda o: o.registration.parent_names)
    email = factory.LazyAttribute(lambda o: o.registration.email)
    postcode = factory.LazyAttribute(lambda o: o.registration.postcode)
    language = "de"
    care_from = factory.LazyAttribute(lambda o: o.birth_date + timedelta(days=400))
    hours_per_week = 35


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    registration = factory.SubFactory(RegistrationFactory)
    email = factory.LazyAttribute(lambda o: o.registration.email or "eltern@example.org")
    language = factory.LazyAttribute(lambda o: o.registration.language)
    birth_date = factory.LazyAttribute(lambda o: o.registration.birth_date)
    child_first_name = factory.LazyAttribute(lambda o: o.registration.child_first_name)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    status = FollowUp.Status.PENDING
