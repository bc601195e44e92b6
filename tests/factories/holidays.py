"""Factories for the holiday programme (familienrathaus.holidays).

``PeriodFactory()`` is in its booking phase (opened an hour ago, holidays in two
months); ``PeriodFactory(wish_phase=True)`` collects lottery wishes this week and
opens booking in two weeks.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Invoice,
    Occasion,
    OccasionDate,
    Period,
)
from tests.factories.core import UserFactory, at
from tests.factories.partners import OrganisationFactory


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    class Params:
        wish_phase = factory.Trait(
            holiday_end=factory.LazyAttribute(lambda o: o.holiday_start + timedelta(days=40)),
            wish_start=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            wish_end=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
            booking_opens=factory.LazyFunction(lambda: timezone.now() + timedelta(days=14)),
            wishes_per_child=5,
        )

    name = factory.Sequence(lambda n: f"Sommerferien {2030 + n}")
    slug = factory.Sequence(lambda n: f"sommerferien-{2030 + n}")
    holiday_start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    holiday_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=100))
    booking_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    period = factory.SubFactory(PeriodFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Waldabenteuer {n:03d}")
    slug = factory.Sequence(lambda n: f"waldabenteuer-{n}")
    summary = "Hütten bauen im Stadtwald."
    category = Activity.Category.NATURE
    meeting_point = "Parkplatz Stadtwald"
    status = Activity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class OccasionFactory(DjangoModelFactory):
    """An occasion with one date: ``day`` (default: the holidays' first day) 9–12;
    ``day__hours=(14, 17)`` for other hours."""

    class Meta:
        model = Occasion
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    max_places = 10
    fee = Decimal("5.00")

    @factory.post_generation
    def day(obj: Occasion, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        start_day = extracted or obj.activity.period.holiday_start
        hours = kwargs.get("hours", (9, 12))
        OccasionDate.objects.create(
            occasion=obj, starts=at(start_day, hours[0]), ends=at(start_day, hours[1])
        )


class ChildFactory(DjangoModelFactory):
    """A child of about eight, of a new family unless ``family`` is given."""

    class Meta:
        model = Child

    family = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    last_name = "Muster"
    birth_date = factory.LazyFunction(
        lambda: timezone.localdate().replace(day=1) - timedelta(days=365 * 8)
    )


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    child = factory.SubFactory(ChildFactory)
    occasion = factory.SubFactory(OccasionFactory)
    status = Booking.Status.CONFIRMED
    fee = Decimal("5.00")


class InvoiceFactory(DjangoModelFactory):
    """An issued invoice over one line (as ``services.issue_invoices`` writes it); give
    ``number`` to match a bank statement in ``tests/data``."""

    class Meta:
        model = Invoice

    period = factory.SubFactory(PeriodFactory)
    family = factory.SubFactory(UserFactory)
    payer_name = factory.LazyAttribute(lambda o: o.family.name or o.family.email)
    payer_email = factory.LazyAttribute(lambda o: o.family.email)
    number = factory.Sequence(lambda n: f"FS-2099-{n + 1:05d}")
    total = Decimal("18.00")
    lines = factory.LazyAttribute(
        lambda o: [{"text": "Ferienspaß", "amount": str(o.total), "total": str(o.total)}]
    )
