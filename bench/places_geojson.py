"""Benchmark: the GeoJSON of 5,000 places is ≤ 300 KB compressed and served with p95 ≤ 50 ms.

Creates a throwaway SQLite database in a temporary directory, fills it (in bulk) with
N published places spread over a town area, each with one or two kinds, then requests
``/karte/orte.geojson`` through Django's test client as a browser would (``Accept-
Encoding: gzip, br``). The first request builds and caches the document; the next
requests are timed. Prints the figures; the last line is one JSON object:

    {"features": 5000, "compressed_bytes": …, "p95_ms": …}

Usage::

    .venv/bin/python bench/places_geojson.py [--places 5000] [--requests 200] [--keep]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAR_BYTES = 300 * 1024
BAR_P95_MS = 50
SHOPS = ["Bäckerei", "Apotheke", "Kita", "Spielplatz", "Familienzentrum", "Buchhandlung"]
NAMES = ["Sonnenschein", "am Markt", "Regenbogen", "Lindenblatt", "zur Post", "Kleeblatt"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-places-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FRH_VAR_DIR"] = str(workdir)
    os.environ["FRH_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        import first_alliance  # next to this file

        first_alliance.activate()  # the data is the first alliance's
        fill(args.places)
        return measure(args.places, args.requests)
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def fill(count: int, *, report: bool = True) -> None:
    """``count`` places with one or two kinds each, in the active alliance."""
    from django.db import transaction

    from familienrathaus.core.models import District
    from familienrathaus.places.models import Place, PlaceKind

    rng = random.Random(5000)
    kinds = list(PlaceKind.objects.all())
    districts = [
        District.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
        for name in ("Altstadt", "Nordviertel", "Suedstadt", "Westfeld", "Osterholz", "Ambach")
    ]
    started = time.perf_counter()
    with transaction.atomic():
        places = [
            Place(
                name=f"{rng.choice(SHOPS)} {rng.choice(NAMES)} {number}",
                slug=f"ort-{number}",
                street=f"Hauptstraße {number}",
                postcode="12345",
                city="Musterstadt",
                district=rng.choice(districts),
                latitude=Decimal(f"{rng.uniform(51.30, 51.50):.6f}"),
                longitude=Decimal(f"{rng.uniform(7.05, 7.35):.6f}"),
            )
            for number in range(1, count + 1)
        ]
        Place.objects.bulk_create(places, batch_size=1000)
        through = Place.kinds.through
        links = []
        for place in Place.objects.only("pk"):
            for kind in rng.sample(kinds, rng.choice((1, 1, 2))):
                links.append(through(place_id=place.pk, placekind_id=kind.pk))
        through.objects.bulk_create(links, batch_size=2000)
    if report:
        print(f"Created {count} places in {time.perf_counter() - started:.1f} s")


def measure(count: int, requests: int) -> int:
    from django.core.cache import cache
    from django.test import Client

    from familienrathaus.places import geojson

    cache.delete(geojson.VERSION_KEY)
    client = Client(HTTP_HOST="localhost", headers={"accept-encoding": "gzip, br"})
    started = time.perf_counter()
    first = client.get("/karte/orte.geojson")
    build_ms = (time.perf_counter() - started) * 1000
    assert first.status_code == 200, first.status_code
    assert first["Content-Encoding"] == "gzip"
    compressed = len(first.content)
    document = json.loads(gzip.decompress(first.content))
    features = len(document["features"])
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/karte/orte.geojson")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    cache.delete(geojson.VERSION_KEY)  # as after a change to a place
    started = time.perf_counter()
    client.get("/karte/orte.geojson")
    rebuild_ms = (time.perf_counter() - started) * 1000
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    raw = len(gzip.decompress(first.content))
    print(f"Features: {features} (of {count} places)")
    print(f"Uncompressed: {raw / 1024:.0f} KB; gzip: {compressed / 1024:.0f} KB (bar 300 KB)")
    print(f"First request (build and cache, cold process): {build_ms:.0f} ms")
    print(f"First request after a change (rebuild and cache): {rebuild_ms:.0f} ms")
    print(
        f"Cached requests: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms (bar {BAR_P95_MS} ms), max {timings[-1]:.1f} ms"
    )
    print(
        json.dumps({"features": features, "compressed_bytes": compressed, "p95_ms": round(p95, 1)})
    )
    return 0 if compressed <= BAR_BYTES and p95 <= BAR_P95_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
