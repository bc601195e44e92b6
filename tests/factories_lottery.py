"""Factories for the lottery tests: a programme in its wish phase, occasions, children."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.core.models.users import Role
from familienrathaus.holidays.models import Activity, Child, Occasion, OccasionDate, Period
from familienrathaus.lottery.models import Wish
from tests.factories import OrganisationFactory, UserFactory


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    name = factory.Sequence(lambda n: f"Ferienprogramm {n}")
    slug = factory.Sequence(lambda n: f"ferienprogramm-{n}")
    holiday_start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    holiday_end = factory.LazyAttribute(lambda o: o.holiday_start + timedelta(days=40))
    wish_start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    wish_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    booking_opens = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    wishes_per_child = 5


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    period = factory.SubFactory(PeriodFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Aktivität {n:03d}")
    slug = factory.Sequence(lambda n: f"aktivitaet-{n}")
    summary = "Spaß in den Ferien"
    category = Activity.Category.SPORT
    status = Activity.Status.PUBLISHED


class OccasionFactory(DjangoModelFactory):
    class Meta:
        model = Occasion

    activity = factory.SubFactory(ActivityFactory)
    max_places = 10
    min_places = 0


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(UserFactory, role=Role.FAMILY)
    first_name = factory.Sequence(lambda n: f"Kind{n}")
    last_name = "Muster"
    birth_date = date(2018, 3, 1)


def at(period: Period, day: int, hour: int, minutes: int = 0) -> datetime:
    """A local time on the ``day``-th day (0-based) of the period's holidays."""
    when = period.holiday_start + timedelta(days=day)
    return timezone.make_aware(datetime(when.year, when.month, when.day, hour, minutes))


def occasion(
    period: Period,
    *,
    day: int = 0,
    start: int = 9,
    end: int = 12,
    places: int = 10,
    activity: Activity | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Occasion:
    if activity is None:
        extra = {"title": title} if title else {}
        activity = ActivityFactory(period=period, **extra)
    made = OccasionFactory(activity=activity, max_places=places, **kwargs)
    OccasionDate.objects.create(
        occasion=made, starts=at(period, day, start), ends=at(period, day, end)
    )
    return made


def wish(child: Child, target: Occasion, rank: int, group_code: str = "") -> Wish:
    return Wish.objects.create(
        period=target.activity.period,
        child=child,
        occasion=target,
        rank=rank,
        group_code=group_code,
    )
