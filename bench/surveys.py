"""Benchmark: the results of a large survey, its exports, and 300 families submitting at once.

For each database (a throwaway PostgreSQL server built like ``scripts/throwaway_postgres.py``
does, and a SQLite file) a helper process

1. migrates a fresh database and creates a survey with 30 questions of every kind and
   5,000 complete responses (about 240,000 answer rows, written with ``bulk_create``);
2. requests the coordinators' results page through the real view (Django's test client,
   the whole middleware stack) ``--runs`` times without and with a filter, after one
   warm-up request, and reports p50/p95; the reference is a bare view (the theme CSS,
   through the same stack): ``ratio_to_bare``;
3. downloads the CSV and the XLSX export through the real view and reports the seconds;
   the reference is reading the same answer rows with one raw SQL query;
4. lets 300 families submit a one-page survey at the same moment through the real
   family views: each family opens the survey first (its own session and resume link),
   then all 300 threads are released together by a barrier and POST the page with
   "finish", served by at most 16 at a time (like a server's workers; the others
   queue). A "please press again" answer (HTTP 429, the database was busy) is pressed
   again, as a family would, up to three times. It counts complete responses (``lost``
   = families without one) and ``errors`` (any other status or an exception); the
   reference is a raw insert loop of 300 single-row transactions.

It prints the figures per database; the last line is one JSON object
``{"sqlite": {"results_p95_ms", "results_p50_ms", "results_filtered_p95_ms", "export_s",
"export_csv_s", "export_xlsx_s", "rush_lost", "rush_errors", …}, "postgresql": {…}}``.
Bars: results p95 ≤ 300 ms, export ≤ 10 s, rush 0 lost and 0 errors, on both databases.

Usage::

    .venv/bin/python bench/surveys.py [--responses 5000] [--runs 30] [--families 300]
                                      [--only sqlite|postgresql]
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
import threading
import time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from throwaway_databases import postgres, sqlite

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BAR_RESULTS_MS = 300
BAR_EXPORT_S = 10
WORKERS = 16  # requests served at the same time in the rush (web workers × threads)


# ------------------------------------------------------------------ helper (in Django)


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    import first_alliance  # next to this file

    first_alliance.activate()  # the data is the first alliance's


KINDS = (
    ["single"] * 8 + ["multiple"] * 4 + ["scale"] * 5 + ["matrix"] * 3 + ["number"] * 3
    + ["date"] * 2 + ["text"] * 2 + ["ranking"] * 2 + ["district"]
)  # fmt: skip


def build_survey(responses: int) -> Any:
    """The 30-question survey with ``responses`` complete responses."""
    from datetime import date, timedelta

    from django.utils import timezone

    from familienrathaus.core.models import District
    from familienrathaus.surveys.models import (
        Answer,
        Channel,
        MatrixItem,
        Option,
        Question,
        Response,
        Section,
        Survey,
    )

    for position, name in enumerate(["Altstadt", "Nordviertel", "Südstadt", "Westfeld"]):
        District.objects.get_or_create(
            slug=name.lower().replace("ü", "ue"), defaults={"name": name, "position": position}
        )
    districts = list(District.objects.all())
    survey = Survey.objects.create(
        slug="bench-befragung",
        title_de="Bench-Befragung",
        status=Survey.Status.PUBLISHED,
        opens_at=timezone.now() - timedelta(days=40),
    )
    channels = [Channel.objects.create(survey=survey, name=f"Kanal {n}") for n in range(6)]
    questions = []
    for page in range(5):
        section = Section.objects.create(survey=survey, position=page, title_de=f"Teil {page}")
        for position, kind in enumerate(KINDS[page * 6 : page * 6 + 6]):
            n = page * 6 + position
            question = Question.objects.create(
                section=section, position=position, code=f"q{n + 1}", kind=kind,
                text_de=f"Frage {n + 1}?", allow_other=kind in ("single", "multiple"),
                dont_know=kind in ("scale", "matrix"),
            )  # fmt: skip
            if kind in ("single", "multiple", "ranking"):
                Option.objects.bulk_create(
                    Option(question=question, position=i, code=str(i + 1), label_de=f"Antwort {i}")
                    for i in range(5 if kind != "ranking" else 4)
                )
            if kind == "matrix":
                MatrixItem.objects.bulk_create(
                    MatrixItem(question=question, position=i, code=f"i{i}", label_de=f"Punkt {i}")
                    for i in range(4)
                )
            questions.append(question)
    questions = list(
        Question.objects.filter(survey=survey).prefetch_related("options", "items").order_by("pk")
    )
    rng = random.Random(5000)
    today = timezone.localdate()
    rows = [
        Response(
            survey=survey,
            channel=rng.choice(channels),
            status=Response.Status.COMPLETE,
            submitted_on=today - timedelta(days=rng.randint(0, 35)),
            district=rng.choice(districts),
        )
        for _n in range(responses)
    ]
    Response.objects.bulk_create(rows, batch_size=1000)
    answers: list[Any] = []

    def flush() -> None:
        Answer.objects.bulk_create(answers, batch_size=5000)
        answers.clear()

    for response in rows:
        for q in questions:
            options = list(q.options.all())
            if q.kind == "single":
                answers.append(Answer(response=response, question=q, option=rng.choice(options)))
            elif q.kind == "multiple":
                for option in rng.sample(options, k=rng.randint(1, 3)):
                    answers.append(Answer(response=response, question=q, option=option))
            elif q.kind == "scale":
                answers.append(
                    Answer(response=response, question=q, value_number=Decimal(rng.randint(1, 5)))
                )
            elif q.kind == "matrix":
                for item in q.items.all():
                    answers.append(
                        Answer(response=response, question=q, item=item,
                               value_number=Decimal(rng.randint(1, 5)))
                    )  # fmt: skip
            elif q.kind == "number":
                answers.append(
                    Answer(response=response, question=q, value_number=Decimal(rng.randint(0, 17)))
                )
            elif q.kind == "date":
                answers.append(
                    Answer(response=response, question=q,
                           value_date=date(2027, 1, 1) + timedelta(days=rng.randint(0, 300)))
                )  # fmt: skip
            elif q.kind == "text":
                if rng.random() < 0.4:
                    answers.append(
                        Answer(
                            response=response, question=q, value_text=f"Anmerkung {rng.random()}"
                        )
                    )
            elif q.kind == "ranking":
                rng.shuffle(options)
                answers += [
                    Answer(response=response, question=q, option=o, rank=i + 1)
                    for i, o in enumerate(options)
                ]
            else:
                answers.append(Answer(response=response, question=q, district=response.district))
        if len(answers) > 20000:
            flush()
    flush()
    return survey


def _timed(client: Any, url: str, runs: int) -> list[float]:
    client.get(url)  # warm-up
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def _p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


def measure_results(survey: Any, runs: int) -> dict[str, Any]:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from familienrathaus.core.models import User

    coordinator = User.objects.create(email="coordinator@bench.example", role="coordinator")
    TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # coordinators need one
    client = Client()
    client.force_login(coordinator)
    url = reverse("surveys:results", args=[survey.pk])
    first_started = time.perf_counter()
    assert client.get(url).status_code == 200
    first_ms = (time.perf_counter() - first_started) * 1000
    plain = _timed(client, url, runs)
    filtered = _timed(client, f"{url}?filter=q1:2", runs)
    bare = _timed(client, reverse("core:theme_css"), runs)
    started = time.perf_counter()
    csv = client.get(reverse("surveys:results-export", args=[survey.pk]) + "?format=csv")
    csv_s = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = client.get(reverse("surveys:results-export", args=[survey.pk]) + "?format=xlsx")
    xlsx_s = time.perf_counter() - started
    assert csv.status_code == 200 and xlsx.status_code == 200
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.* FROM surveys_answer a JOIN surveys_response r ON a.response_id = r.id "
            "WHERE r.survey_id = %s ORDER BY a.response_id, a.id",
            [survey.pk],
        )
        raw_rows = len(cursor.fetchall())
    raw_s = time.perf_counter() - started
    return {
        "results_first_ms": round(first_ms, 1),
        "results_p50_ms": round(statistics.median(plain), 1),
        "results_p95_ms": round(_p95(plain), 1),
        "results_filtered_p50_ms": round(statistics.median(filtered), 1),
        "results_filtered_p95_ms": round(_p95(filtered), 1),
        "bare_p50_ms": round(statistics.median(bare), 2),
        "ratio_to_bare": round(statistics.median(plain) / statistics.median(bare), 1),
        "export_csv_s": round(csv_s, 2),
        "export_xlsx_s": round(xlsx_s, 2),
        "export_s": round(max(csv_s, xlsx_s), 2),
        "export_csv_mb": round(len(csv.content) / 1e6, 1),
        "raw_read_s": round(raw_s, 2),
        "raw_rows": raw_rows,
        "export_ratio_to_raw_read": round(max(csv_s, xlsx_s) / raw_s, 1) if raw_s else None,
    }


def rush(families: int) -> dict[str, Any]:
    """``families`` submit a one-page survey at the same moment (see the docstring)."""
    import re
    from datetime import timedelta

    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from familienrathaus.surveys.models import Channel, Option, Question, Response, Section, Survey

    survey = Survey.objects.create(
        slug="bench-ansturm", title_de="Ansturm", status=Survey.Status.PUBLISHED,
        opens_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    Channel.objects.create(survey=survey, name="Direkt")
    section = Section.objects.create(survey=survey, position=0, title_de="Eine Seite")
    single = Question.objects.create(
        section=section, position=0, code="kinder", kind="single", text_de="Kinder?", required=True
    )
    Option.objects.bulk_create(
        Option(question=single, position=i, code=str(i + 1), label_de=f"A{i}") for i in range(3)
    )
    Question.objects.create(
        section=section, position=1, code="zufrieden", kind="scale", text_de="Zufrieden?"
    )
    start_url = survey.get_absolute_url()
    prepared = []
    for _n in range(families):
        client = Client()
        response = client.post(start_url, {})
        assert response.status_code == 302, response.status_code
        page = response["Location"]
        form = client.get(page).content.decode()
        key = re.search(r'name="submission_key" value="([^"]+)"', form)
        prepared.append((client, page, key.group(1) if key else ""))
    connection.close()
    barrier = threading.Barrier(families)
    # A server answers with a bounded number of workers (and database connections);
    # the other families wait in its queue, as they would behind gunicorn.
    slots = threading.BoundedSemaphore(WORKERS)
    statuses: list[int] = []
    errors: list[str] = []
    retries = [0]
    lock = threading.Lock()

    def family(client: Any, page: str, key: str) -> None:
        data = {"q-kinder": "2", "q-zufrieden": "4", "action": "finish", "submission_key": key}
        try:
            barrier.wait()
            for attempt in range(4):
                with slots:
                    try:
                        answer = client.post(page, data)
                    finally:
                        connection.close()
                if answer.status_code != 429:
                    break
                with lock:
                    retries[0] += 1
                time.sleep(0.2 * (attempt + 1))
            with lock:
                statuses.append(answer.status_code)
        except Exception as exc:  # counted, never hidden
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=family, args=item) for item in prepared]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    complete = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE).count()
    bad = [s for s in statuses if s != 302]
    # The yardstick: single-row insert transactions, one connection.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw (id integer PRIMARY KEY, value integer)")
    raw_started = time.perf_counter()
    for n in range(families):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_raw (id, value) VALUES (%s, %s)", [n, n])
    raw_s = time.perf_counter() - raw_started
    return {
        "rush_families": families,
        "rush_complete": complete,
        "rush_lost": families - complete,
        "rush_errors": len(errors) + len(bad),
        "rush_error_samples": (errors + [str(s) for s in bad])[:5],
        "rush_busy_retries": retries[0],
        "rush_s": round(seconds, 2),
        "rush_per_s": round(families / seconds, 1),
        "raw_insert_s": round(raw_s, 3),
        "rush_ratio_to_raw": round(seconds / raw_s, 1) if raw_s else None,
    }


def helper(responses: int, runs: int, families: int) -> None:
    _django()
    started = time.perf_counter()
    survey = build_survey(responses)
    from familienrathaus.surveys.models import Answer

    figures: dict[str, Any] = {
        "responses": responses,
        "answer_rows": Answer.objects.filter(response__survey=survey).count(),
        "setup_s": round(time.perf_counter() - started, 1),
    }
    figures |= measure_results(survey, runs)
    figures |= rush(families)
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
            [PYTHON, __file__, "--helper", str(args.responses), str(args.runs), str(args.families)],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(f"[{name}] {figures['responses']} responses, {figures['answer_rows']} answer rows")
    for key, value in figures.items():
        print(f"    {key:>26}: {value}")
    verdict = (
        figures["results_p95_ms"] <= BAR_RESULTS_MS
        and figures["export_s"] <= BAR_EXPORT_S
        and figures["rush_lost"] == 0
        and figures["rush_errors"] == 0
    )
    print(f"[{name}] bars (results p95 ≤ {BAR_RESULTS_MS} ms, export ≤ {BAR_EXPORT_S} s, "
          f"rush 0 lost / 0 errors): {'met' if verdict else 'NOT met'}")  # fmt: skip
    return figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--helper":
        helper(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--families", type=int, default=300)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for name, database in (("sqlite", partial(sqlite, "bench-surveys")), ("postgresql", postgres)):
        if args.only and args.only != name:
            continue
        with database() as url:
            results[name] = bench_database(name, url, args)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
