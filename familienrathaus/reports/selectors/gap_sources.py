"""The figures of the district gap report, one function per kind of row.

Each function reads one app's models (read-only, the reports own no content) and
returns ``{district_id or None: count}``; ``None`` is "ohne Stadtteil". The work is
done in the database wherever the district is a column (``values().annotate(Count)``);
rows that need the :class:`~familienrathaus.reports.selectors.locate.Locator`
(coordinates, postcode) are fetched in **one** query per kind as bare tuples and placed
in Python, each row once. No function runs a query per row or per district.

What counts (the page says it too):

- offers: published offers of the Familienwegweiser (as the public list), placed by their
  own districts, else by each location; an offer for two districts counts in both;
- events: published, not cancelled, with a date in the period;
- holiday occasions: not cancelled, of published activities of programmes that overlap
  the period, placed by the organiser's first address;
- Notinseln: active; Still- und Wickelorte and Kitas: places shown on the map whose kind
  is the nursing kind (or has the baby bottle icon) or has the Kita icon;
- demand: complete survey responses and concerns of the period by their district;
  Ferienspaß children without any place in a confirmed lottery and children on a waiting
  list, placed by their family's registration for the welcome (district or postcode).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, FloatField, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from familienrathaus.concerns.models import Concern
from familienrathaus.core.models import Audience, Theme
from familienrathaus.events.models import Event, EventStatus, Occurrence
from familienrathaus.holidays.models import Activity, Booking, Occasion
from familienrathaus.lottery.models import Run, Ticket
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.partners.models import Address
from familienrathaus.places.models import NURSING_SLUG, Icon, Notinsel, Place
from familienrathaus.reports import geo
from familienrathaus.reports.selectors.locate import Locator
from familienrathaus.surveys.models import Response
from familienrathaus.welcome.models import Registration

Tally = dict[int | None, int]
KITA_SLUG = "kita"


@dataclass(frozen=True)
class Scope:
    """What the figures are about: the filters and the period (``start`` inclusive,
    ``end`` exclusive, aware datetimes)."""

    theme: Theme | None
    audience: Audience | None
    ages: tuple[int, int] | None
    start: dt.datetime
    end: dt.datetime

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(microseconds=1)).date()


def _ages_q(ages: tuple[int, int] | None, prefix: str = "") -> Q:
    """Rows whose age range (empty = any age) overlaps the band."""
    if ages is None:
        return Q()
    low, high = ages
    return (Q(**{f"{prefix}age_min__isnull": True}) | Q(**{f"{prefix}age_min__lte": high})) & (
        Q(**{f"{prefix}age_max__isnull": True}) | Q(**{f"{prefix}age_max__gte": low})
    )


def _float(field: str) -> Cast:
    """A coordinate as a float straight from the database: converting tens of thousands
    of decimals in Python would cost more than the whole query."""
    return Cast(field, FloatField())


def _tally(pairs: Iterable[tuple[int | None, object]]) -> Tally:
    """Count distinct things per district from ``(district, thing)`` pairs."""
    return dict(Counter(district for district, _thing in set(pairs)))


# --------------------------------------------------------------------------- offers


def published_offers(scope: Scope, *, with_theme: bool = True) -> QuerySet[Offer]:
    offers = Offer.objects.filter(status=Offer.Status.PUBLISHED).filter(_ages_q(scope.ages))
    if with_theme and scope.theme is not None:
        offers = offers.filter(themes=scope.theme)
    if scope.audience is not None:
        offers = offers.filter(audiences=scope.audience)
    return offers


def offers(scope: Scope, locator: Locator) -> Tally:
    selected = published_offers(scope)
    through: type[Model] = Offer.districts.through
    counts: Tally = {
        row["district_id"]: row["n"]
        for row in through._default_manager.filter(offer__in=selected.values("pk"))
        .values("district_id")
        .annotate(n=Count("offer_id", distinct=True))
    }
    # Offers without districts of their own: by each location (none: "ohne Stadtteil").
    rows = (
        Offer.objects.filter(pk__in=selected.values("pk"), districts__isnull=True)
        .annotate(lat=_float("locations__latitude"), lon=_float("locations__longitude"))
        .values_list("pk", "locations__district_id", "lat", "lon", "locations__postcode")
        .order_by()
    )
    placed = _tally(
        (
            locator.locate(district_id=district, latitude=lat, longitude=lon, postcode=postcode),
            pk,
        )
        for pk, district, lat, lon, postcode in rows
    )
    for district, n in placed.items():
        counts[district] = counts.get(district, 0) + n
    return counts


# --------------------------------------------------------------------------- nearest


def offer_points(scope: Scope) -> dict[int, list[tuple[float, float]]]:
    """Theme id → the distinct coordinates of published offers' locations of that theme
    (audience and ages filtered; all themes, or the chosen one), sorted by latitude.
    One query."""
    locations = OfferLocation.objects.filter(
        offer__in=published_offers(scope, with_theme=False).values("pk"),
        latitude__isnull=False,
        longitude__isnull=False,
    )
    if scope.theme is not None:
        locations = locations.filter(offer__themes=scope.theme)
    rows = (
        locations.annotate(lat=_float("latitude"), lon=_float("longitude"))
        .values_list("offer__themes", "lat", "lon")
        .order_by()
    )
    points: dict[int, set[tuple[float, float]]] = defaultdict(set)
    for theme_id, lat, lon in rows:
        if theme_id is not None:
            points[theme_id].add((lat, lon))
    return {theme_id: sorted(found) for theme_id, found in points.items()}


def nearest_km(points: list[tuple[float, float]], lat: float, lon: float) -> float | None:
    """The distance to the nearest point (points sorted by latitude): a search outwards
    from the centre's latitude that stops once the latitude alone is farther than the
    best distance found, so it looks at a few points, not all of them."""
    if not points:
        return None
    km_per_degree = math.pi * geo.EARTH_RADIUS_KM / 180
    best = math.inf
    start = bisect.bisect_left(points, (lat, -math.inf))
    for step in (-1, 1):
        index = start if step == 1 else start - 1
        while 0 <= index < len(points):
            p_lat, p_lon = points[index]
            if abs(p_lat - lat) * km_per_degree > best:
                break
            best = min(best, geo.distance_km(lat, lon, p_lat, p_lon))
            index += step
    return best


# --------------------------------------------------------------------------- events, holidays


def events(scope: Scope, locator: Locator) -> Tally:
    dated = Occurrence.objects.filter(
        event=OuterRef("pk"), start__gte=scope.start, start__lt=scope.end
    )
    selected = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .exclude(event_status=EventStatus.CANCELLED)
        .filter(Q(Exists(dated)) | Q(start__gte=scope.start, start__lt=scope.end))
        .filter(_ages_q(scope.ages))
    )
    if scope.theme is not None:
        selected = selected.filter(themes=scope.theme)
    if scope.audience is not None:
        selected = selected.filter(audiences=scope.audience)
    rows = selected.annotate(lat=_float("latitude"), lon=_float("longitude")).values_list(
        "pk", "district_id", "lat", "lon", "postcode"
    )
    return _tally(
        (locator.locate(district_id=d, latitude=la, longitude=lo, postcode=pc), pk)
        for pk, d, la, lo, pc in rows.order_by()
    )


Where = tuple[int | None, float | None, float | None, str]


def _first_addresses(organisation_ids: Iterable[int]) -> dict[int, Where]:
    """Each organisation's first address (district, lat, lon, postcode), one query."""
    first: dict[int, Where] = {}
    rows = (
        Address.objects.filter(organisation_id__in=list(organisation_ids))
        .order_by("organisation_id", "pk")
        .annotate(lat=_float("latitude"), lon=_float("longitude"))
        .values_list("organisation_id", "district_id", "lat", "lon", "postcode")
    )
    for organisation_id, district, lat, lon, postcode in rows:
        first.setdefault(organisation_id, (district, lat, lon, postcode))
    return first


def occasions(scope: Scope, locator: Locator) -> Tally:
    per_organiser = dict(
        Occasion.objects.filter(
            cancelled_at__isnull=True,
            activity__status=Activity.Status.PUBLISHED,
            activity__period__holiday_end__gte=scope.first_day,
            activity__period__holiday_start__lte=scope.last_day,
        )
        .filter(_ages_q(scope.ages))
        .values("activity__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("activity__organisation_id", "n")
        .order_by()
    )
    addresses = _first_addresses(per_organiser)
    counts: Tally = defaultdict(int)
    for organisation_id, n in per_organiser.items():
        district, lat, lon, postcode = addresses.get(organisation_id, (None, None, None, ""))
        where = locator.locate(district_id=district, latitude=lat, longitude=lon, postcode=postcode)
        counts[where] += n
    return dict(counts)


# --------------------------------------------------------------------------- places


def places(locator: Locator) -> tuple[Tally, Tally]:
    """(Still- und Wickelorte, Kitas) per district, one query."""
    nursing_q = Q(kinds__slug=NURSING_SLUG) | Q(kinds__icon=Icon.BABY)
    kita_q = Q(kinds__slug=KITA_SLUG) | Q(kinds__icon=Icon.KITA)
    rows = (
        Place.objects.filter(is_published=True)
        .filter(nursing_q | kita_q)
        .annotate(lat=_float("latitude"), lon=_float("longitude"))
        .values_list("pk", "district_id", "lat", "lon", "postcode", "kinds__slug", "kinds__icon")
        .order_by()
    )
    nursing: set[tuple[int | None, int]] = set()
    kitas: set[tuple[int | None, int]] = set()
    for pk, district, lat, lon, postcode, slug, icon in rows:
        where = locator.locate(district_id=district, latitude=lat, longitude=lon, postcode=postcode)
        if slug == NURSING_SLUG or icon == Icon.BABY:
            nursing.add((where, pk))
        if slug == KITA_SLUG or icon == Icon.KITA:
            kitas.add((where, pk))
    return _tally(nursing), _tally(kitas)


def notinseln(locator: Locator) -> Tally:
    rows = (
        Notinsel.objects.filter(status=Notinsel.Status.ACTIVE)
        .annotate(lat=_float("latitude"), lon=_float("longitude"))
        .values_list("pk", "district_id", "lat", "lon", "postcode")
    )
    return _tally(
        (locator.locate(district_id=d, latitude=la, longitude=lo, postcode=pc), pk)
        for pk, d, la, lo, pc in rows.order_by()
    )


# --------------------------------------------------------------------------- demand


def survey_answers(scope: Scope) -> Tally:
    return dict(
        Response.objects.filter(
            status=Response.Status.COMPLETE,
            submitted_on__gte=scope.first_day,
            submitted_on__lte=scope.last_day,
        )
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
        .order_by()
    )


def concerns(scope: Scope) -> dict[tuple[int | None, int | None], int]:
    """(district, topic) → concerns received in the period, one query."""
    return {
        (district, topic): n
        for district, topic, n in Concern.objects.filter(
            created_at__gte=scope.start, created_at__lt=scope.end
        )
        .values("district_id", "topic_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "topic_id", "n")
        .order_by()
    }


def _in_periods(scope: Scope, prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}holiday_end__gte": scope.first_day,
            f"{prefix}holiday_start__lte": scope.last_day,
        }
    )


def holiday_demand(scope: Scope, locator: Locator) -> tuple[Tally, Tally]:
    """(children without any place in a confirmed lottery, children on a waiting list)
    of the programmes overlapping the period, per district; three queries."""
    not_placed = dict(
        Ticket.objects.filter(run__status=Run.Status.CONFIRMED, places=0)
        .filter(_in_periods(scope, "run__period__"))
        .values("child__family_id")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("child__family_id", "n")
        .order_by()
    )
    waiting = dict(
        Booking.objects.filter(status=Booking.Status.WAITLISTED)
        .filter(_in_periods(scope, "occasion__activity__period__"))
        .values("child__family_id")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("child__family_id", "n")
        .order_by()
    )
    return _by_family(not_placed, waiting, locator)


def _by_family(
    first: dict[int, int], second: dict[int, int], locator: Locator
) -> tuple[Tally, Tally]:
    """Counts per family account → per district of the family's (latest) welcome
    registration: its district, else its postcode; unknown: "ohne Stadtteil". One query
    for both tallies."""
    homes: dict[int, tuple[int | None, str]] = {}
    for user_id, home, postcode in (
        Registration.objects.filter(user_id__in=list({*first, *second}))
        .order_by("user_id", "-pk")
        .values_list("user_id", "district_id", "postcode")
    ):
        homes.setdefault(user_id, (home, postcode))
    tallies: list[Tally] = []
    for per_family in (first, second):
        counts: Tally = defaultdict(int)
        for family, n in per_family.items():
            district, postcode = homes.get(family, (None, ""))
            counts[locator.locate(district_id=district, postcode=postcode)] += n
        tallies.append(dict(counts))
    return tallies[0], tallies[1]
