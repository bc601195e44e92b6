"""Demo data of the lottery: "Herbstferien 2027", whose wish phase ended yesterday, with a
dozen occasions, wishes of the demo children (the holiday demo's families) and priority
groups. On the day the demo is loaded a coordinator can start a run, check its preview
and confirm it (README's Ferienspaß path), and families see the wishes they named.
Booking opens four weeks later, or when the coordinator confirms with "open booking"."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familienrathaus.holidays import demo as holiday_demo
from familienrathaus.holidays import rules
from familienrathaus.holidays.models import Activity, Child, Occasion, OccasionDate, Period
from familienrathaus.lottery.models import PriorityGroup, Wish
from familienrathaus.partners.models import Organisation

PERIOD_SLUG = "herbstferien-2027"
START = date(2027, 10, 11)  # a Monday
TOPICS = [
    ("Kanutour auf dem Stadtsee", Activity.Category.SPORT, 6),
    ("Kürbisschnitzen", Activity.Category.CREATIVE, 12),
    ("Waldrallye mit dem Förster", Activity.Category.NATURE, 15),
    ("Roboter bauen", Activity.Category.SCIENCE, 8),
    ("Theaterwerkstatt", Activity.Category.CULTURE, 12),
    ("Apfelkuchen backen", Activity.Category.COOKING, 8),
    ("Ausflug in den Kletterpark", Activity.Category.TRIP, 10),
    ("Reiterhof-Tag", Activity.Category.NATURE, 6),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def wish_phase(now: datetime) -> tuple[datetime, datetime]:
    """Two weeks of wishes that ended yesterday evening (local time), seen from ``now``."""
    yesterday = timezone.localtime(now).date() - timedelta(days=1)
    end = _at(yesterday, 18)
    return end - timedelta(days=14), end


def load(*, now: datetime | None = None) -> int:
    if Period.objects.filter(slug=PERIOD_SLUG).exists():
        return 0
    organisations = list(Organisation.objects.order_by("name")[:8])
    if not organisations:
        return 0
    now = now or timezone.now()
    wish_start, wish_end = wish_phase(now)
    period = Period(
        name="Herbstferien 2027",
        slug=PERIOD_SLUG,
        description="Herbstferienspaß mit Wunschphase: beliebte Termine werden verlost.",
        holiday_start=START,
        holiday_end=START + timedelta(days=11),
        wish_start=wish_start,
        wish_end=wish_end,
        booking_opens=now + timedelta(days=28),
        places_per_child=3,
        travel_minutes=30,
    )
    period.full_clean()
    period.save()
    count = 1
    rng = random.Random(2027)  # noqa: S311  demo data, not secrets
    occasions: list[Occasion] = []
    for number, (title, category, places) in enumerate(TOPICS):
        activity = Activity.objects.create(
            period=period,
            organisation=organisations[number % len(organisations)],
            title=title,
            slug=f"{PERIOD_SLUG}-{number + 1}",
            summary=f"{title} in den Herbstferien.",
            category=category,
            status=Activity.Status.PUBLISHED,
            published_at=now,
        )
        count += 1
        for repeat in range(1 + number % 2):
            day = START + timedelta(days=(number + 3 * repeat) % 5 + 7 * repeat)
            occasion = Occasion.objects.create(
                activity=activity,
                max_places=places,
                min_places=max(1, places // 3),
                age_min=6,
                age_max=14,
            )
            OccasionDate.objects.create(
                occasion=occasion,
                starts=_at(day, 9 + 4 * (number % 2)),
                ends=_at(day, 12 + 4 * (number % 2)),
            )
            occasions.append(occasion)
            count += 2
    children = list(Child.objects.filter(last_name__in=_holiday_family_names()).order_by("pk")[:40])
    wishes = []
    for child in children:
        fitting = [o for o in occasions if rules.child_fits_occasion(child, o)]
        # Popular first: the canoe and the riding stable draw the most wishes.
        fitting.sort(key=lambda o: rng.random() / (3 if o.max_places <= 6 else 1))
        for rank, occasion in enumerate(fitting[:4], start=1):
            wishes.append(Wish(period=period, child=child, occasion=occasion, rank=rank))
    Wish.objects.bulk_create(wishes)
    count += len(wishes)
    PriorityGroup.objects.create(
        period=period, name="Familienpass", kind=PriorityGroup.Kind.REDUCTION
    )
    PriorityGroup.objects.create(
        period=period, name="Letztes Mal leer ausgegangen", kind=PriorityGroup.Kind.MANUAL
    )
    return count + 2


def _holiday_family_names() -> list[str]:
    return list(getattr(holiday_demo, "LAST_NAMES", [])) or list(
        Child.objects.values_list("last_name", flat=True).distinct()[:50]
    )
