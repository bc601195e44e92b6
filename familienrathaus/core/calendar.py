"""Public holidays and working days of the alliance's federal state.

Every date rule of the platform asks here: the opening hours of places ("closed on
public holidays"), and every due date ("within five working days"). The holidays come
from the ``holidays`` package (kept up to date upstream, no list of our own); the
state is a site setting (``SiteSettings.federal_state``, e.g. ``NW``), so Fronleichnam
closes a place in Nordrhein-Westfalen but not in Niedersachsen.

A working day (``Arbeitstag``) is Monday to Friday and not a public holiday of the state.

Reading the state costs a query, so ``is_public_holiday`` first asks the pure, memoised
sets of days that are a holiday somewhere resp. everywhere in Germany: on most days (and
on the nationwide holidays) it answers without touching the database.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
from django.utils.translation import get_language

from familienrathaus.core.models import SiteSettings
from familienrathaus.core.models.site import FederalState

DEFAULT_STATE = FederalState.NW.value
STATES: tuple[str, ...] = tuple(FederalState.values)


def federal_state() -> str:
    """The alliance's state from the site settings (``NW`` when none is set)."""
    state = SiteSettings.objects.values_list("federal_state", flat=True).first()
    return state or DEFAULT_STATE


def _language() -> str:
    return "de" if (get_language() or "de").startswith("de") else "en_US"


@functools.cache
def _holidays(state: str, year: int, language: str) -> dict[dt.date, str]:
    if state not in STATES:
        raise ValueError(f"unknown federal state: {state!r}")
    return dict(holidays.country_holidays("DE", subdiv=state, years=year, language=language))


@functools.cache
def _somewhere(year: int) -> frozenset[dt.date]:
    return frozenset().union(*(_holidays(state, year, "de") for state in STATES))


@functools.cache
def _everywhere(year: int) -> frozenset[dt.date]:
    return frozenset.intersection(*(frozenset(_holidays(state, year, "de")) for state in STATES))


def public_holidays(year: int, *, state: str | None = None) -> dict[dt.date, str]:
    """The public holidays of ``year`` in the state (default: the alliance's), with names."""
    return dict(_holidays(state or federal_state(), year, _language()))


def is_public_holiday(day: dt.date, *, state: str | None = None) -> bool:
    if day not in _somewhere(day.year):
        return False
    if day in _everywhere(day.year):
        return True
    return day in _holidays(state or federal_state(), day.year, "de")


def holiday_name(day: dt.date, *, state: str | None = None) -> str:
    """The holiday's name in the active language, or "" on an ordinary day."""
    if not is_public_holiday(day, state=state):
        return ""
    return public_holidays(day.year, state=state).get(day, "")


def is_working_day(day: dt.date, *, state: str | None = None) -> bool:
    """Monday to Friday and not a public holiday of the state."""
    return day.weekday() < 5 and not is_public_holiday(day, state=state)


def add_working_days(day: dt.date, count: int, *, state: str | None = None) -> dt.date:
    """The date ``count`` working days after ``day`` (before it when negative).

    ``day`` itself does not count: five working days after a Friday is the next
    Friday, or later when a holiday falls in between. ``count`` 0 returns ``day``.
    """
    state = state or federal_state()
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    current = day
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current, state=state):
            remaining -= 1
    return current
