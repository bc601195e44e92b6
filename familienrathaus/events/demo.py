"""Demo events of Musterstadt: the monthly hybrid lecture series (rest of 2026 and all of
2027), the Familienfest and the Aktionstag on 15 May (featured), four Bündnistreffen,
the Familienbeirat workshops every two months and about 40 events of the demo
partners, some hybrid, some with registration and limited places.

Events are found by slug, so a second run creates nothing. Runs after the partners'
demo (apps load in INSTALLED_APPS order); without partners only the alliance's own
events are created.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.events import services
from familienrathaus.events.models import Event
from familienrathaus.events.recurrence import BERLIN
from familienrathaus.partners.models import Organisation

RATHAUS = {
    "venue_name": "Rathaus Musterstadt",
    "room": "Ratssaal",
    "street": "Rathausplatz 1",
    "postcode": "12345",
    "city": "Musterstadt",
    "latitude": Decimal("51.400500"),
    "longitude": Decimal("7.190000"),
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=BERLIN)


def _ids(model: Any, slugs: list[str]) -> list[int]:
    return list(model.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def _district(name: str) -> District | None:
    return District.objects.filter(name=name).first()


def _own_events() -> list[tuple[str, Organisation | None, dict[str, Any]]]:
    lecture_start = date(2026, 12, 1)  # the first Tuesday of December 2026
    return [
        (
            "vortragsreihe-familie-im-gespraech",
            None,
            {
                "title": "Vortragsreihe „Familie im Gespräch“",
                "summary": "Jeden ersten Dienstag im Monat ein Vortrag zu Erziehungsfragen – "
                "im Ratssaal und auch online.",
                "description": "Fachleute aus Beratung, Schule und Medizin sprechen über Themen, "
                "die Eltern bewegen: Medienzeit, Pubertät, Geschwisterstreit, Schlaf, "
                "Taschengeld. Im Anschluss ist Zeit für Fragen.\n\n"
                "Sie können im Ratssaal dabei sein oder online teilnehmen; den Link erhalten "
                "Sie mit der Anmeldung. Gebärdensprachdolmetschung auf Anfrage.",
                "start": _at(lecture_start, 19, 30),
                "end": _at(lecture_start, 21, 0),
                "frequency": Event.Frequency.MONTHLY,
                "week_of_month": 1,
                "repeat_until": date(2027, 12, 31),
                "pause_from": date(2027, 7, 15),
                "pause_until": date(2027, 8, 31),
                **RATHAUS,
                "district": _district("Altstadt"),
                "online_url": "https://konferenz.musterstadt.example/familie-im-gespraech",
                "online_for_registered_only": True,
                "themes": _ids(Theme, ["erziehung-in-der-familie"]),
                "audiences": _ids(Audience, ["schwangere-und-junge-eltern-fruhe-hilfen"]),
                "languages": _ids(Language, ["de"]),
                "accessibility": "Stufenloser Zugang, Gebärdensprachdolmetschung auf Anfrage",
                "registration_required": True,
                "capacity": 60,
            },
        ),
        (
            "familienfest-2027",
            None,
            {
                "title": "Familienfest im Stadtpark",
                "summary": "Das große Fest für 500 Familien: Spiel, Musik, Mitmachstände "
                "aller Bündnispartner.",
                "description": "Hüpfburg, Kinderschminken, Bühne mit Musik und Theater, "
                "Infostände der Partner und ein Picknick auf der Wiese. Eintritt frei.",
                "start": _at(date(2027, 6, 19), 11),
                "end": _at(date(2027, 6, 19), 17),
                "venue_name": "Stadtpark Musterstadt",
                "street": "Parkallee 1",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": _district("Nordviertel"),
                "latitude": Decimal("51.408200"),
                "longitude": Decimal("7.188900"),
                "featured": True,
                "themes": _ids(Theme, ["sport-freizeit-und-kultur"]),
                "audiences": _ids(Audience, ["kinder", "jugendliche"]),
                "accessibility": "Stufenlos erreichbar, barrierefreie Toilette",
            },
        ),
        (
            "aktionstag-internationaler-tag-der-familie-2027",
            None,
            {
                "title": "Aktionstag zum Internationalen Tag der Familie",
                "summary": "Am 15. Mai stellen sich die Bündnispartner in der Innenstadt vor.",
                "start": _at(date(2027, 5, 15), 0),
                "end": _at(date(2027, 5, 15), 23, 59),
                "all_day": True,
                "venue_name": "Marktplatz",
                "street": "Marktplatz",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": _district("Altstadt"),
                "latitude": Decimal("51.400900"),
                "longitude": Decimal("7.189300"),
                "featured": True,
                "themes": _ids(Theme, ["integration-und-nachbarschaft"]),
            },
        ),
        *[
            (
                f"buendnistreffen-{day:%Y-%m}",
                None,
                {
                    "title": "Bündnistreffen",
                    "summary": "Alle Partner des Lokalen Bündnisses treffen sich: Berichte "
                    "aus den Arbeitsgruppen und Planung der nächsten Aktionen.",
                    "start": _at(day, 17),
                    "end": _at(day, 19),
                    **RATHAUS,
                    "district": _district("Altstadt"),
                    "online_url": "https://konferenz.musterstadt.example/buendnistreffen",
                    "themes": _ids(Theme, ["balance-von-familie-und-arbeitswelt"]),
                },
            )
            for day in (date(2027, 3, 10), date(2027, 6, 9), date(2027, 9, 8), date(2027, 12, 8))
        ],
        (
            "familienbeirat-werkstatt",
            None,
            {
                "title": "Werkstatt des Familienbeirats",
                "summary": "Alle zwei Monate: Eltern reden mit, was Musterstadt für Familien "
                "tun soll.",
                "start": _at(date(2027, 1, 13), 18),
                "end": _at(date(2027, 1, 13), 20),
                "frequency": Event.Frequency.MONTHLY,
                "interval": 2,
                "week_of_month": 2,
                "repeat_count": 6,
                "venue_name": "Familienzentrum Sonnenblume",
                "street": "Lindenallee 8",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": _district("Nordviertel"),
                "latitude": Decimal("51.409100"),
                "longitude": Decimal("7.190700"),
                "themes": _ids(Theme, ["integration-und-nachbarschaft"]),
                "registration_required": True,
                "capacity": 25,
            },
        ),
    ]


PARTNER_EVENTS = [
    # (title, summary, theme, audience, hour, duration hours, hybrid, capacity)
    (
        "Elterncafé",
        "Austausch bei Kaffee und Kuchen, Kinder spielen nebenan.",
        "erziehung-in-der-familie",
        "schwangere-und-junge-eltern-fruhe-hilfen",
        10,
        2,
        False,
        None,
    ),
    (
        "Erste-Hilfe am Kind",
        "Kurs für Eltern und Großeltern: Notfälle bei Babys und Kindern.",
        "gesundheit",
        "schwangere-und-junge-eltern-fruhe-hilfen",
        9,
        4,
        False,
        14,
    ),
    (
        "Bilderbuchkino",
        "Geschichten auf großer Leinwand für Kinder ab 3.",
        "bildung-und-betreuung",
        "kinder",
        15,
        1,
        False,
        30,
    ),
    (
        "Infoabend Pflege zu Hause",
        "Was pflegende Angehörige wissen sollten – auch online.",
        "gesundheit",
        "pflegende-angehorige",
        18,
        2,
        True,
        40,
    ),
    (
        "Schuldnerberatung kompakt",
        "Offene Sprechstunde und Kurzvortrag zum Haushaltsbudget.",
        "balance-von-familie-und-arbeitswelt",
        "familien-mit-geringem-einkommen",
        16,
        2,
        True,
        None,
    ),
    (
        "Spielnachmittag",
        "Brett- und Bewegungsspiele für die ganze Familie.",
        "sport-freizeit-und-kultur",
        "kinder",
        14,
        3,
        False,
        None,
    ),
    (
        "Treff für Alleinerziehende",
        "Austausch, Tipps und Kinderbetreuung.",
        "integration-und-nachbarschaft",
        "alleinerziehende",
        17,
        2,
        True,
        20,
    ),
    (
        "Babymassage",
        "Vier Termine für Eltern mit Babys von 6 Wochen bis 6 Monaten.",
        "gesundheit",
        "schwangere-und-junge-eltern-fruhe-hilfen",
        10,
        1,
        False,
        8,
    ),
]


def _partner_events() -> list[tuple[str, Organisation | None, dict[str, Any]]]:
    partners = list(Organisation.objects.filter(is_public=True).order_by("name")[:20])
    if not partners:
        return []
    result: list[tuple[str, Organisation | None, dict[str, Any]]] = []
    first = date(2026, 12, 2)
    for number in range(40):
        title, summary, theme, audience, hour, hours, hybrid, places = PARTNER_EVENTS[
            number % len(PARTNER_EVENTS)
        ]
        partner = partners[number % len(partners)]
        day = first + timedelta(days=(number * 9) % 330)
        address = partner.addresses.first() if hasattr(partner, "addresses") else None
        values: dict[str, Any] = {
            "title": f"{title} ({partner.name})",
            "summary": summary,
            "start": _at(day, hour),
            "end": _at(day, hour + hours),
            "themes": _ids(Theme, [theme]),
            "audiences": _ids(Audience, [audience]),
            "cost": Event.Cost.FREE if number % 3 else Event.Cost.FEE,
            "price": None if number % 3 else Decimal("5.00"),
        }
        if address is not None:
            values.update(
                venue_name=partner.name[:150],
                street=address.street,
                postcode=address.postcode,
                city=address.city,
                district=address.district,
                latitude=address.latitude,
                longitude=address.longitude,
            )
        else:
            values.update(venue_name=partner.name[:150], city="Musterstadt")
        if hybrid:
            values["online_url"] = f"https://konferenz.musterstadt.example/{partner.slug}"
        if places:
            values.update(registration_required=True, capacity=places)
        if number % 10 == 7:
            values.update(frequency=Event.Frequency.WEEKLY, repeat_count=4)
        result.append((f"demo-{number + 1:02d}-{partner.slug}"[:200], partner, values))
    return result


def load() -> int:
    created = 0
    for slug, organisation, values in _own_events() + _partner_events():
        if Event.objects.filter(slug=slug).exists():
            continue
        services.create_event(
            actor=None,
            organisation=organisation,
            values=values,
            status=Event.Status.PUBLISHED,
            slug=slug,
        )
        created += 1
    return created
