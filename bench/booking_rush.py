"""Benchmark: the morning a holiday programme opens. 500 families book at the same moment.

For each database (a throwaway PostgreSQL server built like ``scripts/throwaway_postgres.py``
does, and a SQLite file) the benchmark

1. migrates a fresh database and creates a period in its booking phase, one occasion
   with 100 places, 40 more occasions with 15 places each, and 500 families with one
   child each, already logged in (a session each, plus a CSRF cookie);
2. measures the database's raw single-row insert-transaction rate (one connection,
   ``BEGIN; INSERT; COMMIT`` in a loop) as the yardstick;
3. starts the real site under gunicorn (production settings, no debug) and has all 500
   families POST the booking form of the one occasion at the same moment over HTTP
   (500 threads, released together by a barrier), then a mixed run in which every
   family books two of the 40 other occasions at once (1,000 requests);
4. counts the booking rows: accepted (confirmed), waiting-listed, overbooked (confirmed
   beyond the places), errors (HTTP status other than the redirect of the booking
   form, or a failed connection) and requests that did not end in a booking row.

It prints the figures per database and run; the last line is one JSON object with, for
the one-occasion run, ``{"sqlite": {"accepted", "waitlisted", "errors", "overbooked",
"p50_ms", "p99_ms", "bookings_per_s", "raw_tx_per_s", "ratio_to_raw"}, "postgresql": …}``
(plus ``"mixed"`` per database). Bar: 0 overbooked, 0 errors, ≥ 100 bookings/s on
PostgreSQL.

Usage::

    .venv/bin/python bench/booking_rush.py [--families 500] [--workers N] [--only sqlite]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from throwaway_databases import postgres, sqlite

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PLACES = 100
MIXED_OCCASIONS = 40
MIXED_PLACES = 15
RAW_TRANSACTIONS = 2000


# ------------------------------------------------------------------ helper (in Django)


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import first_alliance  # next to this file

    first_alliance.activate()  # the data is the first alliance's (migrated before)


def helper_setup(families: int) -> dict[str, Any]:
    """Create the programme and the families; return what the clients need."""
    _django()
    from datetime import date, datetime, timedelta
    from datetime import time as clock

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from familienrathaus.core import tenancy
    from familienrathaus.core.models import User
    from familienrathaus.core.models.users import AllianceMembership
    from familienrathaus.holidays.models import (
        Activity,
        Child,
        Occasion,
        OccasionDate,
        Period,
    )
    from familienrathaus.partners.models import Organisation

    now = timezone.now()
    period = Period.objects.create(
        name="Sommerferien Bench",
        slug="sommerferien-bench",
        holiday_start=date(2030, 7, 1),
        holiday_end=date(2030, 8, 15),
        booking_opens=now - timedelta(hours=1),
    )
    organisation = Organisation.objects.create(name="Bench e. V.", slug="bench-ev")

    def occasion(title: str, places: int, day: date) -> Occasion:
        activity = Activity.objects.create(
            period=period,
            organisation=organisation,
            title=title,
            slug=title.lower().replace(" ", "-"),
            summary=title,
            category=Activity.Category.SPORT,
            status=Activity.Status.PUBLISHED,
            published_at=now,
        )
        result = Occasion.objects.create(activity=activity, max_places=places, fee=5)
        start = timezone.make_aware(datetime.combine(day, clock(9)))
        OccasionDate.objects.create(occasion=result, starts=start, ends=start + timedelta(hours=3))
        return result

    rush = occasion("Rush", PLACES, date(2030, 7, 1))
    mixed = [
        occasion(f"Mixed {n}", MIXED_PLACES, date(2030, 7, 2) + timedelta(days=n))
        for n in range(MIXED_OCCASIONS)
    ]
    password = make_password("Bench-Password-2026")
    User.objects.bulk_create(
        [
            User(email=f"family{n:04d}@bench.example", name=f"Familie {n}", password=password)
            for n in range(families)
        ]
    )
    with tenancy.unscoped():  # accounts are members of an alliance (core.models.users)
        made = list(User.objects.filter(email__endswith="@bench.example"))
    AllianceMembership.objects.bulk_create([AllianceMembership(user=u) for u in made])
    users = list(User.objects.filter(email__endswith="@bench.example").order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
    )
    Child.objects.bulk_create(
        [
            Child(family=u, first_name="Kind", last_name=str(u.pk), birth_date=date(2020, 3, 1))
            for u in users
        ]
    )
    children = {c.family_id: c.pk for c in Child.objects.filter(family__in=users)}
    clients = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The project's backend: Django forgets a session of a backend it does not use.
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        clients.append({"session": session.session_key, "child": children[user.pk]})
    return {"rush": rush.pk, "mixed": [o.pk for o in mixed], "clients": clients}


def helper_raw() -> dict[str, Any]:
    """The raw single-row insert-transaction rate of this database, one connection."""
    _django()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (id integer PRIMARY KEY, value integer)")
    started = time.perf_counter()
    for n in range(RAW_TRANSACTIONS):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_raw (id, value) VALUES (%s, %s)", [n, n])
    seconds = time.perf_counter() - started
    return {"raw_tx_per_s": RAW_TRANSACTIONS / seconds}


def helper_count(occasion_ids: list[int]) -> dict[str, Any]:
    _django()
    from django.db.models import Count, Q

    from familienrathaus.holidays.models import Booking, Occasion

    rows = Occasion.objects.filter(pk__in=occasion_ids).annotate(
        confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
        waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
    )
    accepted = waitlisted = overbooked = 0
    for row in rows:
        accepted += row.confirmed
        waitlisted += row.waiting
        overbooked += max(0, row.confirmed - row.max_places)
    # Waiting lists in arrival order: every waiting entry queued after every confirmed one.
    late_confirmed = 0
    for row in rows:
        last_waiting_free = Booking.objects.filter(occasion=row, status="waitlisted").order_by(
            "queued_at"
        )
        first = last_waiting_free.first()
        if first is not None:
            late_confirmed += Booking.objects.filter(
                occasion=row, status="confirmed", queued_at__gt=first.queued_at
            ).count()
    return {
        "accepted": accepted,
        "waitlisted": waitlisted,
        "overbooked": overbooked,
        "out_of_order": late_confirmed,
    }


def helper(argv: list[str]) -> None:
    name = argv[0]
    if name == "setup":
        result = helper_setup(int(argv[1]))
    elif name == "raw":
        result = helper_raw()
    elif name == "count":
        result = helper_count(json.loads(argv[1]))
    else:
        raise SystemExit(f"unknown helper {name}")
    print(json.dumps(result))


# ------------------------------------------------------------------------- databases

PG_DATADIR: list[Path] = []  # set while the throwaway PostgreSQL server runs


def _children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (from /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def server_pids(gunicorn_pid: int) -> tuple[list[int], list[int]]:
    """The gunicorn workers, and the PostgreSQL server's processes (if it runs)."""
    workers = _children_of(gunicorn_pid)
    database: list[int] = []
    if PG_DATADIR:
        pidfile = PG_DATADIR[0] / "postmaster.pid"
        if pidfile.exists():
            postmaster = int(pidfile.read_text().split()[0])
            database = [postmaster, *_children_of(postmaster)]
    return workers, database


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(database_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "FRH_VAR_DIR": str(workdir),
        "DJANGO_LOG_LEVEL": "WARNING",
        "FRH_QUIET": "1",
    }


def run_helper(env: dict[str, str], *args: str) -> dict[str, Any]:
    output = subprocess.run(
        [PYTHON, __file__, "--helper", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[int, int]]:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{port}",
                "--backlog=2048",
                "--timeout=60",
                "--log-level=warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/v1/holidays/periods")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"gunicorn did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        # Warm every worker (imports, connections), so the rush measures booking.
        for n in range(workers * 6):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            path = "/api/v1/holidays/periods" if n % 2 else "/ferienspass/buchen/0/"
            connection.request("GET", path)  # the booking form answers GET with 405
            connection.getresponse().read()
        yield port, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ----------------------------------------------------------------------------- the rush


def rush(port: int, requests: list[tuple[str, int, int]]) -> dict[str, Any]:
    """POST every (session, child, occasion) booking form at the same moment."""
    barrier = threading.Barrier(len(requests) + 1)
    latencies: list[float] = [0.0] * len(requests)
    statuses: list[int] = [0] * len(requests)
    finished: list[float] = [0.0] * len(requests)
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret

    def one(index: int, session: str, child: int, occasion: int) -> None:
        body = f"csrfmiddlewaretoken={csrf}&child={child}".encode()
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "en",
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.connect()
        except OSError:
            barrier.wait()
            statuses[index] = -1
            return
        barrier.wait()
        started = time.perf_counter()
        try:
            connection.request("POST", f"/ferienspass/buchen/{occasion}/", body, headers)
            response = connection.getresponse()
            response.read()
            statuses[index] = response.status
        except OSError:
            statuses[index] = -1
        end = time.perf_counter()
        latencies[index] = end - started
        finished[index] = end
        connection.close()

    threads = [
        threading.Thread(target=one, args=(i, s, c, o), daemon=True)
        for i, (s, c, o) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    client_cpu = time.process_time()
    for thread in threads:
        thread.join()
    seconds = max(finished) - released
    client_cpu = time.process_time() - client_cpu
    ordered = sorted(latencies)
    return {
        "requests": len(requests),
        "errors": sum(1 for s in statuses if s != 302),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "seconds": round(seconds, 3),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
        "requests_per_s": round(len(requests) / seconds, 1),
        "client_cpu_s": round(client_cpu, 2),
    }


def bench_database(name: str, database_url: str, families: int, workers: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"frh-bench-{name}-"))
    try:
        env = environment(database_url, workdir)
        started = time.perf_counter()
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([PYTHON, "manage.py", "createcachetable"], env=env, cwd=ROOT, check=True)
        data = run_helper(env, "setup", str(families))
        print(f"[{name}] database ready in {time.perf_counter() - started:.1f} s", flush=True)
        raw = run_helper(env, "raw")["raw_tx_per_s"]
        print(f"[{name}] raw single-row insert transactions: {raw:.0f}/s", flush=True)
        clients = data["clients"]
        with gunicorn(env, workers, workdir / "gunicorn.log") as (port, pid):
            load = os.getloadavg()[0]  # the machine is shared: say how busy it was
            print(f"[{name}] load average before the rush: {load:.2f}", flush=True)
            web_pids, db_pids = server_pids(pid)
            web_cpu, db_cpu = cpu_seconds(web_pids), cpu_seconds(db_pids)
            one = rush(port, [(c["session"], c["child"], data["rush"]) for c in clients])
            web_cpu = cpu_seconds(web_pids) - web_cpu
            db_cpu = cpu_seconds(server_pids(pid)[1]) - db_cpu
            mixed_requests = []
            for n, c in enumerate(clients):
                first = data["mixed"][n % MIXED_OCCASIONS]
                second = data["mixed"][(n * 7 + 3) % MIXED_OCCASIONS]
                if second == first:
                    second = data["mixed"][(n + 1) % MIXED_OCCASIONS]
                mixed_requests += [
                    (c["session"], c["child"], first),
                    (c["session"], c["child"], second),
                ]
            mixed = rush(port, mixed_requests)
        log = (workdir / "gunicorn.log").read_text(errors="replace")
        counted = run_helper(env, "count", json.dumps([data["rush"]]))
        counted_mixed = run_helper(env, "count", json.dumps(data["mixed"]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def result(run: dict[str, Any], counts: dict[str, Any]) -> dict[str, Any]:
        booked = counts["accepted"] + counts["waitlisted"]
        per_s = booked / run["seconds"] if run["seconds"] else 0.0
        return {
            "accepted": counts["accepted"],
            "waitlisted": counts["waitlisted"],
            "errors": run["errors"],
            "not_booked": run["requests"] - booked,
            "overbooked": counts["overbooked"],
            "out_of_order": counts["out_of_order"],
            "p50_ms": run["p50_ms"],
            "p99_ms": run["p99_ms"],
            "bookings_per_s": round(per_s, 1),
            "raw_tx_per_s": round(raw, 1),
            "ratio_to_raw": round(per_s / raw, 4) if raw else 0.0,
            "statuses": run["statuses"],
            "client_cpu_s": run["client_cpu_s"],
        }

    single = result(one, counted)
    many = result(mixed, counted_mixed)
    single["load_avg_1min"] = round(load, 2)
    # CPU spent per booking by the web workers and the database server: what the rush
    # costs independent of how busy the shared machine is.
    single["web_cpu_ms_per_booking"] = round(1000 * web_cpu / max(1, one["requests"]), 2)
    single["db_cpu_ms_per_booking"] = round(1000 * db_cpu / max(1, one["requests"]), 2)
    cores = os.cpu_count() or 1
    per_booking = (web_cpu + db_cpu) / max(1, one["requests"])
    single["cpu_bound_per_s_on_idle_cores"] = round(cores / per_booking, 1) if per_booking else 0.0
    for label, figures in (("one occasion, 500 families", single), ("mixed", many)):
        print(f"[{name}] {label}:")
        for key, value in figures.items():
            print(f"    {key:>15}: {value}")
    if "Traceback" in log:
        print(f"[{name}] gunicorn log has tracebacks:\n{log[-3000:]}")
    return {**single, "mixed": many}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--helper":
        helper(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--families", type=int, default=500)
    # One gunicorn worker per core: booking is CPU-bound, and more workers than cores
    # only add context switches while one of them holds the occasion's lock.
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for name, database in (("postgresql", partial(postgres, PG_DATADIR)), ("sqlite", sqlite)):
        if args.only and args.only != name:
            continue
        with database() as url:
            results[name] = bench_database(name, url, args.families, args.workers)
    summary = {
        name: {k: v for k, v in figures.items() if k not in {"statuses", "mixed"}}
        | {"mixed": {k: v for k, v in figures["mixed"].items() if k != "statuses"}}
        for name, figures in sorted(results.items(), key=lambda item: item[0] != "sqlite")
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
