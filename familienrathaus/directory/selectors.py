"""Reads of the directory of alliances: only what listed alliances publish.

The directory host has no active alliance; every read here says so with
``tenancy.unscoped()`` and then keeps to the alliances that are active and chose
``SiteSettings.listed_in_directory`` (:func:`listings`), and to what the offers and events
apps themselves show publicly (``offers.selectors.public_offers``,
``events.selectors.public_events``/``published_occurrences``). An alliance that does not
use the offers or events part (``SiteSettings.disabled_apps``) shows none of them here.
Each page costs the same number of queries however many alliances are listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from familienrathaus.core import tenancy
from familienrathaus.core.models import Alliance, SiteSettings
from familienrathaus.events import selectors as events
from familienrathaus.events.models import Event, EventStatus, Occurrence
from familienrathaus.offers import selectors as offers
from familienrathaus.offers.models import Offer

UPCOMING_DAYS = 30
MAX_WORDS = 8
MAX_HITS = 50  # per kind (offers, events) of a search
MAX_OFFERS = 50  # on an alliance's page


@dataclass(frozen=True)
class Listing:
    """A listed alliance: its settings (name, municipality, state, logo) and its site."""

    alliance: Alliance
    settings: SiteSettings
    url: str

    @property
    def uses_offers(self) -> bool:
        return "offers" not in (self.settings.disabled_apps or [])

    @property
    def uses_events(self) -> bool:
        return "events" not in (self.settings.disabled_apps or [])


@dataclass(frozen=True)
class Item:
    """An offer or event of a listed alliance, linked on that alliance's host."""

    title: str
    summary: str
    url: str
    listing: Listing
    start: dt.datetime | None = None
    place: str = ""


def listings(*, state: str = "", slug: str = "") -> list[Listing]:
    """The listed alliances (active, ``listed_in_directory``) by name; one query."""
    with tenancy.unscoped():
        rows = SiteSettings.objects.filter(
            listed_in_directory=True, alliance__is_active=True
        ).select_related("alliance")
        if state:
            rows = rows.filter(federal_state=state)
        if slug:
            rows = rows.filter(alliance__slug=slug)
        return [
            Listing(alliance=row.alliance, settings=row, url=tenancy.site_url(row.alliance))
            for row in rows.order_by("alliance_name", "pk")
        ]


def listing(slug: str) -> Listing | None:
    found = listings(slug=slug)
    return found[0] if found else None


def states(listed: list[Listing]) -> list[tuple[str, str]]:
    """The federal states the listed alliances are in: ``(code, name)`` by name."""
    named = dict(SiteSettings._meta.get_field("federal_state").choices or [])
    codes = {entry.settings.federal_state for entry in listed}
    return sorted(((code, str(named.get(code, code))) for code in codes), key=lambda s: s[1])


# --------------------------------------------------------------------------- links


def _on_site(listing: Listing, name: str, **kwargs: object) -> str:
    """An absolute link to a page of the alliance's site, in the current language (its
    URLs are the install's ROOT_URLCONF, not the directory's)."""
    return listing.url + reverse(name, urlconf=settings.ROOT_URLCONF, kwargs=kwargs)


def _offer_item(offer: Offer, by_id: dict[int, Listing]) -> Item:
    listing = by_id[offer.alliance_id or 0]
    return Item(
        title=offer.title,
        summary=offer.summary,
        url=_on_site(listing, "offers:detail", slug=offer.slug),
        listing=listing,
    )


def _event_item(event: Event, by_id: dict[int, Listing], start: dt.datetime | None) -> Item:
    listing = by_id[event.alliance_id or 0]
    return Item(
        title=event.title,
        summary=event.summary,
        url=_on_site(listing, "events:detail", slug=event.slug),
        listing=listing,
        start=start,
        place=", ".join(part for part in (event.venue_name, event.city) if part),
    )


def _occurrence_item(occurrence: Occurrence, by_id: dict[int, Listing]) -> Item:
    listing = by_id[occurrence.alliance_id or 0]
    return Item(
        title=occurrence.title,
        summary=occurrence.event.summary,
        url=_on_site(listing, "events:occurrence", slug=occurrence.event.slug, pk=occurrence.pk),
        listing=listing,
        start=occurrence.start,
        place=", ".join(
            part for part in (occurrence.event.venue_name, occurrence.event.city) if part
        ),
    )


# --------------------------------------------------------------------------- reads


def _with_offers(listed: list[Listing]) -> dict[int, Listing]:
    return {entry.alliance.pk: entry for entry in listed if entry.uses_offers}


def _with_events(listed: list[Listing]) -> dict[int, Listing]:
    return {entry.alliance.pk: entry for entry in listed if entry.uses_events}


def _public_offers(by_id: dict[int, Listing]) -> QuerySet[Offer]:
    return offers.public_offers(Offer.objects.filter(alliance_id__in=list(by_id)))


def _upcoming_events(by_id: dict[int, Listing]) -> QuerySet[Event]:
    """Published events of these alliances with a date still to come (``next_start``)."""
    now = timezone.now()
    return (
        events.public_events(Event.objects.filter(alliance_id__in=list(by_id)))
        .exclude(event_status=EventStatus.CANCELLED)
        .annotate(
            next_start=Min(
                "occurrences__start",
                filter=Q(occurrences__end__gte=now, occurrences__is_orphan=False),
            )
        )
        .filter(next_start__isnull=False)
    )


def upcoming_dates(listed: list[Listing], *, days: int = UPCOMING_DAYS) -> QuerySet[Occurrence]:
    """Dates of the listed alliances' published events in the next ``days`` days, in
    order; not the cancelled ones."""
    by_id = _with_events(listed)
    now = timezone.now()
    return (
        events.published_occurrences(Occurrence.objects.filter(alliance_id__in=list(by_id)))
        .filter(end__gte=now, start__lt=now + dt.timedelta(days=days))
        .filter(date_status=EventStatus.SCHEDULED)
        .exclude(event__event_status=EventStatus.CANCELLED)
        .exclude(is_orphan=True)
        .order_by("start", "pk")
    )


def date_items(listed: list[Listing], dates: Iterable[Occurrence]) -> list[Item]:
    by_id = _with_events(listed)
    return [_occurrence_item(occurrence, by_id) for occurrence in dates]


def upcoming_page(
    listed: list[Listing], number: str | None, *, per_page: int
) -> tuple[Page[Occurrence], list[Item]]:
    """One page of :func:`upcoming_dates` and its dates as items; two queries."""
    with tenancy.unscoped():
        page = Paginator(upcoming_dates(listed), per_page).get_page(number)
        return page, date_items(listed, page.object_list)


def _words_q(text: str, fields: list[str]) -> Q | None:
    words = text.split()[:MAX_WORDS]
    if not words:
        return None
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words),
    )


def _text_fields(names: tuple[str, ...]) -> list[str]:
    """The German column of each translated text and, in another language, its own."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    codes = dict.fromkeys([settings.LANGUAGE_CODE, language])
    return [build_localized_fieldname(name, code) for name in names for code in codes]


@dataclass(frozen=True)
class SearchResult:
    offers: list[Item]
    events: list[Item]

    @property
    def total(self) -> int:
        return len(self.offers) + len(self.events)


def search(text: str, listed: list[Listing]) -> SearchResult:
    """The listed alliances' public offers and upcoming events whose title, summary,
    description or place hold every word of ``text``; each labelled with its alliance.
    Two queries, however many alliances are listed."""
    offers_by_id = _with_offers(listed)
    events_by_id = _with_events(listed)
    offer_q = _words_q(
        text,
        [
            *_text_fields(("title", "summary", "description")),
            "locations__label",
            "locations__city",
        ],
    )
    event_q = _words_q(
        text, [*_text_fields(("title", "summary", "description")), "venue_name", "city"]
    )
    if offer_q is None or event_q is None:
        return SearchResult(offers=[], events=[])
    with tenancy.unscoped():
        offer_hits = list(
            _public_offers(offers_by_id)
            .filter(offer_q)
            .distinct()
            .order_by("title", "pk")[:MAX_HITS]
        )
        event_hits = list(
            _upcoming_events(events_by_id)
            .filter(event_q)
            .order_by(F("next_start"), "pk")[:MAX_HITS]
        )
    return SearchResult(
        offers=[_offer_item(offer, offers_by_id) for offer in offer_hits],
        events=[
            _event_item(event, events_by_id, getattr(event, "next_start", None))
            for event in event_hits
        ],
    )


def alliance_offers(entry: Listing, *, limit: int = MAX_OFFERS) -> list[Item]:
    """An alliance's public offers by title (the first ``limit``)."""
    by_id = _with_offers([entry])
    with tenancy.unscoped():
        rows = list(_public_offers(by_id).order_by("title", "pk")[:limit])
    return [_offer_item(offer, by_id) for offer in rows]


def alliance_dates(entry: Listing, *, limit: int = MAX_OFFERS) -> list[Item]:
    """An alliance's event dates in the next 30 days."""
    with tenancy.unscoped():
        dates = list(upcoming_dates([entry])[:limit])
    return date_items([entry], dates)
