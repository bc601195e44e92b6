"""schema.org ``Event`` JSON-LD of an event page (one date of it).

Escaped like Django's ``json_script`` so text from an event can never close the
script element.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from familienrathaus.events.models import Event, EventStatus, Occurrence
from familienrathaus.events.services import places_left

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
STATUS: dict[str, str] = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def _when(value: Any, all_day: bool) -> str:
    local = timezone.localtime(value)
    return local.date().isoformat() if all_day else local.isoformat()


def event_data(
    event: Event, occurrence: Occurrence | None, *, absolute: Callable[[str], str]
) -> dict[str, Any]:
    start = occurrence.start if occurrence else event.start
    end = occurrence.end if occurrence else event.end
    status = occurrence.status if occurrence else event.event_status
    url = absolute(occurrence.get_absolute_url() if occurrence else event.get_absolute_url())
    physical = event.has_venue
    online = event.online_possible
    if physical and online:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif online:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    locations: list[dict[str, Any]] = []
    if physical:
        place: dict[str, Any] = {
            "@type": "Place",
            "name": event.venue_name or event.street,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.street,
                "postalCode": event.postcode,
                "addressLocality": event.city,
                "addressCountry": "DE",
            },
        }
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        locations.append(place)
    if online:
        virtual: dict[str, Any] = {"@type": "VirtualLocation"}
        # The link itself only when it is not reserved for registered participants.
        virtual["url"] = url if event.online_for_registered_only else event.online_url
        locations.append(virtual)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": occurrence.title if occurrence else event.title,
        "description": event.summary or event.title,
        "startDate": _when(start, event.all_day),
        "endDate": _when(end, event.all_day),
        "eventStatus": STATUS.get(status, STATUS[EventStatus.SCHEDULED]),
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.organiser_name},
        "isAccessibleForFree": event.cost == Event.Cost.FREE,
    }
    if not locations:
        del data["location"]
    offer: dict[str, Any] = {
        "@type": "Offer",
        "url": url,
        "price": str(event.price) if event.price is not None else "0",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    }
    if occurrence is not None and event.registration_required:
        left = places_left(occurrence)
        if left == 0:
            offer["availability"] = "https://schema.org/SoldOut"
        elif left is not None:
            offer["availability"] = "https://schema.org/LimitedAvailability"
    data["offers"] = offer
    if event.age_min is not None or event.age_max is not None:
        data["typicalAgeRange"] = f"{event.age_min or 0}-{event.age_max or ''}"
    if event.image:
        data["image"] = absolute(event.image.url)
    languages = [language.code for language in event.languages.all()]
    if languages:
        data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    audiences = [audience.name for audience in event.audiences.all()]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308  escaped above
