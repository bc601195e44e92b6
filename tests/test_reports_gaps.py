"""The district gap report's figures: a small town built by hand, every number of the table
checked against counts made here (issue 21: "the figures are right").

The town: Altstadt and Nordviertel have outlines (squares), Waldau has none but its
postcode 58460 is known; what can be placed nowhere lands in "ohne Stadtteil".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.events.models import Event, EventStatus
from familienrathaus.holidays.models import Booking
from familienrathaus.lottery.models import Run, Ticket
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.places.models import NURSING_SLUG, Notinsel
from familienrathaus.reports.selectors.gaps import GapFilters, district_report
from familienrathaus.surveys.models import Response
from tests.factories.concerns import ConcernFactory, ConcernTopicFactory
from tests.factories.core import DistrictFactory, UserFactory, at, audience, theme
from tests.factories.events import make_event
from tests.factories.holidays import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
)
from tests.factories.offers import OfferFactory
from tests.factories.partners import AddressFactory, OrganisationFactory
from tests.factories.places import NotinselFactory, PlaceFactory, kind
from tests.factories.reports import (
    DistrictAreaFactory,
    DistrictPopulationFactory,
    PostcodeDistrictFactory,
    square,
)
from tests.factories.surveys import ResponseFactory
from tests.factories.welcome import RegistrationFactory

pytestmark = pytest.mark.django_db

A_CENTRE = (51.40, 7.19)  # Altstadt
B_CENTRE = (51.42, 7.19)  # Nordviertel
IN_A = (Decimal("51.401000"), Decimal("7.189000"))
IN_B = (Decimal("51.421000"), Decimal("7.191000"))
OUTSIDE = (Decimal("51.500000"), Decimal("7.500000"))
WALDAU_POSTCODE = "58460"


def km(a: tuple[float, float], b: tuple[Decimal, Decimal]) -> float:
    """Haversine, written out here so the test does not trust the code under test."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], float(b[0]), float(b[1])))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@dataclass
class Town:
    a: District
    b: District
    c: District


def _offer(
    *, where: tuple[Decimal, Decimal] | None = None, postcode: str = "", **kwargs: Any
) -> Offer:
    kwargs.setdefault("published", True)
    offer: Any = OfferFactory(**kwargs)
    if where is not None or postcode:
        OfferLocation.objects.create(
            offer=offer,
            street="Weg 1",
            postcode=postcode or "99999",
            city="Musterstadt",
            latitude=where[0] if where else None,
            longitude=where[1] if where else None,
        )
    return offer


def _event(days_ago: int, **values: Any) -> Event:
    start = at(timezone.localdate() - timedelta(days=days_ago), 15)
    return make_event(start=start, end=start + timedelta(hours=2), **values)


@pytest.fixture
def town() -> Town:
    a: Any = DistrictFactory(name="Altstadt", slug="altstadt")
    b: Any = DistrictFactory(name="Nordviertel", slug="nordviertel")
    c: Any = DistrictFactory(name="Waldau", slug="waldau")
    DistrictAreaFactory(district=a, outline=square(*A_CENTRE))
    DistrictAreaFactory(district=b, outline=square(*B_CENTRE))
    PostcodeDistrictFactory(postcode=WALDAU_POSTCODE, district=c)
    DistrictPopulationFactory(district=a)  # 20 per band: 100 children
    DistrictPopulationFactory(
        district=b,
        children_0_2=40,
        children_3_5=40,
        children_6_9=40,
        children_10_13=40,
        children_14_17=40,
        residents=2000,
    )  # 200 children
    DistrictPopulationFactory(
        district=c,
        children_0_2=10,
        children_3_5=10,
        children_6_9=10,
        children_10_13=10,
        children_14_17=10,
        residents=400,
    )  # 50 children
    health, education, sport = (
        theme("gesundheit"),
        theme("bildung-und-betreuung"),
        theme("sport-freizeit-und-kultur"),
    )
    single = audience("alleinerziehende")

    # Offers: A 2 (o1 own district, o4 own districts A+B), B 2 (o2 by coordinates, o4),
    # C 1 (o3 by postcode), none 2 (o6 nowhere, o7 outside every outline).
    _offer(themes=[health], districts=[a], age_min=0, age_max=3)  # o1
    _offer(themes=[education], where=IN_B, age_min=6, age_max=10)  # o2
    _offer(themes=[health, education], postcode=WALDAU_POSTCODE, audiences=[single])  # o3
    _offer(themes=[sport], districts=[a, b], where=IN_A)  # o4
    _offer(themes=[health], districts=[c], published=False)  # o5: a draft
    _offer(themes=[sport])  # o6: no district, no location
    _offer(themes=[health], where=OUTSIDE, postcode="11111")  # o7

    # Events of the last 12 months: A 1, B 1, C 1.
    _event(30, district=a)
    _event(60, latitude=IN_B[0], longitude=IN_B[1])
    _event(10, postcode=WALDAU_POSTCODE)
    _event(400, district=a)  # too long ago
    cancelled = _event(20, district=b)
    Event.objects.filter(pk=cancelled.pk).update(event_status=EventStatus.CANCELLED)
    _event(-10, district=a)  # still to come

    # Holiday occasions of a programme this year: A 2, B 1, none 1.
    period: Any = PeriodFactory(
        holiday_start=timezone.localdate() - timedelta(days=100),
        holiday_end=timezone.localdate() - timedelta(days=80),
        booking_opens=timezone.now() - timedelta(days=150),
    )
    old_period = PeriodFactory(
        holiday_start=timezone.localdate() - timedelta(days=800),
        holiday_end=timezone.localdate() - timedelta(days=780),
        booking_opens=timezone.now() - timedelta(days=850),
    )
    in_a = OrganisationFactory()
    AddressFactory(organisation=in_a)  # 51.400812, 7.188215: inside Altstadt
    in_b = OrganisationFactory()
    AddressFactory(organisation=in_b, district=b, latitude=None, longitude=None)
    nowhere = OrganisationFactory()
    activity_a = ActivityFactory(period=period, organisation=in_a)
    occ1 = OccasionFactory(activity=activity_a)
    occ2 = OccasionFactory(activity=activity_a)
    OccasionFactory(activity=ActivityFactory(period=period, organisation=in_b))
    OccasionFactory(activity=ActivityFactory(period=period, organisation=nowhere))
    OccasionFactory(activity=activity_a, cancelled_at=timezone.now())
    OccasionFactory(activity=ActivityFactory(period=old_period, organisation=in_a))

    # Places: nursing A 2; Kitas A 1, B 1, C 1; Notinseln A 1, B 1.
    nursing, kita = kind(NURSING_SLUG), kind("kita")
    PlaceFactory(kinds=[nursing], latitude=IN_A[0], longitude=IN_A[1])
    PlaceFactory(kinds=[nursing, kita], district=a)
    PlaceFactory(kinds=[kita], latitude=IN_B[0], longitude=IN_B[1])
    PlaceFactory(kinds=[kita], latitude=None, longitude=None, postcode=WALDAU_POSTCODE)
    PlaceFactory(kinds=[kita], district=a, is_published=False)
    PlaceFactory(kinds=[kind("spielplatz")], district=a)
    NotinselFactory(status=Notinsel.Status.ACTIVE, district=a)
    NotinselFactory(status=Notinsel.Status.ACTIVE, latitude=IN_B[0], longitude=IN_B[1])
    NotinselFactory(status=Notinsel.Status.APPLIED, district=c)

    # Survey answers: A 2, B 1, none 1.
    for district in (a, a, b, None):
        ResponseFactory(district=district, submitted_on=timezone.localdate() - timedelta(days=5))
    ResponseFactory(district=a, status=Response.Status.IN_PROGRESS, submitted_on=None)
    ResponseFactory(district=c, submitted_on=timezone.localdate() - timedelta(days=500))

    # Concerns: A 2 (two topics), B 1, none 1.
    t1, t2 = ConcernTopicFactory(name="Spielplätze"), ConcernTopicFactory(name="Kita-Plätze")
    ConcernFactory(district=a, topic=t1)
    ConcernFactory(district=a, topic=t2)
    ConcernFactory(district=b, topic=t1)
    ConcernFactory(district=None, topic=t1)
    ConcernFactory(district=a, topic=t1, created_at=timezone.now() - timedelta(days=400))

    # Ferienspaß: families at home in A (district), in C (postcode), unknown.
    home_a, home_c, unknown = UserFactory(), UserFactory(), UserFactory()
    RegistrationFactory(user=home_a, district=a)
    RegistrationFactory(user=home_c, district=None, postcode=WALDAU_POSTCODE)
    c1, c2, c3 = cast(
        Any,
        (
            ChildFactory(family=home_a),
            ChildFactory(family=home_c),
            ChildFactory(family=unknown),
        ),
    )
    c4: Any = ChildFactory(family=home_a)
    waiting = Booking.Status.WAITLISTED
    BookingFactory(child=c1, occasion=occ1, status=waiting)
    BookingFactory(child=c1, occasion=occ2, status=waiting)  # the same child: counts once
    BookingFactory(child=c2, occasion=occ1, status=waiting)
    BookingFactory(child=c3, occasion=occ1, status=waiting)
    BookingFactory(child=c4, occasion=occ1)  # has a place
    run = Run.objects.create(period=period, seed=1, status=Run.Status.CONFIRMED)
    Ticket.objects.create(run=run, child=c1, number=1, places=0)
    Ticket.objects.create(run=run, child=c2, number=2, places=0)
    Ticket.objects.create(run=run, child=c4, number=3, places=2)
    draft_run = Run.objects.create(period=period, seed=2, status=Run.Status.DONE)
    Ticket.objects.create(run=draft_run, child=c3, number=1, places=0)
    return Town(a, b, c)


def _rows(filters: GapFilters | None = None) -> dict[str | None, Any]:
    report = district_report(filters or GapFilters())
    return {row.district.slug if row.district else None: row for row in report.rows}


def test_every_figure_of_the_gap_table(town: Town) -> None:
    report = district_report(GapFilters())
    rows: dict[str | None, Any] = {
        row.district.slug if row.district else None: row for row in report.rows
    }
    assert list(rows) == ["altstadt", "nordviertel", "waldau", None]

    expected_counts = {
        "altstadt": {
            "offers": 2,
            "events": 1,
            "occasions": 2,
            "notinseln": 1,
            "nursing": 2,
            "kitas": 1,
        },
        "nordviertel": {
            "offers": 2,
            "events": 1,
            "occasions": 1,
            "notinseln": 1,
            "nursing": 0,
            "kitas": 1,
        },
        "waldau": {
            "offers": 1,
            "events": 1,
            "occasions": 0,
            "notinseln": 0,
            "nursing": 0,
            "kitas": 1,
        },
        None: {"offers": 2, "events": 0, "occasions": 1, "notinseln": 0, "nursing": 0, "kitas": 0},
    }
    children: dict[str | None, int | None] = {
        "altstadt": 100,
        "nordviertel": 200,
        "waldau": 50,
        None: None,
    }
    for slug, counts in expected_counts.items():
        row = rows[slug]
        assert row.counts == counts, slug
        assert row.children == children[slug]
        for key, n in counts.items():
            if children[slug] is None:
                assert row.per_1000[key] is None
            else:
                assert row.per_1000[key] == pytest.approx(n * 1000 / (children[slug] or 1))

    assert rows["altstadt"].residents == 1000 and rows["nordviertel"].residents == 2000

    expected_demand = {
        "altstadt": {"survey_answers": 2, "concerns": 2, "children_not_placed": 1, "waiting": 1},
        "nordviertel": {"survey_answers": 1, "concerns": 1, "children_not_placed": 0, "waiting": 0},
        "waldau": {"survey_answers": 0, "concerns": 0, "children_not_placed": 1, "waiting": 1},
        None: {"survey_answers": 1, "concerns": 1, "children_not_placed": 0, "waiting": 1},
    }
    for slug, demand in expected_demand.items():
        assert rows[slug].demand == demand, slug
    topics = dict((name, pk) for pk, name in report.topics)
    assert rows["altstadt"].concerns_by_topic == {
        topics["Spielplätze"]: 1,
        topics["Kita-Plätze"]: 1,
    }
    assert rows["nordviertel"].concerns_by_topic == {topics["Spielplätze"]: 1}

    # The nearest offer of each theme, from each district's centre (the outline's centre).
    nearest = {
        "gesundheit": OUTSIDE,  # o1 has no location, o3 no coordinates
        "bildung-und-betreuung": IN_B,
        "sport-freizeit-und-kultur": IN_A,
    }
    for slug, centre in (("altstadt", A_CENTRE), ("nordviertel", B_CENTRE)):
        for theme_slug, point in nearest.items():
            assert rows[slug].nearest_km[theme_slug] == pytest.approx(km(centre, point), abs=0.001)
        assert rows[slug].nearest_km["integration-und-nachbarschaft"] is None
    assert set(rows["waldau"].nearest_km.values()) == {None}  # no outline, no centre
    assert len(rows["altstadt"].nearest_km) == 7  # every theme

    # The map colours offers per 1,000 children; Nordviertel (10) is the weakest.
    assert report.measure == "offers_per_1000"
    assert [slug for slug, row in rows.items() if row.weakest] == ["nordviertel"]
    assert report.population_year == timezone.localdate().year - 1


def test_filters_theme_audience_and_age_band(town: Town) -> None:
    health = theme("gesundheit")
    rows = _rows(GapFilters(theme=health))
    assert {slug: row.counts["offers"] for slug, row in rows.items()} == {
        "altstadt": 1,
        "nordviertel": 0,
        "waldau": 1,
        None: 1,
    }
    assert list(rows["altstadt"].nearest_km) == ["gesundheit"]
    assert {slug: row.counts["events"] for slug, row in rows.items()}["altstadt"] == 0  # no theme

    rows = _rows(GapFilters(audience=audience("alleinerziehende")))
    assert {slug: row.counts["offers"] for slug, row in rows.items()} == {
        "altstadt": 0,
        "nordviertel": 0,
        "waldau": 1,
        None: 0,
    }

    # 0–2 years: o2 (6–10) drops out; the children are the band's.
    rows = _rows(GapFilters(band="0_2"))
    assert {slug: row.counts["offers"] for slug, row in rows.items()} == {
        "altstadt": 2,
        "nordviertel": 1,
        "waldau": 1,
        None: 2,
    }
    assert rows["nordviertel"].children == 40
    assert rows["nordviertel"].per_1000["offers"] == pytest.approx(25.0)

    # An earlier year: its calendar year (none of the events, answers or concerns).
    rows = _rows(GapFilters(year=timezone.localdate().year - 3))
    assert sum(row.counts["events"] for row in rows.values()) == 0
    assert sum(row.demand["survey_answers"] for row in rows.values()) == 0
    assert rows["altstadt"].children is None  # no figures that early


def test_without_children_the_map_counts_offers(db: None) -> None:
    a = DistrictFactory(name="Altstadt", slug="altstadt")
    OfferFactory(published=True, districts=[a])
    report = district_report(GapFilters())
    assert report.measure == "offers"
    assert report.rows[0].per_1000["offers"] is None


def test_the_report_takes_a_fixed_number_of_queries(
    town: Town, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):  # more rows of every kind must not mean more queries
        OfferFactory(published=True, districts=[town.a])
        ConcernFactory(district=town.b)
    with django_assert_max_num_queries(25):
        district_report(GapFilters())
