"""Demo data: the Musterstadt summer programme "Sommerferien 2027", in its booking phase.

About 60 activities with about 100 occasions by the demo partners, and about 200
children in 100 demo families (``familie001@musterstadt.example`` …, password as all
demo accounts), some of them already booked so the dashboard shows fill rates and
waiting lists. The demo family ``familie@musterstadt.example`` gets two children and no
bookings, so a visitor can log in and book right away.

Idempotent: a second run creates nothing. Fast: everything in bulk, one password hash.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from familienrathaus.core import demo_pictures
from familienrathaus.core.demo import DEMO_PASSWORD
from familienrathaus.core.models import AllianceMembership, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.slugs import german_slug
from familienrathaus.holidays import demo_translations, rules
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Occasion,
    OccasionDate,
    Period,
    ReductionKind,
)
from familienrathaus.partners.models import Organisation

PERIOD_SLUG = "sommerferien-2027"
HOLIDAY_START = date(2027, 7, 19)
HOLIDAY_END = date(2027, 8, 31)
FAMILY_EMAIL = "familie@musterstadt.example"
FAMILIES = 100

C = Activity.Category
# (title, category, summary, meeting point, base fee)
TOPICS = [
    (
        "Klettern in der Halle",
        C.SPORT,
        "Sichern, greifen, hochkommen – mit Trainerin.",
        "Kletterhalle Nord",
        8,
    ),
    ("Fußball-Camp", C.SPORT, "Technik, Spiele und ein kleines Turnier.", "Sportplatz Westfeld", 5),
    (
        "Schwimmen lernen",
        C.SPORT,
        "Sicher im Wasser: Seepferdchen-Vorbereitung.",
        "Hallenbad Altstadt",
        10,
    ),
    ("Inliner-Workshop", C.SPORT, "Bremsen, Kurven, kleine Sprünge.", "Schulhof Südstadt", 4),
    ("Zirkusschule", C.CULTURE, "Jonglieren, Balancieren, Clownerie.", "Jugendzentrum Am Bach", 6),
    (
        "Theater-Werkstatt",
        C.CULTURE,
        "Ein Stück in drei Tagen – mit Aufführung.",
        "Stadttheater Probebühne",
        6,
    ),
    ("Trommeln aus aller Welt", C.CULTURE, "Rhythmen aus Afrika und Brasilien.", "Musikschule", 5),
    ("Hip-Hop-Tanz", C.CULTURE, "Eine Choreografie zum Mitnehmen.", "Tanzstudio Nordviertel", 5),
    ("Töpfern", C.CREATIVE, "Schalen, Figuren und Fliesen aus Ton.", "Kunstwerkstatt", 7),
    (
        "Comics zeichnen",
        C.CREATIVE,
        "Figuren, Sprechblasen, eigene Geschichte.",
        "Stadtbibliothek",
        3,
    ),
    ("Upcycling-Werkstatt", C.CREATIVE, "Aus Altem wird Neues.", "Familienzentrum", 3),
    ("Seifenkisten bauen", C.CREATIVE, "Bauen, testen, Rennen fahren.", "Werkhof Osterholz", 12),
    (
        "Waldabenteuer",
        C.NATURE,
        "Spuren lesen, Hütten bauen, Waldgeister.",
        "Parkplatz Stadtwald",
        4,
    ),
    (
        "Bauernhof-Tag",
        C.NATURE,
        "Tiere füttern, Stall ausmisten, Brot backen.",
        "Hof Sonnenwiese",
        6,
    ),
    ("Bach-Detektive", C.NATURE, "Was lebt im Bach? Mit Becherlupe.", "Brücke Am Bach", 2),
    ("Imkern für Kinder", C.NATURE, "Bienen beobachten, Honig schleudern.", "Lehrbienenstand", 4),
    ("Robotik mit Lego", C.SCIENCE, "Roboter bauen und programmieren.", "Technikschule", 8),
    ("Experimente-Labor", C.SCIENCE, "Vulkane, Schleim und Raketen.", "Gymnasium Chemieraum", 5),
    ("Sternwarte bei Nacht", C.SCIENCE, "Planeten und Sterne durchs Teleskop.", "Sternwarte", 3),
    (
        "Programmieren mit Scratch",
        C.SCIENCE,
        "Ein eigenes Spiel in zwei Tagen.",
        "Medienzentrum",
        4,
    ),
    ("Pizza backen", C.COOKING, "Teig kneten, belegen, genießen.", "Lehrküche Familienzentrum", 5),
    ("Kochen wie in Italien", C.COOKING, "Pasta selbst gemacht.", "Lehrküche Volkshochschule", 6),
    ("Backstube", C.COOKING, "Brötchen, Brezeln und Kekse.", "Bäckerei am Markt", 4),
    ("Zoo-Ausflug", C.TRIP, "Ein Tag im Zoo mit Führung.", "Busbahnhof", 15),
    ("Freizeitpark-Fahrt", C.TRIP, "Achterbahn und Wildwasserbahn.", "Busbahnhof", 25),
    ("Zeltlager am See", C.TRIP, "Drei Tage Zelten, Schwimmen, Lagerfeuer.", "Busbahnhof", 45),
    ("Kanutour", C.TRIP, "Paddeln auf dem Fluss, mit Übernachtung.", "Bootshaus", 35),
    (
        "Ferienbetreuung Woche 1",
        C.CARE,
        "Spiel und Spaß von 8 bis 16 Uhr.",
        "Grundschule Altstadt",
        30,
    ),
    (
        "Ferienbetreuung Woche 2",
        C.CARE,
        "Spiel und Spaß von 8 bis 16 Uhr.",
        "Grundschule Südstadt",
        30,
    ),
    (
        "Ferienbetreuung Woche 3",
        C.CARE,
        "Spiel und Spaß von 8 bis 16 Uhr.",
        "Grundschule Westfeld",
        30,
    ),
]
AGE_BANDS = [(6, 9, "für Jüngere"), (10, 14, "für Ältere")]
TRIP_NIGHTS = {"Zeltlager am See": 2, "Kanutour": 1}

FIRST_NAMES = [
    "Mia",
    "Emil",
    "Hannah",
    "Noah",
    "Lea",
    "Ben",
    "Emma",
    "Paul",
    "Sofia",
    "Leon",
    "Lina",
    "Finn",
    "Ella",
    "Elias",
    "Marie",
    "Jonas",
    "Clara",
    "Luis",
    "Ida",
    "Felix",
    "Aylin",
    "Mehmet",
    "Zeynep",
    "Yusuf",
    "Olena",
    "Taras",
    "Amira",
    "Karim",
    "Nele",
    "Theo",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Yilmaz",
    "Kaya",
    "Kowalski",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hofmann",
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _period() -> tuple[Period, bool]:
    existing = Period.objects.filter(slug=PERIOD_SLUG).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    opens = now.replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    period = Period(
        name="Sommerferien 2027",
        slug=PERIOD_SLUG,
        description=(
            "Sechs Wochen Ferienspaß in Musterstadt: Sport, Natur, Technik, Kultur, "
            "Ausflüge und Ferienbetreuung für Kinder von 6 bis 14 Jahren. "
            "Gebucht wird in der Reihenfolge der Anmeldung; ist ein Termin voll, kommt "
            "Ihr Kind auf die Warteliste."
        ),
        holiday_start=HOLIDAY_START,
        holiday_end=HOLIDAY_END,
        submission_start=opens - timedelta(days=60),
        submission_end=opens - timedelta(days=14),
        booking_opens=opens,
        places_per_child=6,
        one_per_day=False,
        travel_minutes=30,
        fee_model=Period.FeeModel.PER_BOOKING,
        cancellation_days=3,
        hold_hours=48,
        minimum_check_days=7,
        sensitive_data_days=14,
    )
    period.full_clean()
    period.save()
    ReductionKind.objects.bulk_create(
        [
            ReductionKind(
                period=period,
                name="Familienpass Musterstadt",
                description="Kopie des gültigen Familienpasses.",
                percent=50,
            ),
            ReductionKind(
                period=period,
                name="Bildung und Teilhabe",
                description="Bescheid über Leistungen nach dem BuT.",
                percent=100,
            ),
            ReductionKind(
                period=period,
                name="Drittes Kind frei",
                description="Ab dem dritten Kind einer Familie kostenlos.",
                percent=100,
                from_nth_child=3,
                needs_proof=False,
            ),
        ]
    )
    return period, True


def _programme(period: Period, rng: random.Random) -> int:
    if period.activities.exists():
        return 0
    organisations = list(Organisation.objects.order_by("name"))
    if not organisations:
        return 0
    now = timezone.now()
    activities = []
    plan = []
    number = 0
    for topic_index, (title, category, summary, meeting, fee) in enumerate(TOPICS):
        for band_index, (age_min, age_max, label) in enumerate(AGE_BANDS):
            organisation = organisations[number % len(organisations)]
            full_title = f"{title} ({label})"
            activities.append(
                Activity(
                    period=period,
                    organisation=organisation,
                    title=full_title,
                    slug=german_slug(f"{full_title}-2027")[:200],
                    summary=summary,
                    description=f"Für Kinder von {age_min} bis {age_max} Jahren.",
                    category=category,
                    what_to_bring="Getränk, Brotdose, wetterfeste Kleidung",
                    meeting_point=meeting,
                    accessibility="Stufenloser Zugang, barrierefreies WC."
                    if number % 3 == 0
                    else "",
                    contact_email=organisation.email,
                    status=Activity.Status.SUBMITTED
                    if number in (7, 33)
                    else Activity.Status.PUBLISHED,
                    published_at=None if number in (7, 33) else now,
                )
            )
            plan.append((topic_index, band_index, age_min, age_max, fee, title))
            number += 1
    Activity.objects.bulk_create(activities)
    activities = list(period.activities.order_by("pk"))
    occasions: list[Occasion] = []
    spans: list[list[tuple[datetime, datetime]]] = []
    for index, (activity, (topic, band, age_min, age_max, fee, title)) in enumerate(
        zip(activities, plan, strict=True)
    ):
        count = 1 if index % 3 == 2 else 2  # 40 activities with two occasions, 20 with one
        for n in range(count):
            week = (topic + band + 2 * n) % 5
            weekday = (topic * 2 + band + n) % 5
            day = HOLIDAY_START + timedelta(weeks=week, days=weekday)
            if activity.category == C.CARE:
                day = HOLIDAY_START + timedelta(weeks=int(title[-1]) - 1 + 2 * n)
                occasion_spans = [
                    (_at(day + timedelta(days=d), 8), _at(day + timedelta(days=d), 16))
                    for d in range(5)
                ]
            elif title in TRIP_NIGHTS:
                nights = TRIP_NIGHTS[title]
                occasion_spans = [(_at(day, 10), _at(day + timedelta(days=nights), 15))]
            elif activity.category == C.TRIP:
                occasion_spans = [(_at(day, 8), _at(day, 18))]
            elif topic % 4 == 1:  # a course over three mornings
                occasion_spans = [
                    (_at(day + timedelta(days=d), 9), _at(day + timedelta(days=d), 12))
                    for d in range(3)
                ]
            else:
                start = 9 if (topic + n) % 2 == 0 else 14
                occasion_spans = [(_at(day, start), _at(day, start + 3))]
            max_places = [8, 10, 12, 15, 20, 25][(topic + n) % 6]
            occasions.append(
                Occasion(
                    activity=activity,
                    min_places=4 if max_places >= 10 else 0,
                    max_places=max_places,
                    age_rule=Occasion.AgeRule.SCHOOL_YEAR
                    if activity.category == C.CARE
                    else Occasion.AgeRule.EXACT,
                    age_min=age_min,
                    age_max=age_max,
                    age_tolerance_months=3 if topic % 5 == 0 else 0,
                    fee=Decimal(fee) * (len(occasion_spans) if activity.category != C.CARE else 1),
                    reduced_fee=Decimal(fee) / 2 if fee >= 10 else None,
                    helpers_needed=1 if max_places >= 15 else 0,
                )
            )
            spans.append(occasion_spans)
    Occasion.objects.bulk_create(occasions)
    saved = list(Occasion.objects.filter(activity__period=period).order_by("pk"))
    OccasionDate.objects.bulk_create(
        [
            OccasionDate(occasion=occasion, starts=start, ends=end)
            for occasion, occasion_spans in zip(saved, spans, strict=True)
            for start, end in occasion_spans
        ]
    )
    return len(activities) + len(saved)


def _families(rng: random.Random) -> tuple[list[User], int]:
    emails = [f"familie{n:03d}@musterstadt.example" for n in range(1, FAMILIES + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [e for e in emails if e not in existing]
    created = 0
    if missing:
        password = make_password(DEMO_PASSWORD)
        users = [
            User(
                email=email,
                name=f"Familie {LAST_NAMES[n % len(LAST_NAMES)]}",
                password=password,
            )
            for n, email in enumerate(missing)
        ]
        User.objects.bulk_create(users)
        saved = list(User._base_manager.filter(email__in=missing))
        AllianceMembership.objects.bulk_create(
            [AllianceMembership(user=u, role=Role.FAMILY) for u in saved]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in saved]
        )
        created += 2 * len(saved)
    families = list(User.objects.filter(email__in=emails).order_by("email"))
    children = []
    have_children = set(
        Child.objects.filter(family__in=families).values_list("family_id", flat=True)
    )
    for n, family in enumerate(families):
        if family.pk in have_children:
            continue
        last = family.name.removeprefix("Familie ") or LAST_NAMES[n % len(LAST_NAMES)]
        for k in range(2 if n % 5 else 3 if n % 2 else 1):
            first = FIRST_NAMES[(n * 3 + k * 7) % len(FIRST_NAMES)]
            birth = date(2013, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365))
            children.append(
                Child(family=family, first_name=first, last_name=last, birth_date=birth)
            )
    Child.objects.bulk_create(children)
    return families, created + len(children)


def _bookings(period: Period, families: list[User], rng: random.Random) -> int:
    children = list(Child.objects.filter(family__in=families).order_by("pk"))
    if Booking.objects.filter(child__in=children).exists():
        return 0
    occasions = list(
        Occasion.objects.filter(
            activity__period=period, activity__status=Activity.Status.PUBLISHED
        ).prefetch_related("dates")
    )
    taken = dict.fromkeys((o.pk for o in occasions), 0)
    waiting = dict.fromkeys((o.pk for o in occasions), 0)
    # A few popular occasions fill up and get waiting lists; one stays below its minimum.
    popular = {o.pk for o in occasions[::9]}
    # Booked one after another, 7 seconds apart, all in the past (waiting-list order).
    now = timezone.now() - timedelta(seconds=7 * 12 * len(children))
    rows = []
    for child in children:
        wanted = rng.sample(occasions, k=min(len(occasions), 12))
        wanted.sort(key=lambda o: o.pk not in popular)
        mine: list[Occasion] = []
        activities = set()
        for occasion in wanted:
            if len(mine) >= 3:
                break
            if occasion.activity_id in activities or not rules.child_fits_occasion(child, occasion):
                continue
            if any(
                rules.dates_collide(
                    rules.occasion_spans(occasion),
                    rules.occasion_spans(other),
                    travel_minutes=period.travel_minutes,
                )
                for other in mine
            ):
                continue
            full = taken[occasion.pk] >= occasion.max_places
            if full and waiting[occasion.pk] >= 5:
                continue
            now += timedelta(seconds=7)
            rows.append(
                Booking(
                    child=child,
                    occasion=occasion,
                    status=Booking.Status.WAITLISTED if full else Booking.Status.CONFIRMED,
                    fee=occasion.fee,
                    created_at=now,
                    queued_at=now,
                    confirmed_at=None if full else now,
                )
            )
            if full:
                waiting[occasion.pk] += 1
            else:
                taken[occasion.pk] += 1
                mine.append(occasion)
            activities.add(occasion.activity_id)
    Booking.objects.bulk_create(rows)
    return len(rows)


def _demo_family() -> int:
    family = User.objects.filter(email=FAMILY_EMAIL).first()
    if family is None or Child.objects.filter(family=family).exists():
        return 0
    Child.objects.bulk_create(
        [
            Child(
                family=family, first_name="Mia", last_name="Beispiel", birth_date=date(2018, 5, 3)
            ),
            Child(
                family=family, first_name="Leon", last_name="Beispiel", birth_date=date(2015, 9, 21)
            ),
        ]
    )
    return 2


def load() -> int:
    rng = random.Random(2027)  # noqa: S311  demo data, not secrets
    period, created = _period()
    count = int(created)
    count += _programme(period, rng)
    families, new = _families(rng)
    count += new
    count += _bookings(period, families, rng)
    count += _demo_family()
    if created:
        activities = period.activities.order_by("pk")[:2]
        demo_pictures.give(activities, "image", alt_field="image_alt")
    demo_translations.load()  # English, Turkish and Ukrainian texts
    return count
