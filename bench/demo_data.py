"""Benchmark: how long loading each app's demo data takes, against its bar.

The tests check what the demo data contains; how fast it loads is measured here, where
a busy machine cannot fail the suite. Creates a throwaway SQLite database in a temporary
directory, migrates it, then loads the demo data of core, partners, places, events and
the holiday programme in the order ``manage.py`` would (each needs the ones before it),
timing each ``demo.load()``. Passwords of the demo accounts are hashed with the fast
hasher the test suite uses, as when the tests held these bars: the bar is for the demo's
own work, not for the deliberately slow password hashing. Prints one line per app with
its time, its bar and the ratio of the two; the last line is one JSON object:

    {"core_s": …, "partners_s": …, "places_s": …, "events_s": …, "holidays_s": …,
     "worst_ratio": …}

Exits 1 if an app is over its bar. Usage::

    .venv/bin/python bench/demo_data.py [--keep]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Seconds a load may take (the limits the test suite used to assert; None: no bar).
BARS: dict[str, float | None] = {
    "core": None,
    "partners": 5.0,
    "places": 5.0,
    "events": 10.0,
    "holidays": 8.0,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-demo-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FRH_VAR_DIR"] = str(workdir)
    os.environ["FRH_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        return measure()
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def measure() -> int:
    from familienrathaus.core import tenancy

    # The demo's data is Musterstadt's, the install's first alliance (as load_demo does).
    musterstadt = tenancy.first()
    assert musterstadt is not None, "the migrations made no alliance"
    with tenancy.activate(musterstadt):
        return _measure()


def _measure() -> int:
    summary: dict[str, float] = {}
    ratios: list[float] = []
    for app, bar in BARS.items():
        demo = importlib.import_module(f"familienrathaus.{app}.demo")
        started = time.perf_counter()
        created = demo.load()
        seconds = time.perf_counter() - started
        summary[f"{app}_s"] = round(seconds, 3)
        if bar is None:
            print(f"{app:<9} {created:>5} rows in {seconds:6.2f} s")
            continue
        ratios.append(seconds / bar)
        print(
            f"{app:<9} {created:>5} rows in {seconds:6.2f} s "
            f"(bar {bar:.0f} s, {seconds / bar:.0%} of it)"
        )
    worst = max(ratios)
    summary["worst_ratio"] = round(worst, 3)
    print(json.dumps(summary))
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
