"""Benchmark of the event calendar's read side with the demo data, on SQLite.

Builds a throwaway SQLite database (migrated), loads the demo partners and events,
then measures with the Django test client (median of ``--rounds`` runs each): the
full iCalendar feed, a filtered feed, RSS, the upcoming list, the current month's
page, an event page of the monthly series, and ``selectors.occurrences_between`` for
the next quarter (the newsletter's block). Prints one line per figure and, last, one
JSON object.

Usage::

    .venv/bin/python bench/events_feeds.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="frh-events-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from familienrathaus.core import demo as core_demo
    from familienrathaus.events import demo, selectors
    from familienrathaus.events.models import Event, Occurrence
    from familienrathaus.partners import demo as partners_demo

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    import first_alliance  # next to this file

    first_alliance.activate()  # the data is the first alliance's
    core_demo.load()
    partners_demo.load()
    started = time.perf_counter()
    demo.load()
    load_ms = (time.perf_counter() - started) * 1000
    client = Client(HTTP_ACCEPT_LANGUAGE="de", HTTP_HOST="127.0.0.1")
    series = Event.objects.get(slug="vortragsreihe-familie-im-gespraech")
    today = timezone.localdate()  # the demo is dated from the day it is loaded

    def median_ms(action: Callable[[], object]) -> float:
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(times), 1)

    def get(path: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return run

    feed_bytes = len(client.get("/veranstaltungen/ical/").content)
    figures = {
        "events": Event.objects.count(),
        "occurrences": Occurrence.objects.count(),
        "demo_load_ms": round(load_ms, 1),
        "ical_feed_bytes": feed_bytes,
        "ical_feed_ms": median_ms(get("/veranstaltungen/ical/")),
        "ical_filtered_ms": median_ms(get("/veranstaltungen/ical/?thema=gesundheit")),
        "rss_ms": median_ms(get("/veranstaltungen/rss/")),
        "list_ms": median_ms(get("/veranstaltungen/")),
        "month_ms": median_ms(get(f"/veranstaltungen/monat/{today.year}/{today.month}/")),
        "event_page_ms": median_ms(get(series.get_absolute_url())),
        "occurrences_between_quarter_ms": median_ms(
            lambda: selectors.occurrences_between(today, today + timedelta(days=90))
        ),
    }
    for name, value in figures.items():
        print(f"{name:34} {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
