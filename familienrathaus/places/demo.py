"""Demo places of Musterstadt: ~60 Notinseln, 15 Still- und Wickelorte, 40 family places.

All lie inside :data:`TOWN_AREA`, the town area the demo partners use too (around the
Altstadt at 51.400 N, 7.190 E), spread over the six districts. Positions come from a
seeded random generator, so every run places them at the same spots. Idempotent: a
place is found by its slug, a Notinsel by its business name.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.core.slugs import german_slug
from familienrathaus.partners.models import Organisation
from familienrathaus.places import demo_translations, geojson, hours, services
from familienrathaus.places.models import (
    NOTINSEL_SLUG,
    NURSING_SLUG,
    Amenity,
    Notinsel,
    OpeningException,
    OpeningHours,
    Place,
    PlaceKind,
)

# (min longitude, min latitude, max longitude, max latitude), as a GeoJSON bbox.
TOWN_AREA = (7.160, 51.383, 7.220, 51.418)
POSTCODE = "12345"
CITY = "Musterstadt"

# District → (centre latitude, centre longitude, streets)
DISTRICTS: dict[str, tuple[float, float, list[str]]] = {
    "Altstadt": (51.4004, 7.1902, ["Marktplatz", "Burgstraße", "Kirchstraße", "Rathausplatz"]),
    "Nordviertel": (51.4090, 7.1890, ["Lindenallee", "Schillerstraße", "Nordring"]),
    "Südstadt": (51.3920, 7.1905, ["Bahnhofstraße", "Goethestraße", "Südring"]),
    "Westfeld": (51.3995, 7.1735, ["Fliederweg", "Westfeldweg", "Am Sportpark"]),
    "Osterholz": (51.3990, 7.2065, ["Osterholzer Straße", "Buchenweg", "Eichenweg"]),
    "Am Bach": (51.3950, 7.1820, ["Mühlenweg", "Bachstraße", "Uferweg"]),  # as offers/demo.py
}

SHOPS = [
    ("Bäckerei", "Mo–Sa 6–18, So 7–11"),
    ("Apotheke", "Mo–Fr 8–18:30, Sa 8:30–13"),
    ("Buchhandlung", "Mo–Fr 9:30–18:30, Sa 9:30–16"),
    ("Friseursalon", "Di–Fr 9–18, Sa 8–14"),
    ("Blumenladen", "Mo–Fr 9–18, Sa 9–14"),
    ("Optiker", "Mo–Fr 9–18, Sa 9–13"),
    ("Schreibwaren", "Mo–Fr 8–18, Sa 8–13"),
    ("Eiscafé", "täglich 11–21"),
    ("Sparkassen-Filiale", "Mo–Fr 9–12:30 14–17"),
    ("Fahrradladen", "Mo–Fr 10–18, Sa 10–14"),
]
OWNERS = [
    "Schmitz", "Becker", "Hoffmann", "Wagner", "Schulte", "Krämer", "Yılmaz", "Nowak",
    "Lange", "Brinkmann", "Kaya", "Peters", "am Markt", "an der Ecke", "Sonnenschein",
    "Lindenblatt", "Morgenrot", "zur Post", "Kleeblatt", "Regenbogen",
]  # fmt: skip

NURSING_PLACES = [
    ("Rathaus Musterstadt", "Altstadt", "Rathausplatz 1", "Mo–Fr 8–16, Do 8–18", True),
    ("Jugendamt", "Altstadt", "Rathausplatz 3", "Mo–Fr 8–16", True),
    ("Volkshochschule", "Altstadt", "Burgstraße 21", "Mo–Fr 8–21, Sa 9–14", True),
    ("Stadtbibliothek", "Altstadt", "Kirchstraße 5", "Di–Fr 10–18, Sa 10–14", True),
    ("Familienbüro im Rathaus", "Altstadt", "Rathausplatz 1", "Mo–Fr 9–13, Do 14–18", True),
    ("Bürgerbüro Nordviertel", "Nordviertel", "Nordring 12", "Mo–Fr 8–13", True),
    ("Hallenbad am Nordring", "Nordviertel", "Nordring 40", "Mo–So 7–21", True),
    ("Stadtmuseum", "Altstadt", "Burgstraße 2", "Di–So 11–17", False),
    ("Einkaufszentrum Südtor", "Südstadt", "Bahnhofstraße 60", "Mo–Sa 9–20", False),
    ("Bahnhof Musterstadt", "Südstadt", "Bahnhofstraße 1", "täglich 5–24", False),
    ("Gesundheitsamt", "Südstadt", "Goethestraße 30", "Mo–Fr 8–15", True),
    ("Stadtteilbibliothek Westfeld", "Westfeld", "Westfeldweg 30", "Di, Do 14–18", True),
    ("Stadtteilzentrum Osterholz", "Osterholz", "Osterholzer Straße 20", "Mo–Fr 9–17", True),
    ("Drogerie am Bach", "Am Bach", "Bachstraße 14", "Mo–Sa 8–20", False),
    ("Kinderarztpraxis Dr. Sommer", "Am Bach", "Mühlenweg 3", "Mo–Fr 8–12, Mo, Di, Do 15–18", True),
]  # fmt: skip

FAMILY_PLACES = [
    # (name, kind slug, district, hours)
    ("Spielplatz Stadtpark", "spielplatz", "Altstadt", ""),
    ("Spielplatz Lindenallee", "spielplatz", "Nordviertel", ""),
    ("Wasserspielplatz am Bach", "spielplatz", "Am Bach", ""),
    ("Abenteuerspielplatz Westfeld", "spielplatz", "Westfeld", "Di–Fr 14–18, Sa 11–16"),
    ("Spielplatz Goethestraße", "spielplatz", "Südstadt", ""),
    ("Spielplatz Eichenweg", "spielplatz", "Osterholz", ""),
    ("Bolzplatz Am Sportpark", "spielplatz", "Westfeld", ""),
    ("Spielplatz Mühlenweg", "spielplatz", "Am Bach", ""),
    ("Spielplatz Schillerstraße", "spielplatz", "Nordviertel", ""),
    ("Waldspielplatz Osterholz", "spielplatz", "Osterholz", ""),
    ("Spielplatz Südring", "spielplatz", "Südstadt", ""),
    ("Kita Regenbogen", "kita", "Nordviertel", "Mo–Fr 7–16:30"),
    ("Kita Sonnenschein", "kita", "Südstadt", "Mo–Fr 7–17"),
    ("Kita Pusteblume", "kita", "Westfeld", "Mo–Fr 7:30–16"),
    ("Kita Arche Noah", "kita", "Altstadt", "Mo–Fr 7–16"),
    ("Kita Wirbelwind", "kita", "Osterholz", "Mo–Fr 7–17"),
    ("Kita Bachflöhe", "kita", "Am Bach", "Mo–Fr 7:30–16:30"),
    ("Waldkindergarten Osterholz", "kita", "Osterholz", "Mo–Fr 8–14"),
    ("Kita Sternschnuppe", "kita", "Nordviertel", "Mo–Fr 7–16"),
    ("Kita Löwenzahn", "kita", "Südstadt", "Mo–Fr 7–16:30"),
    ("Familienzentrum Sonnenblume", "familienzentrum", "Westfeld", "Mo–Fr 8–16"),
    ("Familienzentrum Nordlicht", "familienzentrum", "Nordviertel", "Mo–Fr 8–17"),
    ("Familienzentrum St. Marien", "familienzentrum", "Altstadt", "Mo–Do 8–16, Fr 8–13"),
    ("Familienzentrum am Bach", "familienzentrum", "Am Bach", "Mo–Fr 8–16"),
    ("Familienzentrum Osterholz", "familienzentrum", "Osterholz", "Mo–Fr 8–15"),
    ("Erziehungsberatungsstelle", "beratungsstelle", "Altstadt", "Mo–Fr 9–12, Di, Do 14–18"),
    ("Schwangerschaftsberatung", "beratungsstelle", "Südstadt", "Mo–Fr 9–13"),
    ("Schuldnerberatung", "beratungsstelle", "Altstadt", "Di, Do 9–12 14–17"),
    ("Beratung für Alleinerziehende", "beratungsstelle", "Nordviertel", "Mi 15–18"),
    ("Pflegestützpunkt", "beratungsstelle", "Südstadt", "Mo–Fr 9–12"),
    ("Migrationsberatung", "beratungsstelle", "Osterholz", "Mo, Mi 9–13"),
    ("Jugendzentrum Alte Post", "jugendtreff", "Altstadt", "Di–Fr 15–21, Sa 14–22"),
    ("Jugendtreff Nordviertel", "jugendtreff", "Nordviertel", "Mo–Fr 14–20"),
    ("Jugendcafé Südstadt", "jugendtreff", "Südstadt", "Di–Sa 15–21"),
    ("Skaterpark Westfeld", "jugendtreff", "Westfeld", ""),
    ("Jugendtreff am Bach", "jugendtreff", "Am Bach", "Mi–Fr 15–20"),
    ("Familienbüro Musterstadt", "familienbuero", "Altstadt", "Mo–Fr 9–13, Do 14–18"),
    ("Familienbüro Außenstelle Osterholz", "familienbuero", "Osterholz", "Di 9–12"),
    ("Mehrgenerationenhaus", "familienzentrum", "Südstadt", "Mo–Fr 9–18"),
    ("Familiencafé im Stadtpark", "familienzentrum", "Altstadt", "Mi–So 10–18"),
]  # fmt: skip

# Notinseln not (yet) active: number in the list → status.
NOTINSEL_STATUS = {
    3: Notinsel.Status.APPLIED,
    17: Notinsel.Status.APPLIED,
    29: Notinsel.Status.APPLIED,
    41: Notinsel.Status.APPROVED,
    46: Notinsel.Status.APPROVED,
    52: Notinsel.Status.STICKER,
    55: Notinsel.Status.PAUSED,
    58: Notinsel.Status.ENDED,
}
NOTINSEL_COUNT = 60


def _position(rng: random.Random, district: str) -> tuple[Decimal, Decimal]:
    lat, lon, _streets = DISTRICTS[district]
    min_lon, min_lat, max_lon, max_lat = TOWN_AREA
    latitude = min(max(lat + rng.uniform(-0.0035, 0.0035), min_lat + 0.001), max_lat - 0.001)
    longitude = min(max(lon + rng.uniform(-0.005, 0.005), min_lon + 0.001), max_lon - 0.001)
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")


def _districts() -> dict[str, District]:
    result = {}
    for position, name in enumerate(DISTRICTS):
        district = District.objects.filter(name=name).first()
        if district is None:
            district = District.objects.create(name=name, slug=german_slug(name), position=position)
        result[name] = district
    return result


def _create_place(
    *,
    slug: str,
    name: str,
    kinds: list[PlaceKind],
    district: District,
    street: str,
    position: tuple[Decimal, Decimal],
    opening: str,
    published: bool = True,
    **extra: object,
) -> Place:
    place = Place(
        slug=slug,
        name=name,
        street=street,
        postcode=POSTCODE,
        city=CITY,
        district=district,
        latitude=position[0],
        longitude=position[1],
        is_published=published,
        **extra,
    )
    place.save()
    place.kinds.set(kinds)
    if opening:
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(place=place, weekday=i.weekday, opens=i.opens, closes=i.closes)
                for i in hours.parse(opening)
            ]
        )
    return place


def load() -> int:
    created = services.ensure_default_kinds()
    kinds = {kind.slug: kind for kind in PlaceKind.objects.all()}
    districts = _districts()
    existing = set(Place.objects.values_list("slug", flat=True))
    organisations = {o.name: o for o in Organisation.objects.all()}
    rng = random.Random(7)  # noqa: S311  positions of demo places, not secrets
    now = timezone.now()

    # Notinseln: the registry entry, and the place once approved.
    known = set(Notinsel.objects.values_list("business_name", flat=True))
    names = list(DISTRICTS)
    for number in range(1, NOTINSEL_COUNT + 1):
        shop, opening = SHOPS[(number - 1) % len(SHOPS)]
        owner = OWNERS[(number - 1) // 3 % len(OWNERS)]
        name = f"{shop} {owner}"
        district_name = names[number % len(names)]
        streets = DISTRICTS[district_name][2]
        street = f"{streets[number % len(streets)]} {number % 40 + 1}"
        position = _position(rng, district_name)
        status = NOTINSEL_STATUS.get(number, Notinsel.Status.ACTIVE)
        business = f"{name}, {street}"
        if business in known:
            continue
        place = None
        if status != Notinsel.Status.APPLIED:
            slug = german_slug(business)[:200]
            if slug in existing:
                place = Place.objects.get(slug=slug)
            else:
                place = _create_place(
                    slug=slug,
                    name=business,
                    kinds=[kinds[NOTINSEL_SLUG]],
                    district=districts[district_name],
                    street=street,
                    position=position,
                    opening=opening,
                    published=status == Notinsel.Status.ACTIVE,
                )
                existing.add(slug)
                created += 1
        confirmed = now - dt.timedelta(days=30 + (number * 11) % 300)
        Notinsel.objects.create(
            business_name=business,
            street=street,
            postcode=POSTCODE,
            city=CITY,
            district=districts[district_name],
            latitude=position[0],
            longitude=position[1],
            opening_hours=opening,
            contact_name=f"Inhaberin {owner}".replace("Inhaberin am", "Team am")
            .replace("Inhaberin an", "Team an")
            .replace("Inhaberin zur", "Team zur"),
            contact_email=f"notinsel{number:02d}@geschaefte-musterstadt.example",
            contact_phone=f"01234 56{number:03d}",
            rules_accepted_at=now - dt.timedelta(days=400),
            status=status,
            place=place,
            last_confirmed_at=None if status == Notinsel.Status.APPLIED else confirmed,
        )
        created += 1

    # Still- und Wickelorte in public buildings.
    for name, district_name, street, opening, step_free in NURSING_PLACES:
        slug = german_slug(name)
        if slug in existing:
            continue
        amenities = [Amenity.CHANGING_TABLE, Amenity.TOILET]
        if step_free:
            amenities.append(Amenity.STEP_FREE)
        if rng.random() < 0.6:
            amenities.append(Amenity.NURSING_ROOM)
        extra_kinds = [kinds["familienbuero"]] if "Familienbüro" in name else []
        place = _create_place(
            slug=slug,
            name=name,
            kinds=[kinds[NURSING_SLUG], *extra_kinds],
            district=districts[district_name],
            street=street,
            position=_position(rng, district_name),
            opening=opening,
            amenities=amenities,
            accessibility=(
                "Stufenloser Zugang über den Haupteingang, Aufzug vorhanden."
                if step_free
                else "Zugang über zwei Stufen."
            ),
            description="Wickeltisch mit Auflage und Feuchttüchern; "
            "zum Stillen steht ein ruhiger Raum bereit. Fragen Sie am Empfang.",
            phone="01234 5678-0",
        )
        existing.add(slug)
        created += 1
        if slug == "stadtbibliothek":
            today = timezone.localdate()
            OpeningException.objects.create(
                place=place,
                starts_on=today + dt.timedelta(days=10),
                ends_on=today + dt.timedelta(days=14),
                note="Inventur",
            )
            created += 1

    # Other family places, linked to a partner of the same name where there is one.
    for name, kind_slug, district_name, opening in FAMILY_PLACES:
        slug = german_slug(name)
        if slug in existing:
            continue
        streets = DISTRICTS[district_name][2]
        _create_place(
            slug=slug,
            name=name,
            kinds=[kinds[kind_slug]],
            district=districts[district_name],
            street=f"{streets[len(name) % len(streets)]} {len(name) % 30 + 2}",
            position=_position(rng, district_name),
            opening=opening,
            organisation=organisations.get(name),
            amenities=[Amenity.STEP_FREE] if kind_slug in {"kita", "familienzentrum"} else [],
            closed_on_public_holidays=kind_slug != "spielplatz",
        )
        existing.add(slug)
        created += 1

    demo_translations.load()  # English, Turkish and Ukrainian texts
    geojson.invalidate()
    return created


# Beispieldorf, the demo's second alliance: a handful of places, one of them a Notinsel.
SECOND_PLACES = [
    # (name, kind slug, street, latitude, longitude, hours, partner)
    ("Bäckerei Huber", NOTINSEL_SLUG, "Dorfplatz 5", "48.950900", "11.401800",
     "Mo–Fr 6–18, Sa 6–12", ""),
    ("Spielplatz am Dorfweiher", "spielplatz", "Weiherweg 1", "48.952700", "11.404100", "", ""),
    ("Spielplatz Oberdorf", "spielplatz", "Am Anger 12", "48.956300", "11.397400", "", ""),
    ("Kita Regenbogen", "kita", "Am Anger 7", "48.955800", "11.398100", "Mo–Fr 7–16:30",
     "Kita Regenbogen"),
    ("Familienzentrum Beispieldorf", "familienzentrum", "Schulstraße 4", "48.951200",
     "11.402300", "Di–Do 9–17", "Familienzentrum Beispieldorf"),
    ("Rathaus Beispieldorf, Wickelraum", NURSING_SLUG, "Dorfplatz 3", "48.950700", "11.401200",
     "Mo–Fr 8–12", ""),
]  # fmt: skip


def load_second() -> int:
    """Beispieldorf's places that are missing so far (inside its alliance)."""
    created = services.ensure_default_kinds()
    kinds = {kind.slug: kind for kind in PlaceKind.objects.all()}
    district = District.objects.order_by("position").first()
    organisations = {o.name: o for o in Organisation.objects.all()}
    now = timezone.now()
    for name, kind_slug, street, latitude, longitude, opening, partner in SECOND_PLACES:
        slug = german_slug(name)
        if Place.objects.filter(slug=slug).exists():
            continue
        place = Place(
            slug=slug,
            name=name,
            street=street,
            postcode="98765",
            city="Beispieldorf",
            district=district,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            organisation=organisations.get(partner),
            amenities=[Amenity.CHANGING_TABLE, Amenity.STEP_FREE]
            if kind_slug == NURSING_SLUG
            else [],
        )
        place.save()
        place.kinds.set([kinds[kind_slug]])
        if opening:
            OpeningHours.objects.bulk_create(
                OpeningHours(place=place, weekday=i.weekday, opens=i.opens, closes=i.closes)
                for i in hours.parse(opening)
            )
        created += 1
        if kind_slug == NOTINSEL_SLUG:
            Notinsel.objects.create(
                business_name=f"{name}, {street}",
                street=street,
                postcode="98765",
                city="Beispieldorf",
                district=district,
                latitude=place.latitude,
                longitude=place.longitude,
                opening_hours=opening,
                contact_name="Team Bäckerei Huber",
                contact_email="notinsel@baeckerei-huber-beispieldorf.example",
                rules_accepted_at=now - dt.timedelta(days=200),
                status=Notinsel.Status.ACTIVE,
                place=place,
                last_confirmed_at=now - dt.timedelta(days=60),
            )
            created += 1
    geojson.invalidate()
    return created
