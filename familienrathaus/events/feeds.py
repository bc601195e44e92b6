"""Subscribable feeds of the calendar, for all events or any filter (theme, audience,
partner, district, free, online): iCalendar, RSS 2.0 and Atom."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.selectors import site_settings
from familienrathaus.events import ical, selectors
from familienrathaus.events.models import EventStatus, Occurrence

ITEMS = 50


def _name(filters: selectors.Filters) -> str:
    name = _("Events – %(alliance)s") % {"alliance": site_settings().alliance_name}
    parts = [value for value in filters.query().values() if value != "1"]
    return f"{name} ({', '.join(parts)})" if parts else name


def ical_feed(request: HttpRequest) -> HttpResponse:
    filters = selectors.filters_from(request.GET)
    body = ical.feed(selectors.feed_events(filters), name=_name(filters))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    set_download_name(response, "veranstaltungen.ics", attachment=False)
    return response


class EventsRss(Feed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> selectors.Filters:
        return selectors.filters_from(request.GET)

    def title(self, obj: selectors.Filters) -> str:
        return _name(obj)

    def link(self, obj: selectors.Filters) -> str:
        return reverse("events:list")

    def description(self, obj: selectors.Filters) -> str:
        return _("The next events of the alliance and its partners.")

    def items(self, obj: selectors.Filters) -> list[Occurrence]:
        # The categories of every item come from its event's themes: one query for all.
        return list(selectors.upcoming(obj).prefetch_related("event__themes")[:ITEMS])

    def item_title(self, item: Occurrence) -> str:
        when = date_format(timezone.localtime(item.start), "SHORT_DATETIME_FORMAT")
        title = f"{when}: {item.title}"
        if item.status == EventStatus.CANCELLED:
            title += " – " + _("cancelled")
        return title

    def item_description(self, item: Occurrence) -> str:
        return item.event.summary or item.title

    def item_link(self, item: Occurrence) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Occurrence) -> str:
        return f"{item.pk}.{item.event.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Occurrence) -> datetime:
        return item.event.published_at or item.event.created_at

    def item_updateddate(self, item: Occurrence) -> datetime:
        return item.event.updated_at

    def item_categories(self, item: Occurrence) -> list[str]:
        return [theme.name for theme in item.event.themes.all()]


class EventsAtom(EventsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: selectors.Filters) -> str:
        return self.description(obj)
