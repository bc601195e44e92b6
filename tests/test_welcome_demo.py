"""The welcome's demo (issue 19, point 9): about 150 registrations over the last year in
every state, across districts and languages; grants paid in cash and by one transfer file
and one refused with a reason; a stock item running low; slots for the next weeks; 30
Kita wishes, some of the same child; loaded twice without doubling, no mail sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from familienrathaus.core import demo as core_demo
from familienrathaus.core.models import District, OutboxMessage
from familienrathaus.welcome import demo
from familienrathaus.welcome.models import (
    Grant,
    KitaInterest,
    Payment,
    Registration,
    Slot,
    StockItem,
    TransferBatch,
)
from tests.factories.places import PlaceFactory, kind

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_registrations_in_every_state() -> None:
    core_demo.load()
    for name in ("Altstadt", "Nordviertel", "Südstadt"):
        District.objects.get_or_create(name=name, defaults={"slug": name.lower()})
    for name in ("Kita Regenbogen", "Kita Sonnenschein", "Kita Pusteblume"):
        PlaceFactory(name=name, kinds=[kind("kita")])

    assert demo.load() > 0
    assert demo.load() == 0

    registrations = Registration.objects.all()
    assert 140 <= registrations.count() <= 160
    assert set(registrations.values_list("status", flat=True)) == set(Registration.Status.values)
    assert set(registrations.values_list("language", flat=True)) == {"de", "en", "tr"}
    assert registrations.values("district").distinct().count() >= 3
    today = timezone.localdate()
    oldest = timezone.localdate(registrations.order_by("created_at").first().created_at)
    assert today - dt.timedelta(days=366) <= oldest <= today - dt.timedelta(days=300)
    assert registrations.filter(possible_duplicate_of__isnull=False).exists()

    assert set(Grant.objects.values_list("status", flat=True)) == set(Grant.Status.values)
    refused = Grant.objects.get(status=Grant.Status.REFUSED)
    assert refused.reason
    methods = set(Payment.objects.values_list("method", flat=True))
    assert methods == {Payment.Method.CASH, Payment.Method.TRANSFER}
    assert TransferBatch.objects.count() == 1
    low = [item for item in StockItem.objects.all() if item.quantity < item.warn_below]
    assert len(low) == 1
    assert Slot.objects.filter(starts_at__gt=timezone.now()).count() > 50

    assert KitaInterest.objects.count() == 30
    assert KitaInterest.objects.filter(possible_duplicate_of__isnull=False).count() >= 3
    assert not OutboxMessage.objects.filter(purpose__startswith="welcome").exists()
