"""iCalendar (RFC 5545) feeds and files of events, written with ``icalendar``.

A series is one VEVENT with an RRULE; dates left out (cancelled, or inside the
series' pause) are EXDATEs; a moved or edited date is a second VEVENT with the same
UID and a RECURRENCE-ID of its original start. Times carry ``TZID=Europe/Berlin``
and the calendar contains the VTIMEZONE. UIDs are stored on the event, so they never
change; DTSTAMP is the time of the last change. The online link goes into
CONFERENCE (RFC 7986) only when it is not reserved for registered participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Timezone, vRecur, vUri
from icalendar import Event as VEvent

from familienrathaus.core import tenancy
from familienrathaus.events import recurrence
from familienrathaus.events.models import Event, EventStatus, Occurrence

PRODID = "-//Familienrathaus//Veranstaltungskalender//DE"
TZID = "Europe/Berlin"
STATUS: dict[str, str] = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    return cal


def _timezone(first: date, last: date) -> Timezone:
    return Timezone.from_tzid(
        TZID, first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
    )


def _absolute(path: str) -> str:
    return tenancy.site_url() + path


def _times(vevent: VEvent, event: Event, start: datetime, end: datetime) -> None:
    if event.all_day:
        first = timezone.localtime(start).date()
        last = timezone.localtime(end).date()
        vevent.add("dtstart", first)
        vevent.add("dtend", last + timedelta(days=1))  # DTEND of a date is exclusive
    else:
        vevent.add("dtstart", recurrence.local(start))
        vevent.add("dtend", recurrence.local(end))


def _recurrence_id(vevent: VEvent, event: Event, original: datetime) -> None:
    if event.all_day:
        vevent.add("recurrence-id", timezone.localtime(original).date())
    else:
        vevent.add("recurrence-id", recurrence.local(original))


def _common(vevent: VEvent, event: Event, *, title: str, status: str, url: str) -> None:
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("summary", title)
    text = event.summary or ""
    if event.description:
        text = (text + "\n\n" + event.description).strip()
    if text:
        vevent.add("description", text)
    place = ", ".join(
        part
        for part in (event.venue_name, event.room, event.street, f"{event.postcode} {event.city}")
        if part and part.strip()
    )
    if place:
        vevent.add("location", place)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    vevent.add("url", url)
    vevent.add("status", STATUS.get(status, "CONFIRMED"))
    vevent.add("sequence", event.sequence)
    themes = [theme.name for theme in event.themes.all()]
    if themes:
        vevent.add("categories", themes)
    if event.online_url and not event.online_for_registered_only:
        vevent.add(
            "conference",
            vUri(event.online_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Online"},
        )


def event_components(event: Event) -> list[VEvent]:
    """The VEVENT of the event and, for a series, one per moved or edited date."""
    occurrences = list(event.occurrences.all())
    main = VEvent()
    main.add("uid", event.uid)
    _times(main, event, event.start, event.end)
    _common(
        main,
        event,
        title=event.title,
        status=event.event_status,
        url=_absolute(event.get_absolute_url()),
    )
    components = [main]
    if not event.frequency:
        return components
    main.add("rrule", vRecur(recurrence.rule_parts(event)))
    by_original = {o.original_start: o for o in occurrences}
    exdates: list[datetime] = []
    for original in recurrence.expand_rule_only(event):
        occurrence = by_original.get(original)
        if occurrence is None or occurrence.date_status == EventStatus.CANCELLED:
            exdates.append(original)
    if exdates:
        if event.all_day:
            main.add("exdate", [timezone.localtime(d).date() for d in exdates])
        else:
            main.add("exdate", exdates)
    for occurrence in occurrences:
        if not occurrence.is_override or occurrence.date_status == EventStatus.CANCELLED:
            continue
        override = VEvent()
        override.add("uid", event.uid)
        _recurrence_id(override, event, occurrence.original_start)
        _times(override, event, occurrence.start, occurrence.end)
        title = occurrence.title
        _common(
            override,
            event,
            title=title,
            status=occurrence.effective_status,
            url=_absolute(occurrence.get_absolute_url()),
        )
        if occurrence.note:
            override.pop("DESCRIPTION", None)
            override.add("description", occurrence.note + "\n\n" + (event.summary or ""))
        components.append(override)
    return components


def feed(events: Iterable[Event], *, name: str) -> bytes:
    events = list(events)
    cal = _calendar(name)
    if events:
        first = min(e.start for e in events).date()
        last = max(e.end for e in events).date() + timedelta(days=recurrence.HORIZON_DAYS)
    else:
        first = last = timezone.localdate()
    cal.add_component(_timezone(first, last))
    for event in events:
        for component in event_components(event):
            cal.add_component(component)
    return bytes(cal.to_ical())


def occurrence_file(occurrence: Occurrence, *, online_url: str = "") -> bytes:
    """One date as its own calendar entry ("add to calendar", the confirmation mail).
    ``online_url`` adds the link for registered participants."""
    event = occurrence.event
    cal = _calendar(occurrence.title)
    cal.add_component(_timezone(occurrence.start.date(), occurrence.end.date()))
    vevent = VEvent()
    vevent.add("uid", f"{occurrence.pk}.{event.uid}")
    _times(vevent, event, occurrence.start, occurrence.end)
    _common(
        vevent,
        event,
        title=occurrence.title,
        status=occurrence.effective_status,
        url=_absolute(occurrence.get_absolute_url()),
    )
    if online_url and "CONFERENCE" not in vevent:
        vevent.add(
            "conference",
            vUri(online_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Online"},
        )
    cal.add_component(vevent)
    return bytes(cal.to_ical())
