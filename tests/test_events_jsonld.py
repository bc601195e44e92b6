"""schema.org Event JSON-LD of event pages, validated against the schema.org vocabulary.

No network: the part of the vocabulary (schema.org release 29) that event pages use is
written out below — for each type the properties schema.org defines for it (its own
and inherited ones), for each property the types its values may have, and the members
of the enumerations. Every object of the JSON-LD is checked against it: an unknown
type, a property the type does not have, a value of the wrong type or an enumeration
member that does not exist fails the test.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import pytest

from familienrathaus.events import services
from tests.factories import at, first_date, make_event

pytestmark = pytest.mark.django_db

THING = {"@type", "@id", "@context", "name", "description", "url", "image", "sameAs",
         "identifier", "alternateName"}  # fmt: skip
TYPES: dict[str, set[str]] = {
    "Event": THING | {
        "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer",
        "offers", "typicalAgeRange", "isAccessibleForFree", "inLanguage", "audience",
        "performer", "doorTime", "duration", "maximumAttendeeCapacity",
        "remainingAttendeeCapacity", "previousStartDate", "superEvent", "subEvent",
    },
    "Place": THING | {"address", "geo", "latitude", "longitude", "telephone"},
    "VirtualLocation": THING,
    "PostalAddress": THING | {
        "streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry",
    },
    "GeoCoordinates": THING | {"latitude", "longitude"},
    "Organization": THING | {"email", "telephone", "address"},
    "Offer": THING | {
        "price", "priceCurrency", "availability", "validFrom", "validThrough", "category",
    },
    "Audience": THING | {"audienceType"},
}  # fmt: skip
TEXT, URL, DATE, NUMBER, BOOL = "Text", "URL", "Date", "Number", "Boolean"
RANGES: dict[str, set[str]] = {
    "name": {TEXT}, "description": {TEXT}, "url": {URL}, "@id": {URL}, "image": {URL},
    "startDate": {DATE}, "endDate": {DATE},
    "eventStatus": {"EventStatusType"}, "eventAttendanceMode": {"EventAttendanceModeEnumeration"},
    "location": {"Place", "VirtualLocation", "PostalAddress", TEXT},
    "organizer": {"Organization", "Person"}, "offers": {"Offer"},
    "typicalAgeRange": {TEXT}, "isAccessibleForFree": {BOOL}, "inLanguage": {TEXT},
    "audience": {"Audience"}, "address": {"PostalAddress", TEXT}, "geo": {"GeoCoordinates"},
    "latitude": {NUMBER, TEXT}, "longitude": {NUMBER, TEXT},
    "streetAddress": {TEXT}, "postalCode": {TEXT}, "addressLocality": {TEXT},
    "addressCountry": {TEXT}, "price": {NUMBER, TEXT}, "priceCurrency": {TEXT},
    "availability": {"ItemAvailability"}, "audienceType": {TEXT},
}  # fmt: skip
ENUMS = {
    "EventStatusType": {"EventScheduled", "EventCancelled", "EventPostponed",
                        "EventRescheduled", "EventMovedOnline"},
    "EventAttendanceModeEnumeration": {"OfflineEventAttendanceMode",
                                       "OnlineEventAttendanceMode",
                                       "MixedEventAttendanceMode"},
    "ItemAvailability": {"InStock", "SoldOut", "LimitedAvailability", "OutOfStock",
                         "PreOrder", "Discontinued"},
}  # fmt: skip


def _matches(value: Any, expected: str) -> bool:
    if expected in ENUMS:
        prefix = "https://schema.org/"
        return isinstance(value, str) and value.startswith(prefix) and (
            value[len(prefix):] in ENUMS[expected]
        )  # fmt: skip
    if expected in TYPES:
        return isinstance(value, dict) and value.get("@type") == expected
    if expected == TEXT:
        return isinstance(value, str)
    if expected == URL:
        return isinstance(value, str) and re.match(r"^https?://", value) is not None
    if expected == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected == BOOL:
        return isinstance(value, bool)
    if expected == DATE:
        if not isinstance(value, str):
            return False
        try:
            (datetime if "T" in value else date).fromisoformat(value)
        except ValueError:
            return False
        return True
    return False


def validate(node: dict[str, Any], path: str = "$") -> list[str]:
    problems = []
    kind = node.get("@type")
    if kind not in TYPES:
        return [f"{path}: unknown type {kind!r}"]
    for key, value in node.items():
        if key not in TYPES[kind]:
            problems.append(f"{path}: {kind} has no property {key!r}")
            continue
        if key in {"@type", "@context"}:
            continue
        for item in value if isinstance(value, list) else [value]:
            allowed = RANGES.get(key, {TEXT})
            if not any(_matches(item, expected) for expected in allowed):
                problems.append(f"{path}.{key}: {item!r} is not one of {sorted(allowed)}")
            if isinstance(item, dict):
                problems.extend(validate(item, f"{path}.{key}"))
    return problems


def jsonld(client, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_validator_catches_mistakes():
    assert validate({"@type": "Event", "startdate": "2027-01-01"})
    assert validate({"@type": "Event", "eventStatus": "https://schema.org/Scheduled"})
    assert validate({"@type": "Event", "location": {"@type": "Venue"}})
    assert validate({"@type": "Event", "startDate": "morgen"})
    assert not validate({"@type": "Event", "startDate": "2027-01-01T10:00:00+01:00"})


def test_hybrid_event_with_registration(anon_client):
    from familienrathaus.core.models import Audience, Language

    event = make_event(
        title="Vortrag: Medienzeit",
        start=at(date(2027, 3, 2), 19, 30),
        end=at(date(2027, 3, 2), 21),
        online_url="https://meet.example.org/medien",
        latitude="51.4005",
        longitude="7.19",
        age_min=3,
        age_max=12,
        cost="fee",
        price="5.00",
        registration_required=True,
        capacity=1,
        audiences=[Audience.objects.get(slug="kinder").pk],
        languages=[Language.objects.get(code="de").pk],
    )
    data = jsonld(anon_client, event.get_absolute_url())
    assert validate(data) == []
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://meet.example.org/medien"
    assert data["location"][0]["geo"]["latitude"] == 51.4005
    assert data["typicalAgeRange"] == "3-12"
    assert data["offers"]["price"] == "5.00"
    assert data["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    assert data["startDate"] == "2027-03-02T19:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"

    services.register(
        occurrence_id=first_date(event).pk, name="A", email="a@example.org", adults=1, children=0
    )
    data = jsonld(anon_client, event.get_absolute_url())
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert validate(data) == []


def test_cancelled_online_only_event_hides_a_reserved_link(anon_client):
    event = make_event(
        title="Online-Sprechstunde",
        venue_name="",
        street="",
        postcode="",
        city="",
        online_url="https://meet.example.org/geheim",
        online_for_registered_only=True,
        event_status="cancelled",
    )
    data = jsonld(anon_client, event.get_absolute_url())
    assert validate(data) == []
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "geheim" not in json.dumps(data)
    assert "This event is cancelled." in anon_client.get(event.get_absolute_url()).content.decode()


def test_every_demo_event_page_is_valid(anon_client):
    from familienrathaus.events import demo
    from familienrathaus.events.models import Event

    demo.load()
    for event in Event.objects.all()[:12]:
        data = jsonld(anon_client, event.get_absolute_url())
        assert validate(data) == [], event.slug
