"""Beispieldorf's offers, the demo's second alliance (German only; ``demo.load_second``).

Some titles repeat Musterstadt's (a Krabbelgruppe, an Elterncafé): each alliance has
its own, at its own addresses.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.core.slugs import german_slug
from familienrathaus.offers import search
from familienrathaus.offers.demo import (
    BALANCE,
    CHILDREN,
    EARLY,
    EDUCATION,
    HEALTH,
    LEISURE,
    PARENTING,
    SINGLE,
    YOUTH,
)
from familienrathaus.offers.models import Offer, OfferLocation, OfferTime
from familienrathaus.partners.models import Organisation

ZENTRUM = "Familienzentrum Beispieldorf"
KITA = "Kita Regenbogen"
SPORT = "Sportverein Beispieldorf 1921"
PFARREI = "Pfarrei St. Martin Beispieldorf"

# (title, partner, summary, themes, audiences, ages, (weekday, opens, closes), street)
OFFERS = [
    ("Krabbelgruppe", ZENTRUM,
     "Spielen, singen und andere Eltern kennenlernen – für Kinder bis drei Jahre.",
     [PARENTING], [EARLY], (0, 3), (1, "09:30", "11:00"), "Schulstraße 4"),
    ("Elterncafé", ZENTRUM,
     "Offener Treff bei Kaffee und Kuchen, mit Spielecke und Beratung nach Bedarf.",
     [PARENTING], [SINGLE], (None, None), (3, "15:00", "17:00"), "Schulstraße 4"),
    ("Beratung für Familien", ZENTRUM,
     "Vertrauliche Beratung bei Sorgen in der Familie, kostenlos und ohne Wartezeit.",
     [HEALTH], [SINGLE], (None, None), (2, "14:00", "16:00"), "Schulstraße 4"),
    ("Krippe und Kindergarten", KITA,
     "Betreuung für Kinder von einem Jahr bis zur Einschulung, mit Mittagessen.",
     [EDUCATION, BALANCE], [CHILDREN], (1, 6), (0, "07:00", "16:30"), "Am Anger 7"),
    ("Eltern-Kind-Turnen", SPORT,
     "Bewegungsspiele in der Turnhalle für Kinder ab zwei Jahren mit einem Elternteil.",
     [LEISURE], [CHILDREN], (2, 5), (4, "16:00", "17:00"), "Sportplatzweg 2"),
    ("Schwimmkurs für Kinder", SPORT,
     "Seepferdchen-Kurs im Hallenbad der Nachbargemeinde, zehn Termine.",
     [LEISURE, HEALTH], [CHILDREN], (5, 8), (5, "10:00", "11:00"), "Sportplatzweg 2"),
    ("Jugendtreff im Pfarrheim", PFARREI,
     "Kicker, Musik und ein offenes Ohr für Jugendliche ab zwölf Jahren.",
     [LEISURE], [YOUTH], (12, 17), (4, "18:00", "21:00"), "Kirchplatz 1"),
]  # fmt: skip
CENTRE = (Decimal("48.951200"), Decimal("11.402300"))


def load() -> int:
    """Create Beispieldorf's offers that are missing (inside its alliance)."""
    themes = {theme.name: theme for theme in Theme.objects.all()}
    audiences = {audience.name: audience for audience in Audience.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    district = District.objects.order_by("position").first()
    existing = set(Offer.objects.values_list("slug", flat=True))
    now = timezone.now()
    created = 0
    for number, (
        title,
        partner,
        summary,
        theme_names,
        audience_names,
        ages,
        hours,
        street,
    ) in enumerate(OFFERS, start=1):
        organisation = organisations.get(partner)
        slug = german_slug(title)
        if organisation is None or slug in existing:  # the partners' demo did not run
            continue
        offer = Offer(
            organisation=organisation,
            title=title,
            slug=slug,
            summary=summary,
            description=summary,
            age_min=ages[0],
            age_max=ages[1],
            phone=organisation.phone,
            email=organisation.email,
            status=Offer.Status.PUBLISHED,
            published_at=now - timedelta(days=10 + number * 3),
            confirmed_at=now - timedelta(days=number * 5),
        )
        offer.full_clean()
        offer.save()
        offer.themes.set([themes[name] for name in theme_names if name in themes])
        offer.audiences.set([audiences[name] for name in audience_names if name in audiences])
        if district is not None:
            offer.districts.set([district])
        weekday, opens, closes = hours
        OfferTime.objects.create(
            offer=offer,
            weekday=weekday,
            opens=time.fromisoformat(opens),
            closes=time.fromisoformat(closes),
        )
        shift = Decimal(number) / Decimal(2000)
        OfferLocation.objects.create(
            offer=offer,
            label=organisation.name,
            street=street,
            postcode="98765",
            city="Beispieldorf",
            district=district,
            latitude=CENTRE[0] + shift,
            longitude=CENTRE[1] - shift,
        )
        existing.add(slug)
        created += 1
        search.reindex(offer)  # only this alliance's new offer, Musterstadt's stay
    return created
