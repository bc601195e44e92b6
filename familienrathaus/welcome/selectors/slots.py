"""Reads of the appointment slots: the free ones a family may choose, the coordinators'
upcoming list with who booked."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from familienrathaus.welcome.models import Registration, Slot

MAX_SHOWN = 400


def free_slots(*, kind: str, keep: Slot | None = None) -> list[Slot]:
    """The future slots of ``kind`` with a free place (and the family's own, ``keep``)."""
    qs = (
        Slot.objects.filter(kind=kind, starts_at__gt=timezone.now())
        .annotate(booked=Count("registrations"))
        .filter(Q(booked__lt=F("capacity")) | Q(pk=keep.pk if keep else None))
        .order_by("starts_at", "pk")
    )
    return list(qs[:MAX_SHOWN])


def group_by_day(slots: list[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    return [
        (day, list(members))
        for day, members in groupby(slots, key=lambda s: timezone.localdate(s.starts_at))
    ]


def upcoming_by_day(*, kind: str = "") -> list[tuple[dt.date, list[Any], int, int]]:
    """From today on, by day: the slots with their bookings (reference and status
    only), the places booked and the places of the day."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    qs = Slot.objects.filter(starts_at__gte=start)
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.only("pk", "reference", "status", "slot_id").order_by(
                "pk"
            ),
        )
    ).order_by("starts_at", "pk")
    days = []
    for day, slots in group_by_day(list(qs[:MAX_SHOWN])):
        booked = sum(len(slot.registrations.all()) for slot in slots)
        days.append((day, slots, booked, sum(slot.capacity for slot in slots)))
    return days


def common_place(slots: list[Slot]) -> str:
    """The place all ``slots`` share (shown once instead of on every slot), else ""."""
    places = {slot.place for slot in slots}
    return places.pop() if len(places) == 1 else ""
