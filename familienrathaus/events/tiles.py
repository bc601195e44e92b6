"""The events app's back-office tiles, its navigation entry and its start-page section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext

from familienrathaus.core.backoffice import Tile, register
from familienrathaus.core.home import HomeSection
from familienrathaus.core.home import register as register_home
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav
from familienrathaus.events import permissions, selectors
from familienrathaus.events.views.public import home_context


def _review_description() -> str:
    waiting = selectors.review_queue_count()
    return ngettext(
        "%(count)s event waits for review.", "%(count)s events wait for review.", waiting
    ) % {"count": waiting}


def _home_context(request: HttpRequest) -> dict[str, Any]:
    return home_context(request)


register_nav(NavItem(gettext_lazy("Events"), "events:list", order=20))
register_home(
    HomeSection(
        "events/home_section.html",
        order=20,
        context=_home_context,
        head_template="events/includes/feeds_head.html",
    )
)

register(
    Tile(
        gettext_lazy("My events"),
        gettext_lazy("Events of your organisation, their dates and participant lists."),
        "events:backoffice_list",
        permissions.can_manage_own_events,
        order=4,
    )
)
register(
    Tile(
        gettext_lazy("All events"),
        gettext_lazy("Every event of the calendar, with dates, participants and download."),
        "events:backoffice_list",
        permissions.can_review_events,
        order=5,
    )
)
register(
    Tile(
        gettext_lazy("Review events"),
        lazy(_review_description, str)(),
        "events:review_queue",
        permissions.can_review_events,
        order=6,
    )
)
register(
    Tile(
        gettext_lazy("Import a calendar"),
        gettext_lazy("Take over events from an iCal address or file, once or every night."),
        "events:import",
        permissions.can_import_calendar,
        order=7,
    )
)
