"""Reads of the events app; also the interface other apps use (newsletter, map).

``occurrences_between`` and ``located_upcoming_events`` are called by the newsletter's
"upcoming events" block and the map's events layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from familienrathaus.core.permissions import AnyUser
from familienrathaus.events import permissions
from familienrathaus.events.models import Event, EventStatus, ICalSource, Occurrence, Registration
from familienrathaus.events.recurrence import BERLIN


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min).replace(tzinfo=BERLIN)


def public_events(events: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """What the public pages show of ``events`` (default: the active alliance's): the
    published ones. The directory of alliances passes its own (core.tenancy.unscoped)."""
    events = Event.objects.all() if events is None else events
    return events.filter(status=Event.Status.PUBLISHED)


def published_occurrences(
    occurrences: QuerySet[Occurrence] | None = None,
) -> QuerySet[Occurrence]:
    """Dates of published events, of ``occurrences`` (default: the active alliance's)."""
    occurrences = Occurrence.objects.all() if occurrences is None else occurrences
    return occurrences.filter(event__status=Event.Status.PUBLISHED).select_related(
        "event", "event__organisation", "event__district"
    )


def occurrences_between(start: dt.date, end: dt.date) -> list[Occurrence]:
    """Dates of published events from the day ``start`` to the day ``end`` (both
    included, Europe/Berlin), sorted by start. Cancelled and postponed dates are
    included; ``.status`` says which (an ``EventStatus`` value). Multi-day events that
    began before ``start`` and still run are included too."""
    return list(
        published_occurrences()
        .filter(start__lt=_day_start(end + dt.timedelta(days=1)), end__gte=_day_start(start))
        .exclude(is_orphan=True)
        .order_by("start", "pk")
    )


def located_upcoming_events() -> list[Occurrence]:
    """The next date of every published, not cancelled event that has coordinates:
    ``.title``, ``.latitude``, ``.longitude`` (floats), ``.start``,
    ``.get_absolute_url()``."""
    now = timezone.now()
    seen: set[int] = set()
    result = []
    queryset = (
        published_occurrences()
        .filter(
            end__gte=now,
            date_status=EventStatus.SCHEDULED,
            event__latitude__isnull=False,
            event__longitude__isnull=False,
        )
        .exclude(event__event_status=EventStatus.CANCELLED)
        .order_by("start", "pk")
    )
    for occurrence in queryset:
        if occurrence.event_id in seen:
            continue
        seen.add(occurrence.event_id)
        result.append(occurrence)
    return result


@dataclass
class Filters:
    """The filters of the public list, the feeds and the month view."""

    start: dt.date | None = None
    end: dt.date | None = None
    theme: str = ""
    audience: str = ""
    district: str = ""
    partner: str = ""
    free: bool = False
    online: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def event_q(self) -> Q:
        q = Q()
        if self.theme:
            q &= Q(themes__slug=self.theme)
        if self.audience:
            q &= Q(audiences__slug=self.audience)
        if self.district:
            q &= Q(district__slug=self.district)
        if self.partner:
            q &= Q(organisation__slug=self.partner)
        if self.free:
            q &= Q(cost=Event.Cost.FREE)
        if self.online:
            q &= ~Q(online_url="")
        return q

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for the feed links)."""
        params = {
            "thema": self.theme,
            "zielgruppe": self.audience,
            "stadtteil": self.district,
            "partner": self.partner,
            "kostenlos": "1" if self.free else "",
            "online": "1" if self.online else "",
        }
        return {k: v for k, v in params.items() if v}


def filters_from(params: Any) -> Filters:
    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(params.get(name, ""))
        except ValueError:
            return None

    return Filters(
        start=day("von"),
        end=day("bis"),
        theme=params.get("thema", "")[:120],
        audience=params.get("zielgruppe", "")[:120],
        district=params.get("stadtteil", "")[:120],
        partner=params.get("partner", "")[:200],
        free=params.get("kostenlos") in {"1", "on"},
        online=params.get("online") in {"1", "on"},
    )


def matching_events(filters: Filters) -> QuerySet[Event]:
    return public_events().filter(filters.event_q()).distinct()


def upcoming(filters: Filters) -> QuerySet[Occurrence]:
    """Dates for the public list: from ``start`` (default today) to ``end``."""
    start = filters.start or timezone.localdate()
    queryset = (
        published_occurrences()
        .filter(end__gte=_day_start(start), event__in=matching_events(filters))
        .exclude(is_orphan=True)
    )
    if filters.end:
        queryset = queryset.filter(start__lt=_day_start(filters.end + dt.timedelta(days=1)))
    return queryset.order_by("start", "pk")


def in_month(year: int, month: int, filters: Filters) -> list[Occurrence]:
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return list(
        published_occurrences()
        .filter(
            start__lt=_day_start(last + dt.timedelta(days=1)),
            end__gte=_day_start(first),
            event__in=matching_events(filters),
        )
        .exclude(is_orphan=True)
        .order_by("start", "pk")
    )


def feed_events(filters: Filters) -> QuerySet[Event]:
    """Events for the iCal/RSS/Atom feeds: published, not over for more than 90 days."""
    since = timezone.now() - dt.timedelta(days=90)
    return (
        matching_events(filters)
        .filter(occurrences__end__gte=since)
        .distinct()
        .select_related("organisation", "district")
        .prefetch_related("themes", "occurrences")
        .order_by("start", "pk")
    )


def next_events(limit: int = 4) -> list[Occurrence]:
    """For the start page: the next dates, featured events first among equals."""
    now = timezone.now()
    return list(
        published_occurrences()
        .filter(end__gte=now, date_status=EventStatus.SCHEDULED)
        .exclude(event__event_status=EventStatus.CANCELLED)
        .exclude(is_orphan=True)
        .order_by("start", "-event__featured", "pk")[:limit]
    )


def featured_upcoming(limit: int = 3) -> list[Occurrence]:
    now = timezone.now()
    seen: set[int] = set()
    result = []
    for occurrence in (
        published_occurrences()
        .filter(end__gte=now, event__featured=True)
        .exclude(is_orphan=True)
        .order_by("start")[:30]
    ):
        if occurrence.event_id not in seen:
            seen.add(occurrence.event_id)
            result.append(occurrence)
        if len(result) >= limit:
            break
    return result


def event_by_slug(slug: str) -> Event | None:
    return (
        Event.objects.select_related("organisation", "district")
        .prefetch_related("themes", "audiences", "languages")
        .filter(slug=slug)
        .first()
    )


def upcoming_dates(event: Event, *, limit: int = 30) -> list[Occurrence]:
    now = timezone.now()
    return list(
        event.occurrences.filter(end__gte=now)
        .exclude(is_orphan=True)
        .select_related("event")
        .order_by("start")[:limit]
    )


def is_registered(occurrence: Occurrence, email: str) -> bool:
    return occurrence.registrations.filter(
        email__iexact=email, status=Registration.Status.CONFIRMED
    ).exists()


# ------------------------------------------------------------------- back office


def events_for(user: AnyUser) -> QuerySet[Event]:
    queryset = Event.objects.select_related("organisation").order_by("-start", "pk")
    if permissions.can_review_events(user):
        return queryset
    if permissions.can_manage_own_events(user):
        return queryset.filter(organisation__memberships__user_id=user.pk or 0)
    return queryset.none()


def review_queue() -> QuerySet[Event]:
    return (
        Event.objects.filter(
            Q(status=Event.Status.SUBMITTED) | Q(pending_changes__state="submitted")
        )
        .select_related("organisation")
        .order_by("updated_at")
    )


def review_queue_count() -> int:
    return review_queue().count()


def participants(occurrence: Occurrence) -> QuerySet[Registration]:
    return occurrence.registrations.exclude(status=Registration.Status.CANCELLED).order_by(
        "status", "pk"
    )


def sources_for(user: AnyUser) -> QuerySet[ICalSource]:
    queryset = ICalSource.objects.select_related("organisation")
    if permissions.can_review_events(user):
        return queryset
    return queryset.filter(organisation__memberships__user_id=user.pk or 0)
