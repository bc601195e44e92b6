"""Helpers to create events through the one write path (``events.services``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from familienrathaus.events import services
from familienrathaus.events.models import Event, Occurrence
from familienrathaus.partners.models import Organisation
from tests.factories.core import at

_counter = {"n": 0}


def make_event(
    *,
    organisation: Organisation | None = None,
    status: str = Event.Status.PUBLISHED,
    **values: Any,
) -> Event:
    _counter["n"] += 1
    day = timezone.localdate() + timedelta(days=7)
    defaults: dict[str, Any] = {
        "title": f"Elternabend Nummer {_counter['n']}",
        "summary": "Ein Abend für Eltern.",
        "start": at(day, 18),
        "end": at(day, 20),
        "venue_name": "Familienzentrum",
        "street": "Lindenallee 8",
        "postcode": "12345",
        "city": "Musterstadt",
    }
    defaults.update(values)
    return services.create_event(
        actor=None, organisation=organisation, values=defaults, status=status
    )


def first_date(event: Event) -> Occurrence:
    occurrence = event.occurrences.order_by("start").first()
    assert occurrence is not None
    return occurrence


def event_form(**extra: Any) -> dict[str, Any]:
    """A complete, valid POST of the event form (a single date in ten days)."""
    day = timezone.localdate() + timedelta(days=10)
    data = {
        "title": "Spielenachmittag",
        "summary": "Brettspiele für alle",
        "description": "",
        "start_date": day.isoformat(),
        "start_time": "15:00",
        "end_time": "17:00",
        "frequency": "",
        "interval": "1",
        "venue_name": "Kita Regenbogen",
        "street": "Tulpenweg 3",
        "postcode": "12345",
        "city": "Musterstadt",
        "cost": "free",
        "event_status": "scheduled",
        "registration_closes_hours": "0",
        "waiting_list": "on",
    }
    data.update(extra)
    return data
