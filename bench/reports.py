"""Benchmark: the district gap report, the coordinators' dashboard and the annual report.

For each database (a throwaway PostgreSQL server built like ``scripts/throwaway_postgres.py``
does, and a SQLite file) a helper process

1. migrates a fresh database and loads the demo alliance (``load_demo``: every app's demo
   data, Musterstadt's districts with their outlines and children figures), then adds in
   bulk (``bulk_create``) 10,000 published offers, 2,000 events of the last twelve months
   (one date and one registration each), a holiday programme with 20,000 bookings of
   8,000 children (confirmed, waiting lists, cancelled), a survey with 5,000 complete
   responses answering its district question (5,000 answers), 2,000 concerns and 300
   places, spread over the districts (the rural Ortsteile get visibly fewer); a district
   without an outline or children figures gets a square outline and figures here;
2. requests through the real views (Django's test client, the whole middleware stack,
   as a logged-in coordinator) the district gap report (``reports:gaps``) without and
   with a theme filter and the dashboard (``reports:dashboard``) ``--runs`` times each,
   after one warm-up request, and reports p50/p95 in ms and the number of queries of one
   request; the reference is a bare view (the theme CSS, through the same stack):
   ``*_ratio_to_bare`` (medians);
3. builds the annual report's PDF of the current year the way the worker does (the
   build service, synchronously, in this process) and reports the seconds, pages and bytes.

``--slowest N`` also prints the N slowest SQL queries of one request of each view, to
find the query behind a missed bar.

It prints the figures per database; the last line is one JSON object
``{"bench": "reports", "sqlite": {"district_p95_ms", "district_theme_p95_ms",
"dashboard_p95_ms", "annual_pdf_s", …}, "postgresql": {…}}``.
Bars: district report and dashboard p95 ≤ 500 ms, annual PDF ≤ 60 s, on both databases.

Usage::

    .venv/bin/python bench/reports.py [--runs 30] [--only sqlite|postgresql] [--slowest 10]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from throwaway_databases import postgres, sqlite

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BAR_VIEW_MS = 500
BAR_PDF_S = 60


# ------------------------------------------------------------------ helper (in Django)


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The demo's accounts: the slow password hasher is not what is measured here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


# ------------------------------------------------------------------ measuring


# The CPU milliseconds this process spent per request (median), by URL: on a shared,
# busy machine the wall-clock figures grow with the load, these much less (on SQLite
# they include the queries, on PostgreSQL not the server's share).
CPU_MS: dict[str, float] = {}


def _timed(client: Any, url: str, runs: int, view: str) -> list[float]:
    response = client.get(url)  # warm-up, and a check that it is the view meant
    assert response.status_code == 200, (url, response.status_code)
    assert response.resolver_match.view_name == view, (url, response.resolver_match.view_name)
    times, cpu = [], []
    for _n in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    CPU_MS[url] = statistics.median(cpu)
    return times


def _p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


def _queries(client: Any, url: str, slowest: int, label: str) -> int:
    """The number of queries of one request; prints the slowest ones if asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    if slowest:
        ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        print(f"--- {label}: {len(captured)} queries, the {slowest} slowest", file=sys.stderr)
        for query in ranked[:slowest]:
            print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:600]}", file=sys.stderr)
    return len(captured)


def _theme_filter() -> str:
    """The query string of the gap report filtered to the theme with the most offers."""
    from django.db.models import Count

    from familienrathaus.core.models import Theme

    theme = Theme.objects.annotate(n=Count("offers")).order_by("-n").first()
    return f"?thema={theme.slug}" if theme else ""


def measure_views(runs: int, slowest: int) -> tuple[dict[str, Any], Any]:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client
    from django.urls import reverse

    from familienrathaus.core.models import User

    coordinator = User.objects.create(
        email="koordination@bench.example", name="Bench", role="coordinator"
    )
    TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # coordinators need one
    client = Client()
    client.force_login(coordinator)
    gaps = reverse("reports:gaps")
    themed = gaps + _theme_filter()
    dashboard = reverse("reports:dashboard")
    first_started = time.perf_counter()
    assert client.get(gaps).status_code == 200
    first_ms = (time.perf_counter() - first_started) * 1000
    district = _timed(client, gaps, runs, "reports:gaps")
    district_theme = _timed(client, themed, runs, "reports:gaps")
    board = _timed(client, dashboard, runs, "reports:dashboard")
    bare = _timed(client, reverse("core:theme_css"), runs, "core:theme_css")
    bare_median = statistics.median(bare)
    figures = {
        "district_first_ms": round(first_ms, 1),
        "district_p50_ms": round(statistics.median(district), 1),
        "district_p95_ms": round(_p95(district), 1),
        "district_theme_p50_ms": round(statistics.median(district_theme), 1),
        "district_theme_p95_ms": round(_p95(district_theme), 1),
        "dashboard_p50_ms": round(statistics.median(board), 1),
        "dashboard_p95_ms": round(_p95(board), 1),
        "district_cpu_p50_ms": round(CPU_MS[gaps], 1),
        "district_theme_cpu_p50_ms": round(CPU_MS[themed], 1),
        "dashboard_cpu_p50_ms": round(CPU_MS[dashboard], 1),
        "bare_p50_ms": round(bare_median, 2),
        "district_ratio_to_bare": round(statistics.median(district) / bare_median, 1),
        "dashboard_ratio_to_bare": round(statistics.median(board) / bare_median, 1),
        "district_queries": _queries(client, gaps, slowest, "district report"),
        "district_theme_queries": _queries(client, themed, slowest, "district report, theme"),
        "dashboard_queries": _queries(client, dashboard, slowest, "dashboard"),
    }
    return figures, coordinator


def _pages(pdf: bytes) -> int | None:
    """The number of pages, as poppler's pdfinfo reads it (None without poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            info = subprocess.run(
                ["pdfinfo", handle.name], check=True, capture_output=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


def measure_annual(coordinator: Any, year: int) -> dict[str, Any]:
    """The annual report's PDF, built by the build service as the worker would."""
    from familienrathaus.reports.models import AnnualReport
    from familienrathaus.reports.selectors import annual as annual_selectors
    from familienrathaus.reports.services import annual

    texts = {
        key: "Im Berichtsjahr hat das Bündnis viel erreicht. " * 6
        for key in annual_selectors.section_keys()
    }
    annual.save_texts(actor=coordinator, year=year, texts=texts)
    report = annual.request_build(actor=coordinator, year=year)
    started = time.perf_counter()
    annual.run_build(report_id=report.pk)
    seconds = time.perf_counter() - started
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.status == AnnualReport.Status.DONE, (report.status, report.error)
    with report.pdf.open("rb") as handle:
        data = handle.read()
    return {
        "annual_pdf_s": round(seconds, 2),
        "annual_pdf_bytes": len(data),
        "annual_pdf_pages": _pages(data),
    }


def helper(runs: int, slowest: int) -> None:
    started = time.perf_counter()
    _django()
    demo_s = time.perf_counter() - started
    started = time.perf_counter()
    import reports_data  # the data builder next to this file; it needs Django set up

    from familienrathaus.core import tenancy

    # The demo's first alliance, Musterstadt (load_demo also makes a small Beispieldorf):
    # its data is built and measured, on the plain address the test client uses.
    musterstadt = tenancy.first()
    assert musterstadt is not None, "load_demo made no alliance"
    with tenancy.activate(musterstadt):
        figures: dict[str, Any] = reports_data.build_data()
        figures["demo_s"] = round(demo_s, 1)
        figures["setup_s"] = round(time.perf_counter() - started, 1)
        views, coordinator = measure_views(runs, slowest)
        figures |= views
        figures |= measure_annual(coordinator, datetime.now().year)
    print(json.dumps(figures))


# ------------------------------------------------------------------ driver


def bench_database(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-var-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "FRH_VAR_DIR": str(workdir),
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    try:
        output = subprocess.run(
            [PYTHON, __file__, "--helper", str(args.runs), str(args.slowest)],
            env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(
        f"[{name}] {figures['districts']} districts, {figures['offers']} offers, "
        f"{figures['events']} events, {figures['bookings']} bookings, "
        f"{figures['survey_answers']} survey answers, {figures['concerns']} concerns"
    )
    for key, value in figures.items():
        print(f"    {key:>26}: {value}")
    verdict = (
        figures["district_p95_ms"] <= BAR_VIEW_MS
        and figures["district_theme_p95_ms"] <= BAR_VIEW_MS
        and figures["dashboard_p95_ms"] <= BAR_VIEW_MS
        and figures["annual_pdf_s"] <= BAR_PDF_S
    )
    print(
        f"[{name}] bars (district report and dashboard p95 ≤ {BAR_VIEW_MS} ms, "
        f"annual PDF ≤ {BAR_PDF_S} s): {'met' if verdict else 'NOT met'}",
        flush=True,
    )
    return figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--helper":
        helper(int(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest queries")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    results: dict[str, Any] = {"bench": "reports"}
    for name, database in (("sqlite", partial(sqlite, "bench-reports")), ("postgresql", postgres)):
        if args.only and args.only != name:
            continue
        with database() as url:
            results[name] = bench_database(name, url, args)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
