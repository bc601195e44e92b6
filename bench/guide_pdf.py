"""Benchmark: the printed Familienwegweiser with 1,000 published offers builds in ≤ 60 s.

Creates a throwaway SQLite database in a temporary directory, fills it (in bulk) with
30 partner organisations and N published offers with German texts, themes,
audiences, languages, one to three weekly times and a location each, then requests
a build of the whole guide and runs the worker's task function (``build_guide``)
in this process, exactly as the worker would. Prints the build's seconds, pages and
bytes; the last line is one JSON object:

    {"offers": 1000, "seconds": …, "pages": …, "bytes": …, "ratio_to_bar": seconds / 60}

Usage::

    .venv/bin/python bench/guide_pdf.py [--offers 1000] [--profile] [--keep]

``--profile`` prints the 30 most expensive functions (cProfile); ``--keep`` leaves the
temporary directory (database and PDF) for a look at the result.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR_SECONDS = 60

TOPICS = [
    ("Stillberatung", "Hebammen beraten rund ums Stillen und die ersten Wochen mit dem Baby."),
    ("Krabbelgruppe", "Eltern mit Kindern bis drei Jahre treffen sich zum Spielen."),
    ("Elterncafé", "Ein offener Treff für Eltern: Kaffee, Gespräche und Antworten auf Fragen."),
    ("Hausaufgabenhilfe", "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben."),
    ("Erziehungsberatung", "Vertrauliche Beratung bei Fragen zu Erziehung und Trennung."),
    ("Schuldnerberatung", "Kostenlose Hilfe, wenn das Geld nicht reicht."),
    ("Babyschwimmen", "Wassergewöhnung für Babys ab drei Monaten mit einem Elternteil."),
    ("Familienpatenschaft", "Ehrenamtliche Patinnen und Paten begleiten Familien im Alltag."),
    ("Sprachkurs für Eltern", "Deutsch lernen, während die Kinder nebenan betreut werden."),
    ("Pflegeberatung", "Beratung für pflegende Angehörige zu Leistungen, Entlastung und Hilfen."),
    ("Seniorentreff", "Gemeinsam Zeit verbringen: Spiele, Vorträge und Ausflüge für Ältere."),
    ("Ferienbetreuung", "Betreuung für Grundschulkinder in den Ferien, mit Mittagessen."),
    ("Fahrradwerkstatt", "Jugendliche reparieren unter Anleitung Fahrräder für Familien."),
    ("Mittagstisch", "Warmes Mittagessen für Kinder und Jugendliche nach der Schule."),
    ("Eltern-Kind-Turnen", "Bewegung, Spiel und Spaß für Kinder von zwei bis vier Jahren."),
    ("Beratung für Alleinerziehende", "Unterstützung bei Unterhalt, Betreuung und Beruf."),
    ("Willkommensbesuch", "Eine Fachkraft besucht Familien nach der Geburt und bringt Infos mit."),
    ("Lesepaten", "Vorlesen und gemeinsames Lesen für Kinder ab vier Jahren."),
    ("Kinderschutz-Sprechstunde", "Fachkräfte beraten vertraulich bei Sorgen um ein Kind."),
    ("Nachbarschaftscafé", "Neue und alte Nachbarinnen und Nachbarn lernen sich kennen."),
]
PLACES = [
    "im Familienzentrum",
    "in der Südstadt",
    "am Nachmittag",
    "für Väter",
    "für Zugewanderte",
    "in der Nordstadt",
    "am Wochenende",
    "online",
    "im Stadtteilbüro",
    "für Jugendliche",
]
STREETS = [
    "Rathausplatz",
    "Kastanienallee",
    "Bahnhofstraße",
    "Lindenweg",
    "Schulstraße",
    "Marktplatz",
    "Gartenstraße",
    "Am Stadtpark",
]
COST_NOTES = ["", "", "5 € pro Termin", "Ermäßigung mit Familienpass", "Spende erbeten"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-guide-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FRH_VAR_DIR"] = str(workdir)
    os.environ["FRH_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    try:
        return run(args, workdir)
    finally:
        if args.keep:
            print(f"kept: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import first_alliance  # next to this file

    first_alliance.activate()  # the data is the first alliance's
    coordinator = fill(args.offers)

    from familienrathaus.guide import services, tasks
    from familienrathaus.guide.models import GuideBuild

    build = services.request_build(actor=coordinator, scope=GuideBuild.Scope.ALL)
    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(tasks.build_guide.call, build.pk)
        seconds = time.perf_counter() - started
        order = os.environ.get("FRH_PROFILE_SORT", "cumulative")  # or "tottime"
        pstats.Stats(profiler).sort_stats(order).print_stats(30)
    else:
        tasks.build_guide.call(build.pk)
        seconds = time.perf_counter() - started
    build.refresh_from_db()
    if build.status != GuideBuild.Status.DONE:
        print(f"build failed: {build.error}", file=sys.stderr)
        return 1
    size = build.file.size
    print(f"offers:  {build.offer_count}")
    print(f"seconds: {seconds:.2f}  (bar: ≤ {BAR_SECONDS} s)")
    print(f"pages:   {build.page_count}")
    print(f"bytes:   {size}")
    if args.keep:
        print(f"file:    {build.file.path}")
    print(
        json.dumps(
            {
                "offers": build.offer_count,
                "seconds": round(seconds, 2),
                "pages": build.page_count,
                "bytes": size,
                "ratio_to_bar": round(seconds / BAR_SECONDS, 3),
            }
        )
    )
    return 0


def fill(count: int):  # type: ignore[no-untyped-def]
    """30 organisations and ``count`` published offers, in bulk; returns a coordinator."""
    from django.utils import timezone
    from django.utils.text import slugify

    from familienrathaus.core.models import Audience, Language, Theme, User
    from familienrathaus.core.models.users import Role
    from familienrathaus.offers.models import Offer, OfferLocation, OfferTime
    from familienrathaus.partners.models import Organisation

    rng = random.Random(20260301)  # the same data on every run
    kinds = list(Organisation.Kind.values)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Partner {number:02d} Musterstadt e. V.",
            slug=f"partner-{number:02d}",
            kind=kinds[number % len(kinds)],
            phone=f"01234 {number:05d}",
            email=f"kontakt{number}@partner.example",
        )
        for number in range(1, 31)
    )
    themes, audiences = list(Theme.objects.all()), list(Audience.objects.all())
    languages = list(Language.objects.all())
    now = timezone.now()
    offers = []
    for number in range(count):
        topic, summary = TOPICS[number % len(TOPICS)]
        title = f"{topic} {PLACES[(number // len(TOPICS)) % len(PLACES)]} {number // 200 + 1}"
        cost = rng.choice(list(Offer.Cost.values))
        offers.append(
            Offer(
                organisation=rng.choice(organisations),
                title=title,
                slug=f"{slugify(title)}-{number}",
                summary=summary,
                description=summary * 3,
                age_min=rng.choice([None, 0, 3, 6]),
                age_max=rng.choice([None, 6, 12, 18]),
                cost=cost,
                cost_note=rng.choice(COST_NOTES) if cost != Offer.Cost.FREE else "",
                phone=f"01234 56{number:04d}" if number % 3 else "",
                email=f"angebot{number}@partner.example" if number % 2 else "",
                times_note="Nicht in den Schulferien." if number % 7 == 0 else "",
                status=Offer.Status.PUBLISHED,
                published_at=now,
            )
        )
    offers = Offer.objects.bulk_create(offers, batch_size=500)
    theme_links, audience_links, language_links, times, locations = [], [], [], [], []
    for offer in offers:
        for theme in rng.sample(themes, rng.choice([1, 1, 2, 3])):
            theme_links.append(Offer.themes.through(offer_id=offer.pk, theme_id=theme.pk))
        for audience in rng.sample(audiences, rng.choice([1, 2])):
            audience_links.append(
                Offer.audiences.through(offer_id=offer.pk, audience_id=audience.pk)
            )
        for language in rng.sample(languages, rng.choice([1, 1, 2])):
            language_links.append(
                Offer.languages.through(offer_id=offer.pk, language_id=language.pk)
            )
        for _ in range(rng.choice([1, 1, 2, 3])):
            hour = rng.randint(8, 17)
            times.append(
                OfferTime(
                    offer=offer,
                    weekday=rng.randint(0, 6),
                    opens=clock(hour, 0),
                    closes=clock(hour + 2, 0),
                )
            )
        locations.append(
            OfferLocation(
                offer=offer,
                label=offer.organisation.name,
                street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                postcode="12345",
                city="Musterstadt",
            )
        )
    Offer.themes.through.objects.bulk_create(theme_links, batch_size=1000)
    Offer.audiences.through.objects.bulk_create(audience_links, batch_size=1000)
    Offer.languages.through.objects.bulk_create(language_links, batch_size=1000)
    OfferTime.objects.bulk_create(times, batch_size=1000)
    OfferLocation.objects.bulk_create(locations, batch_size=1000)
    return User.objects.create_user(
        "bench@example.org", "Bench-Passwort-2026", role=Role.COORDINATOR
    )


if __name__ == "__main__":
    sys.exit(main())
