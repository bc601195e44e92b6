"""Due dates of a concern: the first answer and the closing, in working days.

Each topic has two targets in working days (``Topic.first_answer_days``,
``Topic.closing_days``). A concern's due dates count them from the day it arrived, on
the town's clock (Europe/Berlin), with the working days of the alliance's federal state
from :mod:`familienrathaus.core.calendar` (Monday to Friday, not a public holiday of
the state). The day of arrival itself does not count, whatever the hour: a concern that
arrives on Sunday evening and one that arrives on Monday morning before the office
opens are both answered within ten working days counted from the day after.

The day of arrival is the *local* date. Around midnight the UTC date differs (by two
hours in summer time, one in winter): a concern sent at 00:30 on a Monday in summer
time is stored as 22:30 UTC on Sunday, but it arrived on Monday.

Due dates are computed once, at submission (and again when a coordinator changes the
topic), and stored on the concern, so a target changed later does not move the dates
of concerns already waiting. A concern is overdue for its first answer while none was
given after the due day has ended, and overdue for closing while it is open after its
close day has ended.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

from familienrathaus.core import calendar

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_FIRST_ANSWER_DAYS = 10
DEFAULT_CLOSING_DAYS = 20


class Targets(Protocol):
    """What a topic contributes (``concerns.models.Topic``)."""

    first_answer_days: int
    closing_days: int


class Dues(NamedTuple):
    first_answer: dt.date
    close: dt.date


def received_on(moment: dt.datetime) -> dt.date:
    """The local date (Europe/Berlin) of an aware moment."""
    return timezone.localtime(moment, BERLIN).date()


def today() -> dt.date:
    """Today on the town's clock."""
    return received_on(timezone.now())


def due_dates(
    received_at: dt.datetime,
    *,
    first_answer_days: int = DEFAULT_FIRST_ANSWER_DAYS,
    closing_days: int = DEFAULT_CLOSING_DAYS,
    state: str | None = None,
) -> Dues:
    """The due dates of a concern that arrived at ``received_at``."""
    state = state or calendar.federal_state()
    day = received_on(received_at)
    return Dues(
        first_answer=calendar.add_working_days(day, first_answer_days, state=state),
        close=calendar.add_working_days(day, closing_days, state=state),
    )


def for_topic(received_at: dt.datetime, topic: Targets | None, *, state: str | None = None) -> Dues:
    """The due dates from the topic's targets (the defaults when there is no topic)."""
    if topic is None:
        return due_dates(received_at, state=state)
    return due_dates(
        received_at,
        first_answer_days=topic.first_answer_days,
        closing_days=topic.closing_days,
        state=state,
    )


class Pending(Protocol):
    """What a concern contributes (``concerns.models.Concern``)."""

    first_answer_due: dt.date | None
    close_due: dt.date | None
    first_answer_at: dt.datetime | None
    closed_at: dt.datetime | None


def first_answer_overdue(concern: Pending, *, on: dt.date | None = None) -> bool:
    """No first answer yet and the due day has ended."""
    day = on or today()
    return bool(
        concern.first_answer_at is None
        and concern.closed_at is None
        and concern.first_answer_due is not None
        and concern.first_answer_due < day
    )


def close_overdue(concern: Pending, *, on: dt.date | None = None) -> bool:
    """Still open and the close day has ended."""
    day = on or today()
    return bool(
        concern.closed_at is None and concern.close_due is not None and concern.close_due < day
    )


def is_overdue(concern: Pending, *, on: dt.date | None = None) -> bool:
    day = on or today()
    return first_answer_overdue(concern, on=day) or close_overdue(concern, on=day)
