"""Reads for the family's welcome guide: its timeline and what the town offers at the
child's age, near the family.

The guide shows the child's first name and age, never the address: everything here
takes the birth date and the district, not the registration's other fields.

- Frühe Hilfen: published offers of the Familienwegweiser for the audience "Schwangere
  und junge Eltern / Frühe Hilfen" whose age range fits the child (ages in years; an
  offer without limits fits every child), town-wide ones and those of the family's
  district;
- Still- und Wickelorte and Notinseln: published places of those kinds on the map, the
  family's district first;
- the next events for babies: published dates of events for that audience, or whose
  title names a baby course (Babymassage, Stillberatung …);
- the town's Kitas (the Kita interest's list, :func:`selectors.kita.kitas`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.events import selectors as event_selectors
from familienrathaus.events.models import Occurrence
from familienrathaus.offers.models import Offer
from familienrathaus.places.models import NOTINSEL_SLUG, NURSING_SLUG, Icon, Place
from familienrathaus.welcome import timeline
from familienrathaus.welcome.models import FollowUp, Registration, WelcomeSettings
from familienrathaus.welcome.selectors import kita as kita_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors

EARLY_HELP_SLUG = "schwangere-und-junge-eltern-fruhe-hilfen"
EARLY_HELP_NAME = "Frühe Hilfen"
BABY_WORDS = ("Baby", "Still", "Krabbel", "PEKiP", "Rückbildung", "Hebamme")
PLACES_SHOWN = 6
EVENTS_SHOWN = 5
OFFERS_SHOWN = 8

DUE = "due"
LATE = "late"  # past the window, still within the Kinder-Richtlinie's tolerance
PAST = "past"
LATER = "later"


@dataclass(frozen=True)
class Step:
    """A timeline item with its state on the day the guide is shown."""

    item: timeline.Item
    state: str

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def is_now(self) -> bool:
        return self.state in {DUE, LATE}


@dataclass
class Guide:
    birth_date: dt.date
    child_first_name: str
    months: int
    today: dt.date
    steps: list[Step]
    offers: list[Offer] = field(default_factory=list)
    nursing: list[Place] = field(default_factory=list)
    notinseln: list[Place] = field(default_factory=list)
    events: list[Occurrence] = field(default_factory=list)
    kitas: list[Place] = field(default_factory=list)
    town: str = ""
    kita_registration_url: str = ""
    kita_deadline: dt.date | None = None
    followup: FollowUp | None = None

    @property
    def years(self) -> int:
        return self.months // 12

    @property
    def now(self) -> list[Step]:
        return [step for step in self.steps if step.is_now]


def state_of(item: timeline.Item, today: dt.date) -> str:
    if item.is_due(today):
        return DUE
    if item.in_tolerance_only(today):
        return LATE
    if item.start > today:
        return LATER
    return PAST


def items_for(birth: dt.date, row: WelcomeSettings | None = None) -> list[timeline.Item]:
    """The timeline with this town's Kita deadline and portal."""
    row = row or settings_selectors.get()
    return timeline.timeline(
        birth,
        kita_deadline_months=row.kita_deadline_months,
        kita_registration_url=row.kita_registration_url,
    )


def steps_for(birth: dt.date, today: dt.date, row: WelcomeSettings | None = None) -> list[Step]:
    return [Step(item=item, state=state_of(item, today)) for item in items_for(birth, row)]


# ------------------------------------------------------------------ what the town offers


def _early_help_audience() -> Q:
    return Q(audiences__slug=EARLY_HELP_SLUG) | Q(audiences__name__icontains=EARLY_HELP_NAME)


def early_help_offers(
    *, years: int, district: District | None, today: dt.date, limit: int = OFFERS_SHOWN
) -> list[Offer]:
    """Published Frühe Hilfen offers that fit a child of ``years`` completed years, in the
    family's district or for the whole town. A family that does not know its district,
    or whose district has none, sees those of the whole town."""
    offers = (
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .filter(_early_help_audience())
        .filter(Q(age_min__isnull=True) | Q(age_min__lte=years))
        .filter(Q(age_max__isnull=True) | Q(age_max__gte=years))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("organisation")
        .distinct()
        .order_by("title")
    )
    if district is not None:
        near = list(offers.filter(Q(districts__isnull=True) | Q(districts=district))[:limit])
        if near:
            return near
    return list(offers[:limit])


def _places(kind: Q, district: District | None, limit: int) -> list[Place]:
    places: QuerySet[Place] = (
        Place.objects.filter(is_published=True).filter(kind).select_related("district").distinct()
    )
    rows = sorted(
        places[:200],
        key=lambda p: (district is None or p.district_id != district.pk, p.name.casefold()),
    )
    return rows[:limit]


def nursing_places(district: District | None, limit: int = PLACES_SHOWN) -> list[Place]:
    """Still- und Wickelorte, the family's district first."""
    return _places(Q(kinds__slug=NURSING_SLUG) | Q(kinds__icon=Icon.BABY), district, limit)


def notinsel_places(district: District | None, limit: int = PLACES_SHOWN) -> list[Place]:
    """Notinseln (safe places for children), the family's district first."""
    return _places(Q(kinds__slug=NOTINSEL_SLUG) | Q(kinds__icon=Icon.SHIELD), district, limit)


def baby_events(today: dt.date, limit: int = EVENTS_SHOWN) -> list[Occurrence]:
    """The next dates of events for babies and their parents."""
    words = Q()
    for word in BABY_WORDS:
        words |= Q(event__title__icontains=word)
    early = Q(event__audiences__slug=EARLY_HELP_SLUG) | Q(
        event__audiences__name__icontains=EARLY_HELP_NAME
    )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    occurrences = (
        event_selectors.published_occurrences()
        .filter(end__gte=start)
        .exclude(is_orphan=True)
        .filter(early | words)
        .distinct()
        .order_by("start", "pk")
    )
    return list(occurrences[:limit])


def map_url(kind_slug: str) -> str:
    return f"{reverse('places:map')}?art={kind_slug}"


# ------------------------------------------------------------------ the guide


def guide(
    *,
    birth_date: dt.date,
    child_first_name: str = "",
    district: District | None = None,
    today: dt.date | None = None,
    with_offers: bool = True,
) -> Guide:
    """Everything the guide shows for a child born on ``birth_date``."""
    today = today or timezone.localdate()
    row = settings_selectors.get()
    months = timeline.completed_months(birth_date, today)
    result = Guide(
        birth_date=birth_date,
        child_first_name=child_first_name,
        months=months,
        today=today,
        steps=steps_for(birth_date, today, row),
        town=settings_selectors.town_name(row),
        kita_registration_url=row.kita_registration_url,
        kita_deadline=timeline.kita_registration_deadline(birth_date, row.kita_deadline_months),
    )
    if with_offers:
        result.offers = early_help_offers(years=months // 12, district=district, today=today)
        result.nursing = nursing_places(district)
        result.notinseln = notinsel_places(district)
        result.events = baby_events(today)
        result.kitas = list(kita_selectors.kitas().select_related("district")[:50])
    return result


def for_registration(registration: Registration, *, today: dt.date | None = None) -> Guide:
    result = guide(
        birth_date=registration.birth_date,
        child_first_name=registration.child_first_name,
        district=registration.district,
        today=today,
    )
    result.followup = FollowUp.objects.filter(registration=registration).first()
    return result


def links() -> dict[str, Any]:
    """The federal familienportal's pages (linked, never copied)."""
    return {
        "familienportal": timeline.FAMILIENPORTAL_URL,
        "elterngeld": timeline.ELTERNGELD_URL,
        "kindergeld": timeline.KINDERGELD_URL,
        "stiko": timeline.STIKO_URL,
        "nursing_map": map_url(NURSING_SLUG),
        "notinsel_map": map_url(NOTINSEL_SLUG),
        "kita_map": map_url(kita_selectors.KITA_SLUG),
    }
