"""What the events app holds about a person (registered in ``core.personal_data``):
registrations made with one of the account's addresses (also without logging in), and
events and calendar feeds the person entered."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, combine, not_personal, references, register
from familienrathaus.events.models import Event, ICalSource, Registration
from familienrathaus.events.services import cancel_registration


def _registrations(person: Person) -> Any:
    return Registration.objects.filter(person.email_q("email")).select_related("occurrence__event")


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "event": r.occurrence.event.title,
            "date": r.occurrence.start,
            "name": r.name,
            "email": r.email,
            "adults": r.adults,
            "children": r.children,
            "message": r.message,
            "status": r.status,
            "registered": r.created_at,
        }
        for r in _registrations(person).order_by("pk")
    ]


def _erase(person: Person) -> None:
    """Places still ahead are cancelled first, so the waiting list moves up."""
    active = [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    upcoming = _registrations(person).filter(
        status__in=active, occurrence__start__gt=timezone.now()
    )
    for pk in list(upcoming.values_list("pk", flat=True)):
        cancel_registration(registration_id=pk)
    _registrations(person).delete()


register(
    "event_registrations",
    label=_("Event registrations"),
    models=[Registration],
    export=_export,
    erase=_erase,
    order=50,
)

_events = references(Event, ["created_by"], lambda e: {"event": e.title, "created": e.created_at})
_feeds = references(ICalSource, ["created_by"], lambda s: {"feed": s.url})
_created = combine(_events, _feeds, keys=["events", "calendar_feeds"])
register(
    "events_created",
    label=_("Events you entered"),
    models=[Event, ICalSource],
    export=_created[0],
    erase=_created[1],
    labels={"calendar_feeds": _("calendar feeds you imported")},
)

not_personal("events.occurrence", "a public note on one date of an event")
