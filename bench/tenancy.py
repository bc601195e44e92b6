"""Benchmark: one alliance's pages on an install of 300 alliances, against the same
install with that alliance alone (issue 23, "Isolation and load"). PostgreSQL only.

1. A throwaway PostgreSQL server (``throwaway_databases.postgres``), migrated; the first
   alliance gets 150 offers (``offers_search.create_offers``: realistic German texts, in
   the search index), 50 events with one date each and 100 places
   (``places_geojson.fill``), all in bulk; ``VACUUM ANALYZE``. This install is copied
   to a second database of the same server (``CREATE DATABASE … TEMPLATE``).
2. The copy gets 299 more alliances (``tenancy.create``) with the same amounts each;
   ``VACUUM ANALYZE``. Then, through the real URL stack (Django's test client on the
   first alliance's plain address, caches off: the dummy cache, and the search engine's
   per-process caches emptied before each request, so every request does its database
   work), after a warm-up of 30 rounds, ``--runs`` rounds of: the offer search
   (``/angebote/?q=<a word>``), the event list (``/veranstaltungen/``) and the places'
   GeoJSON (``/karte/orte.geojson``), on the install with one alliance and on the one
   with 300 by turns (blocks of 10 rounds: the shared machine's load weighs on both
   alike). ``offer_search_ratio``, ``event_list_ratio``, ``geojson_ratio``: p95 with
   300 / p95 alone. Target ≤ 1.2.
3. Migrations once for all: the search app back one step and forward again
   (``search.0005_alliance_unique`` rebuilds the per-alliance lexemes of every entry
   of every alliance); ``migrate_all_seconds``, and ``migrate_all_covered`` when
   afterwards ``migrate --check`` finds nothing unapplied and every alliance has its
   lexemes again.
4. The booking rush (``booking_rush``: ``--families`` families of the first alliance
   POST the booking form of one occasion at the same moment, over HTTP to gunicorn)
   alone, then again while the real worker (``manage.py worker``) sends an edition of
   the second alliance's newsletter to ``--subscribers`` subscribers (to an SMTP sink,
   ``newsletter_send.SINK``). ``booking_with_newsletter_ratio``: p95 latency with / p95
   alone; overbooking is counted.

It prints the figures and, last, one JSON line whose comparisons end in ``_ratio``.
The machine's load average is in it too: on a shared machine the ratios are noisy.

Usage::

    .venv/bin/python bench/tenancy.py [--alliances 300] [--runs 200] [--quick]

``--quick``: 20 alliances, 40 runs, 40 families, 300 subscribers (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from throwaway_databases import postgres

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261206
WARMUP = 30
BLOCK = 10
BAR_RATIO = 1.2
SEARCH_WORDS = ["Beratung", "Kurs", "Eltern", "Familienzentrum", "Schwimmen", "Ferien"]
PAGES = {
    "offer_search": "/angebote/?q={word}",
    "event_list": "/veranstaltungen/",
    "geojson": "/karte/orte.geojson",
}
EVENT_WORDS = ["Elterncafé", "Vorlesestunde", "Familienfest", "Infoabend", "Spielenachmittag"]


# ------------------------------------------------------------------------ the data


def create_events(count: int, rng: random.Random) -> None:
    """In the active alliance: ``count`` published one-off events of its partners in
    the next four months, each with its date (bulk; as ``events.services`` would)."""
    from django.utils import timezone
    from offers_search import PLACES, SENTENCES

    from familienrathaus.events.models import Event, Occurrence
    from familienrathaus.partners.models import Organisation

    organisations: list[Organisation | None] = [*Organisation.objects.order_by("pk")[:20]]
    organisations = organisations or [None]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for n in range(count):
        start = now + timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
        rows.append(
            Event(
                organisation=rng.choice(organisations),
                uid=f"bench-{n}-{rng.getrandbits(64):x}@familienrathaus",
                title=f"{rng.choice(EVENT_WORDS)} {rng.choice(PLACES)}",
                slug=f"bench-event-{n}",
                summary=rng.choice(SENTENCES),
                description=" ".join(rng.sample(SENTENCES, 4)),
                start=start,
                end=start + timedelta(hours=2),
                venue_name="Familienzentrum",
                city="Musterstadt",
                status=Event.Status.PUBLISHED,
                published_at=now,
            )
        )
    events = Event.objects.bulk_create(rows)
    Occurrence.objects.bulk_create(
        [Occurrence(event=e, original_start=e.start, start=e.start, end=e.end) for e in events]
    )


def fill_alliance(offers: int, events: int, places: int, rng: random.Random) -> None:
    """The active alliance's content: offers (indexed), events and places."""
    import places_geojson
    from offers_search import create_offers

    from familienrathaus.offers import search

    create_offers(offers, rng, partners=20)
    search.reindex_all()
    create_events(events, rng)
    places_geojson.fill(places, report=False)


def add_alliances(
    count: int, offers: int, events: int, places: int, rng: random.Random
) -> list[Any]:
    """``count`` more alliances (``tenancy.create``), each filled like the first."""
    from familienrathaus.core import tenancy

    made = []
    started = time.perf_counter()
    existing = len(tenancy.alliances())
    for n in range(existing + 1, existing + count + 1):
        alliance = tenancy.create(slug=f"buendnis-{n:03d}", name=f"Bündnis {n}")
        with tenancy.activate(alliance):
            fill_alliance(offers, events, places, rng)
        made.append(alliance)
        if len(made) % 50 == 0:
            print(f"  {len(made)} alliances in {time.perf_counter() - started:.0f} s", flush=True)
    return made


def analyze() -> None:
    """Statistics and visibility map, as a database in use has them (autovacuum)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# ---------------------------------------------------------------------- measuring


@contextmanager
def caches_off() -> Iterator[Callable[[], None]]:
    """Django's cache off; yields a function that empties the per-process caches of
    the search (results, facet bitsets), to be called before each request."""
    from django.test import override_settings

    from familienrathaus.search import engine, facets

    def forget() -> None:
        engine._results.clear()
        engine._translated_cache.clear()
        facets._built.clear()

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        yield forget


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def use_database(name: str) -> None:
    """Point Django's connection at another database of the same server."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def copy_database(name: str) -> str:
    """A copy of the current database (the install as it is now) under ``name``."""
    import psycopg
    from django.db import connection, connections

    source = connection.settings_dict
    connections.close_all()
    with psycopg.connect(
        host=source["HOST"], port=source["PORT"], user=source["USER"], dbname="template1"
    ) as admin:
        admin.autocommit = True
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')
    return name


def measure(
    runs: int, places: int, warmup: int = WARMUP, databases: tuple[str | None, ...] = (None,)
) -> dict[str | None, dict[str, dict[str, float]]]:
    """p50/p95 (ms) of each page of the first alliance (after ``warmup`` rounds) in each
    of ``databases`` (None: the current one). The pages take turns; the databases take
    turns every ``BLOCK`` rounds, so that a busier minute of the shared machine weighs
    on both alike. Fails unless the GeoJSON has the first alliance's places only."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="de")
    times: dict[str | None, dict[str, list[float]]] = {
        database: {name: [] for name in PAGES} for database in databases
    }
    with caches_off() as forget:
        for first in range(0, warmup + runs, BLOCK):
            for database in databases:
                if database is not None:
                    use_database(database)
                for n in range(first, min(first + BLOCK, warmup + runs)):
                    for name, template in PAGES.items():
                        path = template.format(word=SEARCH_WORDS[n % len(SEARCH_WORDS)])
                        forget()
                        started = time.perf_counter()
                        response = client.get(path)
                        elapsed = (time.perf_counter() - started) * 1000
                        assert response.status_code == 200, (path, response.status_code)
                        if n >= warmup:
                            times[database][name].append(elapsed)
                # The first alliance's own places, no other's.
                features = json.loads(client.get(PAGES["geojson"]).content)["features"]
                assert len(features) == places, (len(features), places)
    return {
        database: {
            name: {
                "p50_ms": round(statistics.median(values), 2),
                "p95_ms": round(percentile(values, 0.95), 2),
            }
            for name, values in pages.items()
        }
        for database, pages in times.items()
    }


def show(label: str, figures: dict[str, dict[str, float]]) -> None:
    for name, values in figures.items():
        print(
            f"  {label}: {name:13} p50 {values['p50_ms']:7.2f} ms, p95 {values['p95_ms']:7.2f} ms"
        )


def migrate_all(alliances: int) -> dict[str, Any]:
    """The search app back one step and forward again, over every alliance's rows."""
    from django.core.management import call_command
    from django.db import connection

    from familienrathaus.core import tenancy

    with tenancy.unscoped():
        started = time.perf_counter()
        call_command("migrate", "search", "0004", verbosity=0)
        back = time.perf_counter() - started
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        forward = time.perf_counter() - started
        try:
            call_command("migrate", check_unapplied=True, verbosity=0)
            unapplied = False
        except SystemExit:
            unapplied = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT alliance_id) FROM search_term")
            with_terms = cursor.fetchone()[0]
    print(
        f"  migrate search back to 0004: {back:.1f} s; forward (0005 rebuilds the lexemes of"
        f" all alliances): {forward:.1f} s; alliances with lexemes after: {with_terms} of"
        f" {alliances}; unapplied migrations: {'yes' if unapplied else 'none'}"
    )
    return {
        "migrate_all_seconds": round(forward, 1),
        "migrate_back_seconds": round(back, 1),
        "migrate_all_covered": with_terms == alliances and not unapplied,
    }


# ----------------------------------------------------------- booking and newsletter


def newsletter_edition(subscribers: int) -> tuple[Any, Any]:
    """In the active alliance: confirmed subscribers and a draft edition to them."""
    from django.utils import timezone

    from familienrathaus.core.models import User
    from familienrathaus.core.models.users import Role
    from familienrathaus.newsletter import services
    from familienrathaus.newsletter.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"familie{number:05d}@bench.example",
                language="de",
                status=Subscriber.Status.ACTIVE,
                consent_requested_at=now,
                consent_version="bench",
                confirmed_at=now,
            )
            for number in range(subscribers)
        ],
        batch_size=1000,
    )
    coordinator = User.objects.create_user(
        email="bench@bench.example", password=None, role=Role.COORDINATOR
    )
    values = {"subject": "bench-tenancy", "intro": "Liebe Familien,", "rate_per_minute": 0}
    edition = services.save_edition(actor=coordinator, edition=None, values=values)
    return coordinator, edition


def sink_lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def rush_with_newsletter(url: str, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The first alliance's booking rush alone, then while the second's edition is sent."""
    import booking_rush as br
    from newsletter_send import SINK

    from familienrathaus.core import tenancy
    from familienrathaus.core.models import Alliance
    from familienrathaus.holidays.models import Booking
    from familienrathaus.newsletter import services

    port = br.free_port()
    env = br.environment(url, workdir) | {
        "EMAIL_PORT": str(port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
    }
    data = br.run_helper(env, "setup", str(args.families))
    requests = [(c["session"], c["child"], data["rush"]) for c in data["clients"]]
    other = tenancy.alliances()[1]
    Alliance.objects.filter(pk=other.pk).update(mails_per_hour=10_000_000)
    with tenancy.activate(other):
        coordinator, edition = newsletter_edition(args.subscribers)
    sink_log = workdir / "sink.log"
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port), str(sink_log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    worker: subprocess.Popen[bytes] | None = None
    try:
        assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
        with br.gunicorn(env, args.workers, workdir / "gunicorn.log") as (web_port, _pid):
            alone = br.rush(web_port, requests)
            counted_alone = br.run_helper(env, "count", json.dumps([data["rush"]]))
            Booking.objects.filter(occasion_id=data["rush"]).delete()  # the same rush again
            with tenancy.activate(other):
                services.schedule(actor=coordinator, edition=edition, at=None)
            with (workdir / "worker.log").open("wb") as log:
                worker = subprocess.Popen(
                    [sys.executable, "manage.py", "worker", "--interval=0.1"],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            deadline = time.monotonic() + 180
            while sink_lines(sink_log) < min(20, args.subscribers // 10):
                if time.monotonic() > deadline or worker.poll() is not None:
                    log_text = (workdir / "worker.log").read_text(errors="replace")
                    raise SystemExit(f"the newsletter did not start sending:\n{log_text[-3000:]}")
                time.sleep(0.1)
            before = sink_lines(sink_log)
            together = br.rush(web_port, requests)
            during = sink_lines(sink_log) - before
            counted_together = br.run_helper(env, "count", json.dumps([data["rush"]]))
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        if sink.stdin:
            sink.stdin.close()
        sink.wait(timeout=10)
    ratio = together["p95_ms"] / alone["p95_ms"] if alone["p95_ms"] else 0.0
    for label, run, counted in (
        ("alone", alone, counted_alone),
        ("with newsletter", together, counted_together),
    ):
        print(
            f"  booking rush {label}: {run['requests']} requests, p50 {run['p50_ms']} ms,"
            f" p95 {run['p95_ms']} ms, errors {run['errors']}; accepted {counted['accepted']},"
            f" waiting list {counted['waitlisted']}, overbooked {counted['overbooked']}"
        )
    print(f"  newsletter mails of the other alliance delivered during the rush: {during}")
    return {
        "booking_alone_p95_ms": alone["p95_ms"],
        "booking_with_newsletter_p95_ms": together["p95_ms"],
        "booking_with_newsletter_ratio": round(ratio, 2),
        "booking_errors": alone["errors"] + together["errors"],
        # Requests that ended in no booking row (neither a place nor the waiting list).
        "not_booked": sum(
            run["requests"] - counted["accepted"] - counted["waitlisted"]
            for run, counted in ((alone, counted_alone), (together, counted_together))
        ),
        "overbooked": counted_alone["overbooked"] + counted_together["overbooked"],
        "newsletter_mails_during_rush": during,
    }


# ---------------------------------------------------------------------------- main


@contextmanager
def _removed(folder: Path) -> Iterator[None]:
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alliances", type=int, default=300)
    parser.add_argument("--offers", type=int, default=150)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--families", type=int, default=100)
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-rush", action="store_true", help="skip the booking rush")
    parser.add_argument("--quick", action="store_true", help="a smoke test of the same shape")
    args = parser.parse_args()
    if args.quick:
        args.alliances, args.runs, args.families, args.subscribers = 20, 40, 40, 300

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-tenancy-"))
    with postgres() as url, _removed(workdir):
        os.environ.update(
            {
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "0",
                "DJANGO_LOG_LEVEL": "WARNING",
                "FRH_VAR_DIR": str(workdir / "var"),
                "FRH_MEDIA_ROOT": str(workdir / "media"),
            }
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        import first_alliance  # next to this file

        first_alliance.activate()
        rng = random.Random(SEED)
        fill_alliance(args.offers, args.events, args.places, rng)
        analyze()
        print(f"One alliance ready in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connection

        single = connection.settings_dict["NAME"]
        many = copy_database("frh_many")  # the same install, to which the others come
        use_database(many)
        step = time.perf_counter()
        add_alliances(args.alliances - 1, args.offers, args.events, args.places, rng)
        analyze()
        print(
            f"{args.alliances - 1} more alliances in {time.perf_counter() - step:.0f} s",
            flush=True,
        )
        figures = measure(args.runs, args.places, databases=(single, many))
        alone, together = figures[single], figures[many]
        show("1 alliance", alone)
        show(f"{args.alliances} alliances", together)
        use_database(many)
        result: dict[str, Any] = {"alliances": args.alliances}
        for name in PAGES:
            result[f"{name}_p95_ms"] = together[name]["p95_ms"]
            result[f"{name}_alone_p95_ms"] = alone[name]["p95_ms"]
            result[f"{name}_ratio"] = round(together[name]["p95_ms"] / alone[name]["p95_ms"], 2)
        for name in PAGES:
            verdict = "meets" if result[f"{name}_ratio"] <= BAR_RATIO else "MISSES"
            print(f"  {name}_ratio {result[f'{name}_ratio']} {verdict} the bar ≤ {BAR_RATIO}")

        result |= migrate_all(args.alliances)
        if not args.no_rush:
            result |= rush_with_newsletter(f"{url.rsplit('/', 1)[0]}/{many}", workdir, args)
    result["load_average"] = round(os.getloadavg()[0], 2)
    print(f"Total {time.perf_counter() - started:.0f} s, load average {result['load_average']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
