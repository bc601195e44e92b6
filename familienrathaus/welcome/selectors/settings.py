"""The welcome's settings row (created with its defaults on first use)."""

from __future__ import annotations

from familienrathaus.core.selectors import site_settings
from familienrathaus.welcome.models import WelcomeSettings


def get() -> WelcomeSettings:
    """The active alliance's settings row, created with the defaults when missing."""
    row, _created = WelcomeSettings.objects.get_or_create()
    return row


def town_name(row: WelcomeSettings | None = None) -> str:
    """The town's name: the welcome's own, else the site settings' municipality."""
    row = row or get()
    if row.town_name:
        return row.town_name
    return site_settings().municipality
