"""Benchmark: how heavy and how fast the ten main public pages are on a phone.

The benchmark

1. installs the demo in production mode in a fresh temporary directory, as
   ``tests/test_production.py`` does, with the machinery both share,
   ``scripts/production_site.py`` (its environment, ``DJANGO_ENV=production``, a fresh
   SQLite file from ``bench/throwaway_databases.py``), with README's steps ``migrate``,
   ``createcachetable``, ``collectstatic``, ``compilemessages`` and then ``load_demo``;
   the front end must have been built before (``make setup``);
2. serves it with gunicorn on 127.0.0.1 (two workers, WhiteNoise serving the static files
   it compressed at ``collectstatic``, no proxy in front, so no TLS redirect; the uploads
   under ``/media/``, which nginx sends in production, through WhiteNoise as well:
   ``bench/page_weight_wsgi.py``);
3. runs Lighthouse (npm ``lighthouse`` 12.8.2 from ``node_modules`` through ``npx``, on
   Debian's ``/usr/bin/chromium`` headless) in its default, mobile setting (a mid-range
   phone's screen, simulated slow 4G and a 4× slower CPU) over the ten pages: start,
   Familienwegweiser with a search, an offer, calendar, an event, Ferienspaß, an activity,
   map, Infobrief and a news post, each in a fresh profile as a new visitor, in German;
   three runs each (round robin, so a busy minute does not hit one page only);
4. prints per page the median performance, accessibility, best-practices and SEO scores,
   the bytes transferred on the first load (compressed as sent, every request of the load,
   Lighthouse's ``total-byte-weight``; 1 KiB = 1024 bytes), the largest contentful paint,
   and the ratio to the bars; with ``--details`` also what weighs most on each page (the
   largest transfers, render-blocking resources, failing audits, opportunities) from the
   run with the median performance. The last line is one JSON object with all of it.

Bars: first load ≤ 150 KiB, performance ≥ 95, accessibility 100 on every page.

Lighthouse's scores depend on the machine's CPU: on a busy machine they are noisy; compare
runs made on the same quiet machine.

Usage::

    .venv/bin/python bench/page_weight.py [--runs 3] [--details] [--keep DIR]
        [--project DIR]   # another checkout (e.g. a git worktree of an older commit)
    .venv/bin/python bench/page_weight.py --from DIR [--details]   # the kept reports again
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(1, str(ROOT))

from lighthouse_report import CATEGORIES, describe, figures, leftovers  # noqa: E402
from throwaway_databases import sqlite  # noqa: E402

from scripts.production_site import (  # noqa: E402
    HOST,
    README_STEPS,
    Links,
    free_port,
    production_environment,
    start_gunicorn,
    stop,
)

LIGHTHOUSE_VERSION = "12.8.2"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
COMMAND_SECONDS = 900
LIGHTHOUSE_SECONDS = 300
ATTEMPTS = 3
MAX_BYTES = 150 * 1024
MIN_PERFORMANCE = 95
MIN_ACCESSIBILITY = 100
SEARCH = "/angebote/?q=kita"

# (name, a fixed path) or (name, the list pages to look on, the pattern of a link there).
PAGES: list[tuple[str, str | tuple[tuple[str, ...], str]]] = [
    ("start", "/"),
    ("Familienwegweiser search", SEARCH),
    ("an offer", ((SEARCH, "/angebote/"), r"^/angebote/[-\w]+/$")),
    ("calendar", "/veranstaltungen/"),
    (
        "an event",
        (
            ("/veranstaltungen/",),
            r"^/veranstaltungen/(?!(monat|tag|ical|rss|atom|abmelden)/)[-\w]+/(termin/\d+/)?$",
        ),
    ),
    ("Ferienspaß", "/ferienspass/"),
    ("an activity", (("/ferienspass/", "@period"), r"^/ferienspass/aktivitaet/[-\w]+/$")),
    ("map", "/karte/"),
    ("Infobrief", "/infobrief/"),
    ("a news post", (("/aktuelles/",), r"^/aktuelles/(?!feed/)[-\w]+/$")),
]
# A holiday period's page, where the activities are listed when the index shows none.
PERIOD = r"^/ferienspass/(?!(familie|meine-buchungen|buchen|aktivitaet|kalender)/)[-\w]+/$"


# --------------------------------------------------------------------------- the site


def run(project: Path, env: dict[str, str], *command: str) -> str:
    result = subprocess.run(
        command,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def check_project(project: Path, env: dict[str, str]) -> None:
    """The project's own code runs, not the editable install's, and its front end is built."""
    where = run(
        project,
        env,
        sys.executable,
        "-c",
        "import config, familienrathaus; print(config.__file__); print(familienrathaus.__file__)",
    )
    for line in where.split():
        if not Path(line).resolve().is_relative_to(project):
            raise SystemExit(f"{project} would run code from {line}")
    if not (project / "build" / "frontend").is_dir():
        raise SystemExit(f"{project}/build/frontend is missing: run `make setup` there first")


def install(project: Path, env: dict[str, str]) -> None:
    manage = (sys.executable, "manage.py")
    for step in (*README_STEPS, ("load_demo",)):
        started = time.monotonic()
        run(project, env, *manage, *step)
        print(f"# {step[0]}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)


def fetch(port: int, path: str) -> tuple[str, int, str]:
    """GET a page as a German visitor, following redirects: (final path, status, body)."""
    for _hop in range(5):
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            connection.request("GET", path, headers={"Accept-Language": "de"})
            response = connection.getresponse()
            body = response.read().decode("utf-8", errors="replace")
            location = response.getheader("Location")
        finally:
            connection.close()
        if response.status not in {301, 302, 303, 307, 308} or not location:
            return path, response.status, body
        path = local_path(port, path, location) or path
    raise SystemExit(f"{path}: too many redirects")


def local_path(port: int, base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(f"http://{HOST}:{port}{base}", href))
    if parts.netloc != f"{HOST}:{port}":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links(port: int, path: str) -> list[str]:
    final, status, body = fetch(port, path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    parser = Links()
    parser.feed(body)
    return [p for href in parser.pages if (p := local_path(port, final, href))]


def find_pages(port: int) -> list[tuple[str, str]]:
    """The ten paths: fixed ones, and the first matching link on the list pages."""
    pages = []
    for name, where in PAGES:
        if isinstance(where, str):
            pages.append((name, where))
            continue
        sources, pattern = where
        found = None
        for source in sources:
            candidates = (
                [p for p in links(port, "/ferienspass/") if re.match(PERIOD, p)]
                if source == "@period"
                else [source]
            )
            for candidate in candidates:
                found = next((p for p in links(port, candidate) if re.match(pattern, p)), None)
                if found:
                    break
            if found:
                break
        if found is None:
            raise SystemExit(f"no link for {name!r} ({pattern}) on {sources}")
        pages.append((name, found))
    print(f"# pages: {' '.join(path for _name, path in pages)}", file=sys.stderr, flush=True)
    return pages


# --------------------------------------------------------------------------- Lighthouse


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    if not package.exists():
        raise SystemExit("node_modules/lighthouse is missing: run `make setup`")
    version = str(json.loads(package.read_text())["version"])
    if version != LIGHTHOUSE_VERSION:
        raise SystemExit(f"lighthouse {version} installed, the bench needs {LIGHTHOUSE_VERSION}")
    return version


def lighthouse(url: str, output: Path) -> dict[str, Any]:
    """One Lighthouse run; a run that fails (it sometimes loses the trace on a busy
    machine: NO_NAVSTART, NO_FCP) is repeated, up to ATTEMPTS times."""
    command = [
        "npx",
        "--no-install",
        "lighthouse",
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        '--extra-headers={"Accept-Language": "de-DE,de;q=0.9"}',
    ]
    problem = ""
    for attempt in range(1, ATTEMPTS + 1):
        output.unlink(missing_ok=True)
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=LIGHTHOUSE_SECONDS,
            check=False,
        )
        if result.returncode == 0 and output.exists():
            report: dict[str, Any] = json.loads(output.read_text())
            if not report.get("runtimeError"):
                return report
            problem = str(report["runtimeError"])
        else:
            problem = (result.stdout + result.stderr).strip()[-2000:]
        print(f"# lighthouse {url}, attempt {attempt}: {problem}", file=sys.stderr, flush=True)
    raise SystemExit(f"lighthouse {url} failed {ATTEMPTS} times:\n{problem}")


# --------------------------------------------------------------------------- figures


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def verdict(median: dict[str, float]) -> dict[str, Any]:
    ratios = {
        "bytes": round(median["bytes"] / MAX_BYTES, 2),
        "performance": round(median["performance"] / MIN_PERFORMANCE, 2),
        "accessibility": round(median["accessibility"] / MIN_ACCESSIBILITY, 2),
    }
    passed = (
        median["bytes"] <= MAX_BYTES
        and median["performance"] >= MIN_PERFORMANCE
        and median["accessibility"] >= MIN_ACCESSIBILITY
    )
    return {"ratios": ratios, "passed": passed}


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| page | path | perf | a11y | best pr. | SEO | first load | LCP | "
        "load/150 KiB | perf/95 | a11y/100 | bars |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        m, ratios = row["median"], row["ratios"]
        lines.append(
            f"| {row['page']} | `{row['path']}` | {m['performance']:.0f} | "
            f"{m['accessibility']:.0f} | {m['best-practices']:.0f} | {m['seo']:.0f} | "
            f"{m['bytes'] / 1024:.0f} KiB | {m['lcp_ms'] / 1000:.1f} s | "
            f"{ratios['bytes']:.2f} | {ratios['performance']:.2f} | "
            f"{ratios['accessibility']:.2f} | {'pass' if row['passed'] else 'FAIL'} |"
        )
    return lines


def commit_of(project: Path) -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def measure(project: Path, runs: int, keep: Path) -> None:
    """Install and serve the demo, run Lighthouse; the reports and ``pages.json`` go to keep."""
    version = lighthouse_version()
    with (
        tempfile.TemporaryDirectory(prefix="frh-page-weight-") as tmp,
        sqlite("page-weight") as url,
    ):
        site_dir = Path(tmp)
        port = free_port()
        env = production_environment(site_dir, url, port)
        env |= {
            "SITE_URL": f"http://{HOST}:{port}",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        check_project(project, env)
        install(project, env)
        # The uploads too, as nginx would send them (bench/page_weight_wsgi.py).
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
        gunicorn = start_gunicorn(env, port, site_dir / "gunicorn.log", project, "page_weight_wsgi")
        try:
            pages = find_pages(port)
            run_list = {
                "project": str(project),
                "commit": commit_of(project),
                "lighthouse": version,
                "runs": runs,
                "origin": f"http://{HOST}:{port}",
                "pages": pages,
            }
            (keep / "pages.json").write_text(json.dumps(run_list, ensure_ascii=False))
            # Warm both workers (imports, caches), so the first run is not the slow one.
            for _name, path in pages * 2:
                _final, status, _body = fetch(port, path)
                if status != 200:
                    log = (site_dir / "gunicorn.log").read_text(errors="replace")[-4000:]
                    raise SystemExit(f"{path} answered {status}:\n{log}")
            for number in range(1, runs + 1):
                for index, (name, path) in enumerate(pages):
                    lighthouse(f"http://{HOST}:{port}{path}", keep / report_name(index, number))
                    print(f"# run {number} {name}: done", file=sys.stderr, flush=True)
        finally:
            stop(gunicorn)


def report_name(index: int, number: int) -> str:
    return f"{index:02d}-run{number}.json"


def summarise(keep: Path, details: bool) -> dict[str, Any]:
    """The table (and with details what is left per page) from the reports in keep."""
    run_list = json.loads((keep / "pages.json").read_text())
    origin, runs = run_list["origin"], run_list["runs"]
    rows = []
    for index, (name, path) in enumerate(run_list["pages"]):
        reports = [
            json.loads((keep / report_name(index, number)).read_text())
            for number in range(1, runs + 1)
        ]
        measured = [figures(report) for report in reports]
        median = median_of(measured)
        by_performance = sorted(range(len(measured)), key=lambda i: (measured[i]["performance"], i))
        middle = reports[by_performance[len(measured) // 2]]
        rows.append(
            {"page": name, "path": path, "median": median, "runs": measured}
            | verdict(median)
            | {"left": leftovers(middle)}
        )
    print(
        f"Lighthouse {run_list['lighthouse']}, mobile, {runs} runs per page, "
        f"project {run_list['project']} at {run_list['commit']}"
    )
    print("\n".join(table(rows)))
    if details:
        for row in rows:
            print(f"\n{row['page']} ({row['path']}):")
            print("\n".join(describe(row["left"], origin)))
    return {
        "bench": "page_weight",
        "project": run_list["project"],
        "commit": run_list["commit"],
        "lighthouse": run_list["lighthouse"],
        "runs": runs,
        "bars": {
            "max_bytes": MAX_BYTES,
            "min_performance": MIN_PERFORMANCE,
            "min_accessibility": MIN_ACCESSIBILITY,
        },
        "passed": all(row["passed"] for row in rows),
        "pages": [
            {key: row[key] for key in ("page", "path", "median", "ratios", "passed", "runs")}
            | {"left": row["left"]}
            for row in rows
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports here")
    parser.add_argument(
        "--from", dest="source", type=Path, help="no measuring: summarise the reports kept here"
    )
    parser.add_argument("--details", action="store_true", help="what weighs most, per page")
    args = parser.parse_args()
    if args.source:
        summary = summarise(args.source, args.details)
    elif args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args.project.resolve(), args.runs, args.keep.resolve())
        summary = summarise(args.keep.resolve(), args.details)
    else:
        with tempfile.TemporaryDirectory(prefix="frh-lighthouse-") as keep:
            measure(args.project.resolve(), args.runs, Path(keep))
            summary = summarise(Path(keep), args.details)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
