"""The family's timeline as an iCal feed (RFC 5545), to subscribe to or download.

Every item is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the day after the last
day, as RFC 5545 counts it), so no time zone or summer-time change can move it to the
neighbouring day. Its UID is made of the item's key and the guide's token hashed, so
it stays the same on every fetch (a calendar updates the event instead of doubling
it) and does not reveal the secret link.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from familienrathaus.core import tenancy
from familienrathaus.welcome import timeline


def _host() -> str:
    return tenancy.site_url().split("://", 1)[-1].strip("/") or "familienrathaus"


def uid(token: str, key: str) -> str:
    digest = hashlib.sha256(f"welcome-guide:{token}".encode()).hexdigest()[:24]
    return f"welcome-{digest}-{key}@{_host()}"


def timeline_calendar(
    items: list[timeline.Item], *, token: str, name: str, guide_url: str = ""
) -> bytes:
    """The items as a calendar; text in the active language."""
    calendar = Calendar()
    calendar.add("prodid", "-//Familienrathaus//Babybegruessung//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "P1D")
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", uid(token, item.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end + timedelta(days=1))
        event.add("summary", str(item.title))
        event.add("transp", "TRANSPARENT")
        lines = []
        if item.tolerance_end is not None:
            lines.append(
                _("Still possible until %(date)s.")
                % {"date": date_format(item.tolerance_end, "SHORT_DATE_FORMAT")}
            )
        if item.url:
            lines.append(item.url)
            event.add("url", item.url)
        if guide_url:
            lines.append(guide_url)
        if lines:
            event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
