"""iCal (RFC 5545) feeds: one per child with its confirmed places."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from familienrathaus.core import tenancy
from familienrathaus.holidays import selectors
from familienrathaus.holidays.models import Child


def child_calendar(child: Child) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Familienrathaus//Ferienspass//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Ferienspaß {child.first_name}")
    host = tenancy.site_url().split("://", 1)[-1].strip("/") or "familienrathaus"
    for booking in selectors.bookings_of_child(child):
        occasion = booking.occasion
        activity = occasion.activity
        for date in occasion.dates.all():
            event = Event()
            event.add("uid", f"holidays-{booking.pk}-{date.pk}@{host}")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", date.starts)
            event.add("dtend", date.ends)
            event.add("summary", f"{activity.title} ({child.first_name})")
            if activity.meeting_point:
                event.add("location", activity.meeting_point)
            event.add("description", activity.summary)
            event.add("url", tenancy.site_url() + activity.get_absolute_url())
            calendar.add_component(event)
    return bytes(calendar.to_ical())
