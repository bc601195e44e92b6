"""Benchmark of the lottery's full path through the database.

A programme with 20,000 children and 100,000 wishes in the database (the shared
instance ``gen_data.py --seed 7 --attendees 20000 --occasions 3000 --activities 2000``,
dates and birth dates moved by 364 days so the holidays lie ahead), then:

1. the run: ``lottery.services.execute_run`` (what the worker does: read the wishes,
   allocate, store 100,000 outcomes and 20,000 lottery tickets, the statistics);
2. the confirmation: ``lottery.services.confirm_in_background`` (bookings and waiting
   lists through ``holidays.services.place_children``, one mail per family into the
   outbox, booking phase opened).

Prints the time of each step and the peak memory (resident set size of this process,
``ru_maxrss``, after each step). SQLite in a temporary directory by default; with
``--use-database-url`` the database of ``DATABASE_URL`` (it must be empty, e.g.
``scripts/throwaway_postgres.py -- .venv/bin/python bench/allocation_db.py
--use-database-url``). Usage::

    .venv/bin/python bench/allocation_db.py [--input x10.json] [--time-limit 60]

The last line is one JSON object: ``database``, ``children``, ``wishes``,
``setup_seconds``, ``run_seconds``, ``solver_seconds``, ``confirm_seconds``,
``bookings``, ``waitlisted``, ``mails``, ``peak_rss_mb``, ``method``, ``placed_share``,
``first_wish_share``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GENERATOR = ROOT.parent / "shared" / "allocation" / "gen_data.py"
SHIFT = timedelta(days=364)  # 52 weeks: the same weekdays one year later


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def instance(path: Path | None) -> dict[str, Any]:
    if path is not None:
        return json.loads(path.read_text())
    spec = importlib.util.spec_from_file_location("gen_data", GENERATOR)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen.generate(seed=7, n_attendees=20000, n_occasions=3000, n_activities=2000)


def setup_database(data: dict[str, Any]) -> tuple[Any, Any]:
    from django.core.management import call_command
    from django.utils import timezone

    from familienrathaus.core.models import User
    from familienrathaus.core.models.users import Role
    from familienrathaus.holidays.models import Activity, Child, Occasion, OccasionDate, Period
    from familienrathaus.lottery.models import Wish
    from familienrathaus.partners.models import Organisation

    call_command("migrate", verbosity=0)
    import first_alliance  # next to this file

    first_alliance.activate()  # the data is the first alliance's
    now = timezone.now()
    start = date.fromisoformat(data["period"]["execution_start"]) + SHIFT
    end = date.fromisoformat(data["period"]["execution_end"]) + SHIFT
    period = Period.objects.create(
        name="Sommerferien Bench",
        slug="sommer-bench",
        holiday_start=start,
        holiday_end=end,
        wish_start=now - timedelta(days=14),
        wish_end=now + timedelta(days=1),
        booking_opens=now + timedelta(days=7),
    )
    organisation = Organisation.objects.create(name="Bench e. V.", slug="bench")
    coordinator = User.objects.create_user(
        "koordination@bench.example", None, role=Role.COORDINATOR, name="Bench"
    )
    activities = Activity.objects.bulk_create(
        [
            Activity(
                period=period,
                organisation=organisation,
                title=a["title"],
                slug=f"bench-{i}",
                summary="Bench",
                category=Activity.Category.SPORT,
                status=Activity.Status.PUBLISHED,
            )
            for i, a in enumerate(data["activities"])
        ],
        batch_size=1000,
    )
    activity_pk = {a["id"]: made.pk for a, made in zip(data["activities"], activities, strict=True)}
    occasions = Occasion.objects.bulk_create(
        [
            Occasion(
                activity_id=activity_pk[o["activity_id"]],
                max_places=o["max_spots"],
                min_places=o["min_spots"],
                age_min=o["min_age"],
                age_max=o["max_age"],
            )
            for o in data["occasions"]
        ],
        batch_size=1000,
    )
    occasion_pk = {o["id"]: made.pk for o, made in zip(data["occasions"], occasions, strict=True)}
    OccasionDate.objects.bulk_create(
        [
            OccasionDate(
                occasion_id=occasion_pk[o["id"]],
                starts=datetime.fromisoformat(s) + SHIFT,
                ends=datetime.fromisoformat(e) + SHIFT,
            )
            for o in data["occasions"]
            for s, e in o["dates"]
        ],
        batch_size=2000,
    )
    # Families of one to three children (deterministic).
    attendees = data["attendees"]
    family_of: list[int] = []
    families = 0
    i = 0
    while i < len(attendees):
        size = 1 + (i * 7919) % 3
        family_of.extend([families] * min(size, len(attendees) - i))
        families += 1
        i += size
    users = User.objects.bulk_create(
        [
            User(email=f"familie{n}@bench.example", name=f"Familie {n}", password="!")  # noqa: S106
            for n in range(families)
        ],
        batch_size=2000,
    )
    children = Child.objects.bulk_create(
        [
            Child(
                family_id=users[family_of[k]].pk,
                first_name=a["name"],
                last_name="Bench",
                birth_date=date.fromisoformat(a["birth_date"]) + SHIFT,
            )
            for k, a in enumerate(attendees)
        ],
        batch_size=2000,
    )
    child_pk = {a["id"]: made.pk for a, made in zip(attendees, children, strict=True)}
    Wish.objects.bulk_create(
        [
            Wish(
                period=period,
                child_id=child_pk[w["attendee_id"]],
                occasion_id=occasion_pk[w["occasion_id"]],
                rank=w["rank"],
                group_code=w["group_code"] or "",
            )
            for w in data["wishes"]
        ],
        batch_size=5000,
    )
    return period, coordinator


def _profiler(wanted: bool) -> Any:
    if not wanted:
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _report(profiler: Any) -> None:
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=None)
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--use-database-url", action="store_true")
    parser.add_argument("--profile", choices=["run", "confirm"], help="profile one step")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="frh-lottery-bench-")
    if not args.use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("--use-database-url needs DATABASE_URL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["FRH_VAR_DIR"] = tmp.name
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from familienrathaus.core.models import OutboxMessage
    from familienrathaus.holidays.models import Booking, Period
    from familienrathaus.lottery import services
    from familienrathaus.lottery.models import Run

    data = instance(args.input)
    started = time.perf_counter()
    period, coordinator = setup_database(data)
    setup_seconds = time.perf_counter() - started
    print(f"database:        {connection.vendor}")
    print(f"setup:           {setup_seconds:.1f} s, peak RSS {rss_mb():.0f} MB")

    run = services.start_run(
        actor=coordinator, period=period, time_limit=args.time_limit, seed=20261121
    )
    profiler = _profiler(args.profile == "run")
    started = time.perf_counter()
    status = services.execute_run(run.pk)
    run_seconds = time.perf_counter() - started
    _report(profiler)
    run.refresh_from_db()
    assert status == Run.Status.DONE, run.error
    figures = run.summary["figures"]
    print(
        f"run:             {run_seconds:.1f} s (solver {run.summary['seconds']:.1f} s, "
        f"{run.summary['method']}), peak RSS {rss_mb():.0f} MB"
    )
    for level in run.summary["levels"]:
        print(
            f"  level {level['name']:<20} {level['value']:>10.0f} / bound {level['bound']:>10.0f}"
            f"  {level['status']} {level['seconds']:.2f} s"
        )
    print(
        f"                 placed {figures['placed_share']:.2%}, first wish "
        f"{figures['first_wish_share']:.2%}, accepted {figures['accepted']}, "
        f"violations {len(run.summary['violations'])}"
    )

    Period.objects.filter(pk=period.pk).update(wish_end=timezone.now() - timedelta(seconds=1))
    period.refresh_from_db()
    run.refresh_from_db()
    profiler = _profiler(args.profile == "confirm")
    started = time.perf_counter()
    services.request_confirmation(actor=coordinator, run=run, open_booking=True)
    final = services.confirm_in_background(run.pk, coordinator.pk, True)
    confirm_seconds = time.perf_counter() - started
    _report(profiler)
    run.refresh_from_db()
    assert final == Run.Status.CONFIRMED, run.error
    confirmed = Booking.objects.filter(status="confirmed").count()
    waitlisted = Booking.objects.filter(status="waitlisted").count()
    mails = OutboxMessage.objects.filter(purpose="lottery.outcome").count()
    print(
        f"confirm:         {confirm_seconds:.1f} s: {confirmed} bookings, {waitlisted} on "
        f"waiting lists, {mails} mails queued; peak RSS {rss_mb():.0f} MB"
    )
    summary = {
        "database": connection.vendor,
        "children": figures["children"],
        "wishes": len(data["wishes"]),
        "setup_seconds": round(setup_seconds, 2),
        "run_seconds": round(run_seconds, 2),
        "solver_seconds": run.summary["seconds"],
        "confirm_seconds": round(confirm_seconds, 2),
        "bookings": confirmed,
        "waitlisted": waitlisted,
        "mails": mails,
        "peak_rss_mb": round(rss_mb()),
        "method": run.summary["method"],
        "placed_share": figures["placed_share"],
        "first_wish_share": figures["first_wish_share"],
    }
    connection.close()
    tmp.cleanup()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
