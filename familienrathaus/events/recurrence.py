"""Recurrence rules of event series (RRULE semantics) and their expansion.

A series is stored as a rule on the event: ``frequency`` (weekly or monthly),
``interval`` (every n weeks/months), for monthly series ``week_of_month`` (1–4, or -1
for the last) with the weekday of the first date ("every first Tuesday"), and an end:
``repeat_until`` (a date) or ``repeat_count``. A *pause* (``pause_from`` …
``pause_until``) leaves out the dates in between, e.g. in the summer holidays.

Dates are expanded in local wall-clock time (Europe/Berlin) and only then made aware:
a lecture at 19:00 stays at 19:00 across the change to and from summer time, exactly
as an iCalendar client expands ``DTSTART;TZID=Europe/Berlin`` with the RRULE.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil import rrule

if TYPE_CHECKING:
    from familienrathaus.events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# An open-ended series is expanded this far ahead of today.
HORIZON_DAYS = 550
MAX_OCCURRENCES = 500


def local(value: datetime) -> datetime:
    return value.astimezone(BERLIN)


def rule_parts(event: Event) -> dict[str, object]:
    """The RRULE as iCalendar parts (for ``icalendar.vRecur``); empty for single events."""
    if not event.frequency:
        return {}
    first = local(event.start)
    parts: dict[str, object] = {"FREQ": "WEEKLY" if event.frequency == "weekly" else "MONTHLY"}
    if event.interval and event.interval > 1:
        parts["INTERVAL"] = event.interval
    if event.frequency == "monthly":
        parts["BYDAY"] = f"{event.week_of_month or 1}{ICAL_DAYS[first.weekday()]}"
    if event.repeat_count:
        parts["COUNT"] = event.repeat_count
    elif event.repeat_until:
        # UNTIL in UTC, at the end of the local day (RFC 5545 3.3.10 with a TZID start).
        end_of_day = datetime.combine(event.repeat_until, first.timetz().replace(tzinfo=None))
        parts["UNTIL"] = end_of_day.replace(tzinfo=BERLIN).astimezone(ZoneInfo("UTC"))
    return parts


def expand(event: Event, *, today: date | None = None) -> list[datetime]:
    """The original starts of every date of the event (aware, in Europe/Berlin),
    leaving out the pause but not single cancelled dates (those are occurrence rows)."""
    return [s for s in expand_rule_only(event, today=today) if not in_pause(event, s.date())]


def expand_rule_only(event: Event, *, today: date | None = None) -> list[datetime]:
    """What the RRULE alone produces (the pause included)."""
    first = local(event.start)
    if not event.frequency:
        return [first]
    naive = first.replace(tzinfo=None)
    kwargs: dict[str, object] = {"dtstart": naive, "interval": max(1, event.interval or 1)}
    if event.frequency == "weekly":
        freq = rrule.WEEKLY
        kwargs["byweekday"] = WEEKDAYS[naive.weekday()]
    else:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = WEEKDAYS[naive.weekday()](event.week_of_month or 1)
    if event.repeat_count:
        kwargs["count"] = min(event.repeat_count, MAX_OCCURRENCES)
    elif event.repeat_until:
        kwargs["until"] = datetime.combine(event.repeat_until, naive.time())
    else:
        horizon = max(today or date.today(), naive.date()) + timedelta(days=HORIZON_DAYS)
        kwargs["until"] = datetime.combine(horizon, naive.time())
    starts: list[datetime] = []
    for value in rrule.rrule(freq, **kwargs):
        starts.append(value.replace(tzinfo=BERLIN))
        if len(starts) >= MAX_OCCURRENCES:
            break
    return starts


def in_pause(event: Event, day: date) -> bool:
    return bool(
        event.pause_from and event.pause_until and event.pause_from <= day <= event.pause_until
    )


def describe(event: Event) -> str:
    """A short human description of the rule, e.g. "every first Tuesday of the month"."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if not event.frequency:
        return ""
    first = local(event.start)
    weekday = date_format(first, "l")
    if event.frequency == "weekly":
        if event.interval > 1:
            text = _("every %(n)s weeks on %(weekday)s") % {"n": event.interval, "weekday": weekday}
        else:
            text = _("every %(weekday)s") % {"weekday": weekday}
    else:
        ordinal = {
            1: _("first"),
            2: _("second"),
            3: _("third"),
            4: _("fourth"),
            -1: _("last"),
        }[event.week_of_month or 1]
        text = _("every %(ordinal)s %(weekday)s of the month") % {
            "ordinal": ordinal,
            "weekday": weekday,
        }
    if event.repeat_until:
        text += ", " + _("until %(date)s") % {"date": date_format(event.repeat_until)}
    elif event.repeat_count:
        text += ", " + ngettext("%(count)s date", "%(count)s dates", event.repeat_count) % {
            "count": event.repeat_count
        }
    return text
