"""Benchmark: one Familien-Infobrief to 10,000 subscribers, exactly once, even when the
worker is killed.

What it does
------------
1. Creates a throwaway SQLite database in a temporary directory (migrated from scratch)
   with N confirmed subscribers (default 10,000).
2. Starts an SMTP sink (aiosmtpd) on loopback in a *separate process*; it appends one
   line per accepted recipient ("run-tag<TAB>address") to a file. It does not
   de-duplicate anything (no Message-ID tricks): every copy that arrives is counted.
3. **normal**: schedules an edition and starts the real worker (``manage.py worker``,
   a separate process, same as production) pointed at the sink; waits until the
   edition is "sent"; counts what the sink received.
4. **killed**: a second edition; the worker is SIGKILLed when about half of the mails
   are sent, and a new worker is started; waits until the edition is "sent". A mail
   the killed worker was handing over is left "uncertain" by design (core.outbox): it
   may or may not have arrived, and the coordinator sees it on the edition's page.
5. **bare**: a plain ``smtplib`` loop (one connection per message) sends the same mail
   to the same sink, for the ratio. The worker sends in batches over one connection
   each (core.outbox.deliver_batch). The ratio compares sending with sending: the
   normal run's rate between the first and the last mail arriving at the sink, against
   the bare loop's. The end-to-end rate (from scheduling until the edition is "sent",
   with the worker's start and the queueing of 10,000 personalised mails) is printed
   too, as ``ratio_end_to_end``. The sink's clock is the machine's, so both rates are
   measured the same way. The machine's load average is in the JSON line: on a busy
   machine the worker and the sink compete for the cores and the ratio drops.

For each run it prints messages per second, delivered (distinct recipients that got
the edition), duplicates (copies beyond the first) and missing (subscribers that got
nothing); for the killed run also uncertain (messages left "uncertain") and
missing_not_uncertain (missing recipients whose message is NOT uncertain: lost
silently). The last line is one JSON object::

    {"normal": {"delivered", "duplicates", "missing", "per_s", "sending_per_s"},
     "killed": {"delivered", "duplicates", "missing", "uncertain",
                "missing_not_uncertain", "workers_killed", "per_s"},
     "ratio_to_bare", "ratio_end_to_end", "load_average"}

Bar: normal: delivered = N, duplicates = 0, missing = 0. killed: duplicates = 0,
missing_not_uncertain = 0 (every missing mail is counted as uncertain), uncertain <=
workers_killed (and at most 4). ratio_to_bare >= 0.8.

Usage::

    .venv/bin/python bench/newsletter_send.py [--subscribers 10000] [--workers 1] [--keep]

It takes a few minutes for 10,000 subscribers; ``--subscribers 2000 --bare 1000`` is a
quicker run of the same shape.

The benchmark's settings module (written to the temporary directory) shortens the
outbox's claim lease to 15 s and the supervising tick to 1 s, so a message held by the
killed worker is recovered within seconds instead of the production 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SINK = r"""
import asyncio, sys, time
from aiosmtpd.controller import Controller

out = open(sys.argv[2], "a", buffering=1)

class Handler:
    async def handle_DATA(self, server, session, envelope):
        tag = "?"
        for line in envelope.content.split(b"\r\n"):
            if not line:
                break
            if line.lower().startswith(b"subject:"):
                tag = line.split(b":", 1)[1].strip().decode("ascii", "replace")
                break
        for rcpt in envelope.rcpt_tos:
            out.write(f"{tag}\t{rcpt}\t{time.time():.4f}\n")
        return "250 OK"

controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]), ready_timeout=10)
controller.start()
print("ready", flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def received(path: Path, tag: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    if path.exists():
        for line in path.read_text().splitlines():
            run, address, _at = line.split("\t")
            if run == tag:
                counts[address] += 1
    return counts


def sending_rate(path: Path, tag: str) -> float:
    """Messages per second between the first and the last arrival at the sink: the
    sending itself, without the worker's start and the queueing of the edition."""
    times = [
        float(at)
        for run, _address, at in (line.split("\t") for line in path.read_text().splitlines())
        if run == tag
    ]
    span = max(times) - min(times) if len(times) > 1 else 0.0
    return round((len(times) - 1) / span, 1) if span else 0.0


def figures(counts: Counter[str], expected: set[str], seconds: float) -> dict[str, Any]:
    delivered = len(set(counts) & expected)
    return {
        "delivered": delivered,
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "missing": len(expected - set(counts)),
        "per_s": round(sum(counts.values()) / seconds, 1) if seconds else 0.0,
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--bare", type=int, default=2000, help="messages of the bare loop")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="frh-bench-newsletter-"))
    port = free_port()
    (workdir / "frh_bench_settings.py").write_text(
        "from datetime import timedelta\n"
        "from config.settings import *  # noqa: F403\n"
        "OUTBOX_CLAIM_LEASE = timedelta(seconds=15)\n"
        "NEWSLETTER_TICK_SECONDS = 1\n"
        "LOGGING = {'version': 1, 'disable_existing_loggers': False,"
        " 'root': {'handlers': [], 'level': 'ERROR'}}\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "FRH_VAR_DIR": str(workdir),
        "FRH_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "frh_bench_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
        "EMAIL_TIMEOUT": "5",
        "DJANGO_ENV": "development",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    sys.path[:0] = [str(workdir), str(ROOT)]
    sink_log = workdir / "sink.log"
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port), str(sink_log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    workers: list[subprocess.Popen[bytes]] = []

    def start_worker() -> subprocess.Popen[bytes]:
        log = (workdir / f"worker-{len(workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval=0.1"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(process)
        return process

    def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    try:
        import django

        django.setup()
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        import first_alliance  # next to this file

        first_alliance.activate()  # the data is the first alliance's
        from django.utils import timezone

        from familienrathaus.core import tenancy
        from familienrathaus.core.models import Alliance, OutboxMessage, User
        from familienrathaus.core.models.users import Role
        from familienrathaus.newsletter import services
        from familienrathaus.newsletter.models import Edition, Subscriber

        # The alliance's sending rate (core.mail_rate) would spread 10,000 mails over
        # hours: this measures how fast the worker sends, so no rate.
        Alliance.objects.filter(pk=tenancy.require().pk).update(mails_per_hour=0)
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"familie{number:05d}@bench.example",
                    language="de" if number % 5 else "en",
                    status=Subscriber.Status.ACTIVE,
                    consent_requested_at=now,
                    consent_version="bench",
                    confirmed_at=now,
                )
                for number in range(args.subscribers)
            ],
            batch_size=1000,
        )
        expected = set(Subscriber.objects.values_list("email", flat=True))
        coordinator = User.objects.create_user(
            email="bench@bench.example", password=None, role=Role.COORDINATOR
        )
        print(f"setup: {args.subscribers} subscribers in {time.monotonic() - started:.1f} s")

        def edition(tag: str) -> Edition:
            return services.save_edition(
                actor=coordinator,
                edition=None,
                values={
                    "subject": tag,
                    "intro": "Liebe Familien,\n\nhier ist der **Familien-Infobrief**.",
                    "rate_per_minute": 0,
                },
            )

        def sent_count(item: Edition) -> int:
            return OutboxMessage.objects.filter(
                purpose=services.PURPOSE_EDITION,
                status=OutboxMessage.Status.SENT,
                pk__in=item.deliveries.values("message_id"),
            ).count()

        def wait_sent(item: Edition, limit: float = 1800) -> None:
            deadline = time.monotonic() + limit
            while time.monotonic() < deadline:
                item.refresh_from_db()
                if item.status == Edition.Status.SENT:
                    return
                time.sleep(0.5)
            raise SystemExit(f"edition {item.subject} not sent after {limit} s")

        # ---------------------------------------------------------------- normal
        normal = edition("bench-normal")
        start = time.monotonic()
        services.schedule(actor=coordinator, edition=normal, at=None)
        for _ in range(args.workers):
            start_worker()
        wait_sent(normal)
        seconds = time.monotonic() - start
        for process in workers:
            stop(process)
        time.sleep(0.5)
        result_normal = figures(received(sink_log, "bench-normal"), expected, seconds)
        result_normal["sending_per_s"] = sending_rate(sink_log, "bench-normal")
        print(
            f"normal: {result_normal['per_s']} messages/s, delivered {result_normal['delivered']},"
            f" duplicates {result_normal['duplicates']}, missing {result_normal['missing']}"
            f" ({seconds:.1f} s from scheduling to 'sent', worker start and queueing included);"
            f" sending itself (first to last arrival): {result_normal['sending_per_s']} messages/s"
        )

        # ---------------------------------------------------------------- killed
        killed = edition("bench-killed")
        start = time.monotonic()
        services.schedule(actor=coordinator, edition=killed, at=None)
        first = [start_worker() for _ in range(args.workers)]
        half = args.subscribers // 2
        while sent_count(killed) < half:
            time.sleep(0.05)
        for process in first:
            stop(process, signal.SIGKILL)
        at_kill = sent_count(killed)
        in_flight = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENDING, pk__in=killed.deliveries.values("message_id")
        ).values_list("transmitting", flat=True)
        print(
            f"killed: SIGKILL after {at_kill} sent; left in 'sending': {len(in_flight)}"
            f" (transmitting: {sum(in_flight)})"
        )
        for _ in range(args.workers):
            start_worker()
        wait_sent(killed)
        seconds = time.monotonic() - start
        for process in workers:
            stop(process)
        time.sleep(0.5)
        killed_messages = OutboxMessage.objects.filter(
            pk__in=killed.deliveries.values("message_id")
        )
        statuses = Counter(killed_messages.values_list("status", flat=True))
        uncertain_to = {
            address
            for to in killed_messages.filter(status=OutboxMessage.Status.UNCERTAIN).values_list(
                "to", flat=True
            )
            for address in to
        }
        counts_killed = received(sink_log, "bench-killed")
        result_killed = figures(counts_killed, expected, seconds)
        result_killed["uncertain"] = len(uncertain_to)
        result_killed["missing_not_uncertain"] = len(expected - set(counts_killed) - uncertain_to)
        result_killed["workers_killed"] = len(first)
        print(
            f"killed: {result_killed['per_s']} messages/s, delivered {result_killed['delivered']},"
            f" duplicates {result_killed['duplicates']}, missing {result_killed['missing']},"
            f" uncertain {result_killed['uncertain']} (missing but not uncertain:"
            f" {result_killed['missing_not_uncertain']}; workers killed: {len(first)})"
            f" ({seconds:.1f} s incl. the 15 s lease); outbox: {dict(statuses)}"
        )

        # ---------------------------------------------------------------- bare
        from familienrathaus.core.outbox import _as_email

        sample = OutboxMessage.objects.filter(purpose=services.PURPOSE_EDITION).first()
        assert sample is not None
        email = _as_email(sample)
        email.subject = "bench-bare"
        start = time.monotonic()
        for number in range(args.bare):
            email.to = [f"bare{number:05d}@bench.example"]
            payload = email.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
                smtp.sendmail(email.from_email, email.to, payload)
        bare_seconds = time.monotonic() - start
        bare_per_s = args.bare / bare_seconds
        print(f"bare smtplib loop: {bare_per_s:.1f} messages/s ({args.bare} messages)")
        ratio = round(result_normal["sending_per_s"] / bare_per_s, 3) if bare_per_s else 0.0
        ratio_end_to_end = round(result_normal["per_s"] / bare_per_s, 3) if bare_per_s else 0.0
        print(f"ratio to bare: {ratio} (sending); {ratio_end_to_end} (end to end)")
        summary = {
            "normal": {
                k: result_normal[k]
                for k in ("delivered", "duplicates", "missing", "per_s", "sending_per_s")
            },
            "killed": {
                k: result_killed[k]
                for k in (
                    "delivered",
                    "duplicates",
                    "missing",
                    "uncertain",
                    "missing_not_uncertain",
                    "workers_killed",
                    "per_s",
                )
            },
            "ratio_to_bare": ratio,
            "ratio_end_to_end": ratio_end_to_end,
            "load_average": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(summary))
    finally:
        for process in workers:
            if process.poll() is None:
                process.kill()
                process.wait()
        if sink.stdin:
            sink.stdin.close()
        try:
            sink.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sink.kill()
        if args.keep:
            print(f"kept: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
