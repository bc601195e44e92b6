"""Demo data of the reports: Musterstadt's six districts as areas on the map with their
residents and children of the last two years, plus three rural Ortsteile that joined
the town in a municipal reform (2024) and have visibly fewer offers: two in Kirchdorf,
none in Heide and Mühlental. A few postcodes are mapped to districts.

The outlines are computed, not drawn: each district is the area closer to its centre
than to any other centre (a Voronoi cell, in metres rather than degrees), cut to the
municipality's boundary; so they tile it without overlapping. Safe to run twice: rows
that exist are left as they are.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.core.slugs import german_slug
from familienrathaus.offers import demo as offers_demo
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer, OfferLocation
from familienrathaus.partners.models import Organisation
from familienrathaus.reports import geo
from familienrathaus.reports.models import DistrictArea, DistrictPopulation, PostcodeDistrict

# The three rural Ortsteile of the reform and their centres (further out).
VILLAGES = {
    "Kirchdorf": (Decimal("51.4330"), Decimal("7.2010")),
    "Heide": (Decimal("51.3700"), Decimal("7.2250")),
    "Mühlental": (Decimal("51.3920"), Decimal("7.1400")),
}
REFORM_YEAR = 2024
CENTRES: dict[str, tuple[Decimal, Decimal]] = {**offers_demo.CENTRES, **VILLAGES}

# The municipality's boundary (lon, lat), clockwise from the north-west: the town and
# the three villages around it.
BOUNDARY = [
    (7.150, 51.452),
    (7.235, 51.450),
    (7.252, 51.412),
    (7.252, 51.360),
    (7.205, 51.352),
    (7.150, 51.362),
    (7.118, 51.388),
    (7.125, 51.425),
]
# residents and children 0–2, 3–5, 6–9, 10–13, 14–17 in the latest year
FIGURES = {
    "Altstadt": (8400, 190, 205, 260, 250, 255),
    "Nordviertel": (11200, 340, 360, 450, 430, 420),
    "Südstadt": (9600, 310, 300, 380, 370, 390),
    "Westfeld": (7300, 260, 270, 330, 300, 280),
    "Osterholz": (6100, 120, 140, 190, 210, 230),
    "Am Bach": (5200, 150, 160, 205, 195, 190),
    "Kirchdorf": (2300, 70, 75, 95, 90, 100),
    "Heide": (1400, 40, 45, 60, 55, 60),
    "Mühlental": (1750, 55, 60, 75, 70, 80),
}
POSTCODES = {
    "12345": "Altstadt",
    "12346": "Osterholz",
    "12347": "Nordviertel",
    "12348": "Westfeld",
    "12349": "Südstadt",
    "12350": "Am Bach",
    "12361": "Kirchdorf",
    "12362": "Heide",
    "12363": "Mühlental",
}
NOTES = {
    "Kirchdorf": "Seit der Gebietsreform 2024 Ortsteil; Bus nur stündlich.",
    "Heide": "Seit der Gebietsreform 2024 Ortsteil; keine Kita im Ort.",
    "Mühlental": "Seit der Gebietsreform 2024 Ortsteil.",
}
# The only offers of the villages: two in Kirchdorf.
VILLAGE_OFFERS = [
    (
        "Eltern-Kind-Gruppe Kirchdorf",
        offers_demo.ST_MARIEN,
        "Kirchdorf",
        "Einmal in der Woche treffen sich Eltern mit Kindern bis drei Jahren im Gemeindehaus.",
        [offers_demo.PARENTING],
        [offers_demo.EARLY, offers_demo.CHILDREN],
        (0, 3),
        "Dorfstraße 4",
    ),
    (
        "Sprechstunde Frühe Hilfen Kirchdorf",
        offers_demo.FRUEHE_HILFEN,
        "Kirchdorf",
        "Einmal im Monat berät eine Familienhebamme im Dorfgemeinschaftshaus.",
        [offers_demo.HEALTH],
        [offers_demo.EARLY],
        (None, None),
        "Am Anger 1",
    ),
]

Point = tuple[float, float]  # x = longitude scaled to metres' proportions, y = latitude
SCALE = math.cos(math.radians(51.4))


def _clip(polygon: list[Point], keep: Point, other: Point) -> list[Point]:
    """The part of ``polygon`` nearer to ``keep`` than to ``other`` (one half-plane)."""
    mx, my = (keep[0] + other[0]) / 2, (keep[1] + other[1]) / 2
    nx, ny = other[0] - keep[0], other[1] - keep[1]

    def inside(p: Point) -> bool:
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    def cut(a: Point, b: Point) -> Point:
        da = (a[0] - mx) * nx + (a[1] - my) * ny
        db = (b[0] - mx) * nx + (b[1] - my) * ny
        t = da / (da - db)
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    result: list[Point] = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        if inside(current):
            if not inside(previous):
                result.append(cut(previous, current))
            result.append(current)
        elif inside(previous):
            result.append(cut(previous, current))
    return result


def _scaled(lon: float, lat: float) -> Point:
    return (lon * SCALE, lat)


def _cell(name: str, names: list[str], boundary: list[tuple[float, float]]) -> dict[str, Any]:
    """The Voronoi cell of ``name`` among ``names`` inside ``boundary`` as a Polygon."""
    centre = _scaled(float(CENTRES[name][1]), float(CENTRES[name][0]))
    polygon = [_scaled(lon, lat) for lon, lat in boundary]
    for other in names:
        if other != name:
            polygon = _clip(
                polygon, centre, _scaled(float(CENTRES[other][1]), float(CENTRES[other][0]))
            )
    ring = [[round(x / SCALE, 5), round(y, 5)] for x, y in polygon]
    ring.append(list(ring[0]))
    return geo.parse_geometry({"type": "Polygon", "coordinates": [ring]})


def outlines() -> dict[str, dict[str, Any]]:
    """The demo's outline of each district: the cells of all nine centres inside the
    municipality, so the villages lie around the town and everything is covered once."""
    names = list(CENTRES)
    return {name: _cell(name, names, BOUNDARY) for name in names}


def _districts() -> dict[str, District]:
    found = {d.name: d for d in District.objects.filter(name__in=list(CENTRES))}
    position = District.objects.count()
    for name in CENTRES:
        if name not in found:
            found[name] = District.objects.create(
                name=name, slug=german_slug(name), position=position
            )
            position += 1
    return found


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def _offers(districts: dict[str, District]) -> int:
    organisations = {o.name: o for o in Organisation.objects.all()}
    themes = {t.name: t for t in Theme.objects.all()}
    audiences = {a.name: a for a in Audience.objects.all()}
    existing = set(Offer.objects.values_list("slug", flat=True))
    now = timezone.now()
    created = 0
    for index, (
        title,
        partner,
        village,
        text,
        theme_names,
        audience_names,
        ages,
        street,
    ) in enumerate(VILLAGE_OFFERS):
        organisation = organisations.get(partner)
        slug = german_slug(title)
        if organisation is None or slug in existing:
            continue
        offer = Offer(
            organisation=organisation,
            title=title,
            slug=slug,
            summary=text,
            description=text,
            age_min=ages[0],
            age_max=ages[1],
            cost=Offer.Cost.FREE,
            email=f"angebote@{german_slug(partner)[:30].strip('-')}.example",
            status=Offer.Status.PUBLISHED,
            published_at=now - timedelta(days=30 + index),
            confirmed_at=now - timedelta(days=10 + index),
        )
        offer.full_clean()
        offer.save()
        offer.themes.set([themes[n] for n in theme_names if n in themes])
        offer.audiences.set([audiences[n] for n in audience_names if n in audiences])
        offer.districts.set([districts[village]])
        lat, lon = VILLAGES[village]
        OfferLocation.objects.create(
            offer=offer,
            label=partner,
            street=street,
            postcode=next(code for code, name in POSTCODES.items() if name == village),
            city="Musterstadt",
            district=districts[village],
            latitude=lat,
            longitude=lon,
        )
        search.reindex(offer)
        created += 1
    return created


def load() -> int:
    districts = _districts()
    created = 0
    year = timezone.localdate().year - 1
    for name, outline in outlines().items():
        district = districts[name]
        village = name in VILLAGES
        lat, lon = geo.centroid(outline)
        _area, made = DistrictArea.objects.get_or_create(
            district=district,
            defaults={
                "kind": DistrictArea.Kind.VILLAGE if village else DistrictArea.Kind.QUARTER,
                "outline": outline,
                "centre_latitude": _round(lat),
                "centre_longitude": _round(lon),
                "joined_year": REFORM_YEAR if village else None,
                "note": NOTES.get(name, ""),
            },
        )
        created += made
        residents, *bands = FIGURES[name]
        for back, factor in ((0, 1.0), (1, 0.97)):
            _row, made = DistrictPopulation.objects.get_or_create(
                district=district,
                year=year - back,
                defaults={
                    "residents": round(residents * (1 - back * 0.01)),
                    "children_0_2": round(bands[0] * factor),
                    "children_3_5": round(bands[1] * factor),
                    "children_6_9": round(bands[2] * (2 - factor)),
                    "children_10_13": round(bands[3] * factor),
                    "children_14_17": round(bands[4] * (2 - factor)),
                    "source": f"Einwohnermeldeamt, 31.12.{year - back}",
                },
            )
            created += made
    for code, name in POSTCODES.items():
        _code, made = PostcodeDistrict.objects.get_or_create(
            postcode=code, defaults={"district": districts[name]}
        )
        created += made
    return created + _offers(districts)
