"""Demo events of Musterstadt, dated relative to the day the demo is loaded, so that
the calendar is full whenever somebody tries it out:

- the monthly hybrid lecture series on the first Tuesday, for the twelve months
  starting with the current one (summer break from mid-July to August),
- the Familienfest (featured) on the third Saturday in June of the coming summer,
- the Aktionstag (featured) on the next 15 May, the International Day of Families,
- four Bündnistreffen, one a quarter over the next year,
- the Familienbeirat workshops every two months (second Wednesday, six dates),
- about 40 events of the demo partners over the next weeks and months, some hybrid,
  some with registration and limited places.

Events are found by slug, and the slugs do not contain dates: a second run creates
nothing, on the same day or a month later. Runs after the partners' demo (apps
load in INSTALLED_APPS order); without partners only the alliance's own events are
created.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from familienrathaus.core import demo_pictures
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.events import demo_translations, services
from familienrathaus.events.models import Event
from familienrathaus.events.recurrence import BERLIN
from familienrathaus.partners.models import Organisation

TUESDAY, WEDNESDAY, SATURDAY = 1, 2, 5

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


def _month(day: date, months: int) -> tuple[int, int]:
    """(year, month) of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (Monday = 0) of a month, e.g. its first Tuesday."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _next(today: date, make: Any) -> date:
    """``make(year)`` of this year if that is still ahead (or today), else of next year."""
    day: date = make(today.year)
    return day if day >= today else make(today.year + 1)


def _own_events(today: date) -> list[tuple[str, Organisation | None, dict[str, Any]]]:
    # The lectures: twelve months, starting with the first Tuesday of this month
    # (already past later in the month: the current month still shows its date).
    lecture_start = _nth_weekday(today.year, today.month, TUESDAY, 1)
    last_year, last_month = _month(today, 11)
    lecture_until = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    summer = today.year if today.month < 8 else today.year + 1  # the coming summer break
    fest = _next(today, lambda year: _nth_weekday(year, 6, SATURDAY, 3))
    aktionstag = _next(today, lambda year: date(year, 5, 15))
    meetings = [_nth_weekday(*_month(today, 1 + 3 * n), WEDNESDAY, 2) for n in range(4)]
    workshop_start = _next_workshop(today)
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
                "repeat_until": lecture_until,
                "pause_from": date(summer, 7, 15),
                "pause_until": date(summer, 8, 31),
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
            "familienfest",
            None,
            {
                "title": "Familienfest im Stadtpark",
                "summary": "Das große Fest für 500 Familien: Spiel, Musik, Mitmachstände "
                "aller Bündnispartner.",
                "description": "Hüpfburg, Kinderschminken, Bühne mit Musik und Theater, "
                "Infostände der Partner und ein Picknick auf der Wiese. Eintritt frei.",
                "start": _at(fest, 11),
                "end": _at(fest, 17),
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
            "aktionstag-internationaler-tag-der-familie",
            None,
            {
                "title": "Aktionstag zum Internationalen Tag der Familie",
                "summary": "Am 15. Mai stellen sich die Bündnispartner in der Innenstadt vor.",
                "start": _at(aktionstag, 0),
                "end": _at(aktionstag, 23, 59),
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
                f"buendnistreffen-{number}",
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
            for number, day in enumerate(meetings, start=1)
        ],
        (
            "familienbeirat-werkstatt",
            None,
            {
                "title": "Werkstatt des Familienbeirats",
                "summary": "Alle zwei Monate: Eltern reden mit, was Musterstadt für Familien "
                "tun soll.",
                "start": _at(workshop_start, 18),
                "end": _at(workshop_start, 20),
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


def _next_workshop(today: date) -> date:
    """The second Wednesday of this month if still ahead, else of the next month."""
    this_month = _nth_weekday(today.year, today.month, WEDNESDAY, 2)
    return this_month if this_month >= today else _nth_weekday(*_month(today, 1), WEDNESDAY, 2)


def _partner_events(today: date) -> list[tuple[str, Organisation | None, dict[str, Any]]]:
    partners = list(Organisation.objects.filter(is_public=True).order_by("name")[:20])
    if not partners:
        return []
    result: list[tuple[str, Organisation | None, dict[str, Any]]] = []
    for number in range(40):
        title, summary, theme, audience, hour, hours, hybrid, places = PARTNER_EVENTS[
            number % len(PARTNER_EVENTS)
        ]
        partner = partners[number % len(partners)]
        # From tomorrow over the next eleven months: every ninth day, wrapping round,
        # so some are in the coming days and weeks, the rest spread over the year.
        day = today + timedelta(days=1 + (number * 9) % 330)
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


def load(*, today: date | None = None) -> int:
    """Create the demo events missing so far; ``today`` (Europe/Berlin) dates them."""
    today = today or timezone.localdate()
    created = 0
    for slug, organisation, values in _own_events(today) + _partner_events(today):
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
    if created:  # a few events with a picture, as partners add them
        demo_pictures.give(Event.objects.order_by("pk")[:2], "image", alt_field="image_alt")
    demo_translations.load()  # English, Turkish and Ukrainian texts
    return created


# Beispieldorf, the demo's second alliance: a few dates in the coming weeks.
SECOND_EVENTS = [
    # (slug, title, partner, summary, theme, audience, days ahead, hour, hours, street)
    ("krabbelgruppe-offener-tag", "Krabbelgruppe: offener Schnuppertag",
     "Familienzentrum Beispieldorf", "Eltern mit Babys und Kleinkindern sind eingeladen.",
     "erziehung-in-der-familie", "schwangere-und-junge-eltern-fruhe-hilfen", 4, 9, 2,
     "Schulstraße 4"),
    ("elterncafe-dorfplatz", "Elterncafé", "Familienzentrum Beispieldorf",
     "Austausch bei Kaffee und Kuchen, Kinder spielen nebenan.",
     "erziehung-in-der-familie", "alleinerziehende", 9, 15, 2, "Schulstraße 4"),
    ("familiengottesdienst", "Familiengottesdienst mit Kinderchor",
     "Pfarrei St. Martin Beispieldorf",
     "Ein Gottesdienst für Groß und Klein, danach Kaffee und Kuchen im Pfarrheim.",
     "integration-und-nachbarschaft", "kinder", 15, 10, 2, "Kirchplatz 1"),
    ("kinderturnen-schnupperstunde", "Kinderturnen zum Ausprobieren",
     "Sportverein Beispieldorf 1921", "Eine Stunde Bewegungsspiele für Kinder ab zwei Jahren.",
     "sport-freizeit-und-kultur", "kinder", 20, 16, 1, "Sportplatzweg 2"),
    ("kita-tag-der-offenen-tuer", "Tag der offenen Tür", "Kita Regenbogen",
     "Räume ansehen, die Erzieherinnen kennenlernen und Fragen zur Anmeldung stellen.",
     "bildung-und-betreuung", "kinder", 27, 14, 3, "Am Anger 7"),
]  # fmt: skip


def load_second(*, today: date | None = None) -> int:
    """Beispieldorf's events that are missing so far (inside its alliance)."""
    today = today or timezone.localdate()
    organisations = {o.name: o for o in Organisation.objects.all()}
    created = 0
    for slug, title, partner, summary, theme, audience, ahead, hour, hours, street in SECOND_EVENTS:
        organisation = organisations.get(partner)
        if organisation is None or Event.objects.filter(slug=slug).exists():
            continue
        address = organisation.addresses.first()
        day = today + timedelta(days=ahead)
        values: dict[str, Any] = {
            "title": title,
            "summary": summary,
            "start": _at(day, hour),
            "end": _at(day, hour + hours),
            "themes": _ids(Theme, [theme]),
            "audiences": _ids(Audience, [audience]),
            "cost": Event.Cost.FREE,
            "venue_name": partner,
            "street": street,
            "postcode": "98765",
            "city": "Beispieldorf",
        }
        if address is not None:
            values.update(
                district=address.district, latitude=address.latitude, longitude=address.longitude
            )
        services.create_event(
            actor=None,
            organisation=organisation,
            values=values,
            status=Event.Status.PUBLISHED,
            slug=slug,
        )
        created += 1
    return created
