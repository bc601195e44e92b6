"""The data of ``bench/reports.py``: the demo's districts and, in bulk, the rows of the
other apps the reports read (offers, events, holiday bookings, survey answers, concerns,
places). Run inside a Django process with a migrated database and the demo loaded;
:func:`build_data` returns what was built."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from familienrathaus.concerns.models import Concern, Topic
from familienrathaus.core.models import Audience, District, Theme, User
from familienrathaus.events.models import Event, Occurrence, Registration
from familienrathaus.holidays.models import Activity, Booking, Child, Occasion, OccasionDate, Period
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.partners.models import Address, Organisation
from familienrathaus.places.models import Place, PlaceKind
from familienrathaus.reports import geo
from familienrathaus.reports.models import DistrictArea, DistrictPopulation
from familienrathaus.surveys.models import Answer, Question, Response, Section, Survey

OFFERS = 10_000
EVENTS = 2_000
BOOKINGS = 20_000
CHILDREN = 8_000
ANSWERS = 5_000
CONCERNS = 2_000
PLACES = 300
# Rural Ortsteile (and districts that joined in a reform) get this share of the rows a
# town district gets, as in the demo: the gap report has something to show.
RURAL_WEIGHT = 0.08


class Districts:
    """The demo's districts with a centre each and a weight (how many rows they get)."""

    def __init__(self, rng: random.Random) -> None:

        self.rng = rng
        self.year = datetime.now().year
        self.items = list(District.objects.order_by("position", "pk"))
        areas = {area.district_id: area for area in DistrictArea.objects.all()}
        populated = set(
            DistrictPopulation.objects.filter(year=self.year).values_list("district_id", flat=True)
        )
        self.centres: dict[int, tuple[float, float]] = {}
        self.weights: list[float] = []
        for n, district in enumerate(self.items):
            area = areas.get(district.pk)
            if area is None or not area.outline:
                # A square of about 1.3 km on a grid east of the demo town.
                lat, lon = 51.40 + (n // 4) * 0.012, 7.17 + (n % 4) * 0.018
                ring = [
                    [lon - 0.009, lat - 0.006],
                    [lon + 0.009, lat - 0.006],
                    [lon + 0.009, lat + 0.006],
                    [lon - 0.009, lat + 0.006],
                    [lon - 0.009, lat - 0.006],
                ]
                area = area or DistrictArea(district=district)
                area.outline = {"type": "Polygon", "coordinates": [ring]}
                area.save()
            if area.centre_latitude is not None and area.centre_longitude is not None:
                centre = (float(area.centre_latitude), float(area.centre_longitude))
            else:
                centre = geo.centroid(area.outline)
            self.centres[district.pk] = centre
            rural = area.kind == DistrictArea.Kind.VILLAGE or bool(area.joined_year)
            self.weights.append(RURAL_WEIGHT if rural else 1.0)
            if district.pk not in populated:
                size = 1 if not rural else 0.15
                DistrictPopulation.objects.create(
                    district=district,
                    year=self.year,
                    residents=int(9000 * size),
                    children_0_2=int(260 * size),
                    children_3_5=int(270 * size),
                    children_6_9=int(340 * size),
                    children_10_13=int(330 * size),
                    children_14_17=int(320 * size),
                    source="Bench",
                )

    def pick(self) -> Any:
        return self.rng.choices(self.items, weights=self.weights)[0]

    def point(self, district: Any) -> tuple[Decimal, Decimal]:
        """A point near the district's centre (inside a small outline)."""
        lat, lon = self.centres[district.pk]
        return (
            Decimal(f"{lat + self.rng.uniform(-0.003, 0.003):.6f}"),
            Decimal(f"{lon + self.rng.uniform(-0.004, 0.004):.6f}"),
        )


def _ids(model: Any, created: list[Any], **lookup: Any) -> list[int]:
    """Primary keys of bulk-created rows (SQLite and PostgreSQL both return them)."""
    ids = [row.pk for row in created]
    if any(pk is None for pk in ids):
        ids = list(model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True))
    return ids


def build_partners(districts: Districts) -> list[Any]:

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench-Partner {n}", slug=f"bench-partner-{n}") for n in range(120)
    )
    organisations = list(Organisation.objects.filter(slug__startswith="bench-partner-"))
    addresses = []
    for organisation in organisations:
        district = districts.pick()
        lat, lon = districts.point(district)
        addresses.append(
            Address(organisation=organisation, street="Bench-Straße 1", postcode="12345",
                    city="Musterstadt", district=district, latitude=lat, longitude=lon)
        )  # fmt: skip
    Address.objects.bulk_create(addresses)
    return organisations


def build_offers(districts: Districts, organisations: list[Any]) -> None:

    rng = districts.rng
    now = timezone.now()
    themes = list(Theme.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    homes = [districts.pick() for _n in range(OFFERS)]
    rows = []
    for n in range(OFFERS):
        age_min = rng.choice([None, 0, 0, 3, 6, 10, 14])
        rows.append(
            Offer(
                organisation=rng.choice(organisations),
                title=f"Bench-Angebot {n}",
                slug=f"bench-offer-{n}",
                summary="Ein Angebot für Familien.",
                description="Beschreibung des Angebots.",
                age_min=age_min,
                age_max=None if age_min is None else min(age_min + rng.choice([2, 3, 5]), 17),
                status="published" if rng.random() < 0.95 else "draft",
                published_at=now - timedelta(days=rng.randint(0, 900)),
            )
        )
    ids = _ids(Offer, Offer.objects.bulk_create(rows, batch_size=1000), slug__startswith="bench-")
    locations = []
    district_links = []
    for offer_id, district in zip(ids, homes, strict=True):
        if rng.random() < 0.85:  # some are online or only phone
            lat, lon = districts.point(district)
            locations.append(
                OfferLocation(offer_id=offer_id, street="Bench-Weg 2", postcode="12345",
                              city="Musterstadt", district=district, latitude=lat, longitude=lon)
            )  # fmt: skip
        if rng.random() < 0.7:
            district_links.append(Offer.districts.through(offer_id=offer_id, district=district))
    OfferLocation.objects.bulk_create(locations, batch_size=2000)
    Offer.districts.through.objects.bulk_create(district_links, batch_size=5000)
    Offer.themes.through.objects.bulk_create(
        (
            Offer.themes.through(offer_id=offer_id, theme_id=theme)
            for offer_id in ids
            for theme in rng.sample(themes, rng.choice([1, 1, 2, 3]))
        ),
        batch_size=5000,
    )
    Offer.audiences.through.objects.bulk_create(
        (
            Offer.audiences.through(offer_id=offer_id, audience_id=audience)
            for offer_id in ids
            for audience in rng.sample(audiences, rng.choice([0, 1, 1, 2]))
        ),
        batch_size=5000,
    )


def build_events(districts: Districts, organisations: list[Any]) -> None:

    rng = districts.rng
    now = timezone.now()
    themes = list(Theme.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    rows = []
    for n in range(EVENTS):
        district = districts.pick()
        lat, lon = districts.point(district)
        start = now - timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 8))
        rows.append(
            Event(
                organisation=rng.choice(organisations),
                uid=f"{uuid.uuid4()}@familienrathaus",
                title=f"Bench-Veranstaltung {n}",
                slug=f"bench-event-{n}",
                summary="Eine Veranstaltung für Familien.",
                start=start,
                end=start + timedelta(hours=2),
                venue_name="Bench-Saal",
                street="Bench-Platz 3",
                postcode="12345",
                city="Musterstadt",
                district=district,
                latitude=lat,
                longitude=lon,
                status="published",
                published_at=start - timedelta(days=30),
                registration_required=True,
                capacity=40,
            )
        )
    created = Event.objects.bulk_create(rows, batch_size=1000)
    ids = _ids(Event, created, slug__startswith="bench-")
    occurrences = Occurrence.objects.bulk_create(
        (
            Occurrence(event_id=pk, original_start=row.start, start=row.start, end=row.end)
            for pk, row in zip(ids, rows, strict=True)
        ),
        batch_size=1000,
    )
    occurrence_ids = _ids(Occurrence, occurrences, event_id__in=ids)
    Registration.objects.bulk_create(
        (
            Registration(
                occurrence_id=pk,
                name=f"Familie {pk}",
                email=f"f{pk}@bench.example",
                adults=1,
                children=rng.randint(0, 3),
                status="confirmed",
            )
            for pk in occurrence_ids
        ),
        batch_size=2000,
    )
    Event.themes.through.objects.bulk_create(
        (Event.themes.through(event_id=pk, theme_id=rng.choice(themes)) for pk in ids),
        batch_size=5000,
    )
    Event.audiences.through.objects.bulk_create(
        (Event.audiences.through(event_id=pk, audience_id=rng.choice(audiences)) for pk in ids),
        batch_size=5000,
    )


def build_holidays(districts: Districts, organisations: list[Any]) -> None:

    rng = districts.rng
    year = districts.year
    now = timezone.now()
    start = date(year, 7, 6)
    period = Period.objects.create(
        name=f"Sommerferien {year} (Bench)",
        slug=f"sommer-{year}-bench",
        holiday_start=start,
        holiday_end=start + timedelta(days=41),
        booking_opens=timezone.make_aware(datetime(year, 5, 1, 9)),
    )
    activities = Activity.objects.bulk_create(
        Activity(period=period, organisation=rng.choice(organisations), title=f"Ferien {n}",
                 slug=f"bench-ferien-{n}", summary="Ferienspaß", category="sport",
                 status="published", published_at=now - timedelta(days=200))
        for n in range(400)
    )  # fmt: skip
    activity_ids = _ids(Activity, activities, slug__startswith="bench-ferien-")
    occasions = Occasion.objects.bulk_create(
        (
            Occasion(
                activity_id=activity_ids[n % len(activity_ids)],
                min_places=4,
                max_places=rng.choice([12, 15, 20, 25]),
                age_min=6,
                age_max=14,
                fee=Decimal(rng.choice([0, 5, 10, 25])),
            )
            for n in range(1000)
        ),
        batch_size=1000,
    )
    occasion_ids = _ids(Occasion, occasions, activity__period=period)
    dates = []
    for n, occasion_id in enumerate(occasion_ids):
        day = start + timedelta(days=n % 40)
        begins = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
        dates.append(
            OccasionDate(occasion_id=occasion_id, starts=begins, ends=begins + timedelta(hours=6))
        )
    OccasionDate.objects.bulk_create(dates, batch_size=2000)
    families = User.objects.bulk_create(
        (
            User(email=f"familie{n}@bench.example", name=f"Familie {n}", password="!")  # noqa: S106
            for n in range(CHILDREN // 2)
        ),
        batch_size=2000,
    )
    family_ids = _ids(User, families, email__endswith="@bench.example")
    children = Child.objects.bulk_create(
        (
            Child(
                family_id=family_ids[n // 2],
                first_name=f"Kind {n}",
                last_name="Bench",
                birth_date=date(year - rng.randint(6, 14), rng.randint(1, 12), 15),
            )
            for n in range(CHILDREN)
        ),
        batch_size=2000,
    )
    child_ids = _ids(Child, children, last_name="Bench")
    bookings = []
    for n in range(BOOKINGS):
        child = child_ids[n % len(child_ids)]
        # A child's 2–3 bookings are on different occasions.
        occasion = occasion_ids[(n * 7919 + (n // len(child_ids)) * 331) % len(occasion_ids)]
        status = rng.choices(["confirmed", "waitlisted", "cancelled"], weights=[80, 12, 8])[0]
        bookings.append(
            Booking(child_id=child, occasion_id=occasion, status=status, fee=Decimal(5),
                    created_at=now - timedelta(days=160),
                    confirmed_at=now - timedelta(days=160) if status == "confirmed" else None,
                    cancelled_at=now - timedelta(days=150) if status == "cancelled" else None)
        )  # fmt: skip
    Booking.objects.bulk_create(bookings, batch_size=5000)


def build_survey(districts: Districts) -> None:

    rng = districts.rng
    survey = Survey.objects.create(
        slug="bench-elternbefragung",
        title_de="Elternbefragung (Bench)",
        status=Survey.Status.PUBLISHED,
        opens_at=timezone.now() - timedelta(days=200),
    )
    section = Section.objects.create(survey=survey, position=0, title_de="Wohnort")
    question = Question.objects.create(
        section=section, position=0, code="stadtteil", kind="district",
        text_de="In welchem Stadtteil wohnen Sie?",
    )  # fmt: skip
    today = timezone.localdate()
    homes = [districts.pick() for _n in range(ANSWERS)]
    responses = Response.objects.bulk_create(
        (
            Response(
                survey=survey,
                status=Response.Status.COMPLETE,
                district=district,
                submitted_on=today - timedelta(days=rng.randint(0, 190)),
            )
            for district in homes
        ),
        batch_size=2000,
    )
    response_ids = _ids(Response, responses, survey=survey)
    Answer.objects.bulk_create(
        (
            Answer(response_id=pk, question=question, district=district)
            for pk, district in zip(response_ids, homes, strict=True)
        ),
        batch_size=5000,
    )


def build_concerns(districts: Districts) -> None:

    rng = districts.rng
    now = timezone.now()
    topics: list[Topic | None] = [*Topic.objects.all()] or [None]
    rows = []
    for n in range(CONCERNS):
        created = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 20))
        status = rng.choices(["received", "in_progress", "answered", "closed"], [2, 2, 3, 5])[0]
        answered = created + timedelta(days=rng.randint(1, 15)) if status != "received" else None
        rows.append(
            Concern(
                kind=rng.choice(["question", "suggestion", "complaint", "help"]),
                topic=rng.choice(topics),
                district=districts.pick() if rng.random() < 0.8 else None,
                text=f"Anliegen {n}: Bitte mehr Angebote in unserem Stadtteil.",
                privacy="anonymous",
                status=status,
                created_at=created,
                updated_at=answered or created,
                first_answer_at=answered,
                closed_at=answered + timedelta(days=3) if status == "closed" and answered else None,
                first_answer_due=(created + timedelta(days=14)).date(),
                close_due=(created + timedelta(days=28)).date(),
            )
        )
    Concern.objects.bulk_create(rows, batch_size=1000)


def build_places(districts: Districts) -> None:

    rng = districts.rng
    kinds = list(PlaceKind.objects.values_list("pk", flat=True))
    rows = []
    for n in range(PLACES):
        district = districts.pick()
        lat, lon = districts.point(district)
        rows.append(
            Place(name=f"Bench-Ort {n}", slug=f"bench-ort-{n}", street="Bench-Gasse 4",
                  postcode="12345", city="Musterstadt", district=district,
                  latitude=lat, longitude=lon)
        )  # fmt: skip
    ids = _ids(Place, Place.objects.bulk_create(rows), slug__startswith="bench-ort-")
    if kinds:
        Place.kinds.through.objects.bulk_create(
            Place.kinds.through(place_id=pk, placekind_id=rng.choice(kinds)) for pk in ids
        )


def build_data(seed: int = 21) -> dict[str, Any]:
    """The demo plus the bench's rows (see the docstring); returns what was built."""

    rng = random.Random(seed)
    with transaction.atomic():
        districts = Districts(rng)
        organisations = build_partners(districts)
        build_offers(districts, organisations)
        build_events(districts, organisations)
        build_holidays(districts, organisations)
        build_survey(districts)
        build_concerns(districts)
        build_places(districts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "districts": len(districts.items),
        "offers": Offer.objects.count(),
        "events": Event.objects.count(),
        "bookings": Booking.objects.count(),
        "survey_answers": Answer.objects.filter(district__isnull=False).count(),
        "concerns": Concern.objects.count(),
    }
