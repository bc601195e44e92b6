"""Fixtures shared by the whole test suite.

* The test database: on SQLite a file (not the in-memory default), so that a worker
  started as a separate process can open the same database; the database cache
  table ``frh_cache`` is created after the migrations.
* Users per role and a logged-in test client for each. Clients read the English
  pages (``/en/…``, ``tests/language_client.py``), so tests may assert English
  messages and keep passing whatever the German translations say.
* ``smtp_server``: a real SMTP server (aiosmtpd) on loopback that records what
  it receives; Django sends to it.
* ``immediate_tasks`` runs tasks inside the request that enqueues them;
  ``run_worker`` runs ``manage.py worker --batch`` in this process;
  ``worker_process`` starts it as a separate process against the test database.
"""

from __future__ import annotations

import asyncio
import contextvars
import importlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.factories import TOTP_SECRET, OrganisationFactory, UserFactory
from tests.language_client import LanguageClient

BASE_DIR = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 30


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, put the test database in a file another process can open."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = str(tmp_path_factory.mktemp("database") / "test-db.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The migrated test database plus the table of the database cache."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, _media_root: Path) -> None:
    # A fast hasher: the default one takes a noticeable fraction of a second per user.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.MEDIA_ROOT = str(_media_root)
    settings.PRIVATE_MEDIA_ROOT = str(_media_root.parent / "private")


@pytest.fixture(autouse=True)
def _alliance(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every database test runs inside the install's first alliance (core.tenancy), with
    the themes, audiences and languages the core migration seeds.

    A transactional test empties the database when it ends, the first alliance and the
    seeded rows included, so the tests after it would otherwise find neither.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    from familienrathaus.core import tenancy
    from familienrathaus.core.models import Theme

    tenancy.forget_hosts()  # the web process's memory of hosts, from an earlier test
    alliance = tenancy.first() or tenancy.Alliance.objects.create(
        slug="buendnis", name="Lokales Bündnis für Familie"
    )
    # Threads a test starts (two families booking at once, two workers) stand for
    # requests and workers of this alliance: they start in the test's context, as every
    # thread does from Python 3.14 on (sys.flags.thread_inherit_context).
    request.getfixturevalue("monkeypatch").setattr(threading.Thread, "start", _start_in_context)
    # A web process knows its hosts after its first page: a test's query counts are
    # those of every later page.
    tenancy.for_host("testserver")
    with tenancy.activate(alliance):
        if not Theme.objects.exists():
            seeding = importlib.import_module(
                "familienrathaus.core.migrations.0003_seed_vocabularies"
            )
            seeding.seed(apps, None)
        yield


_thread_start = threading.Thread.start


def _start_in_context(thread: threading.Thread) -> None:
    context = contextvars.copy_context()
    run = thread.run
    thread.run = lambda: context.run(run)  # type: ignore[method-assign]
    _thread_start(thread)


def database_url() -> str:
    """A DATABASE_URL for another process that points at the *test* database."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("the SQLite test database is in memory; no other process can open it")
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        credentials = ""
        if config.get("USER"):
            credentials = quote(config["USER"], safe="")
            if config.get("PASSWORD"):
                credentials += ":" + quote(config["PASSWORD"], safe="")
            credentials += "@"
        host = config.get("HOST") or "localhost"
        port = f":{config['PORT']}" if config.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(config['NAME'], safe='')}"
    pytest.skip(f"no DATABASE_URL for {connection.vendor}")


@pytest.fixture(autouse=True)
def _german_to_begin_with() -> Iterator[None]:
    """Every test starts in German, as when it runs alone: a request leaves its language
    active (Django's test client), and since pages carry their language in the address,
    a language left over from another test would give ``reverse()`` its prefix."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --------------------------------------------------------------------------- users


@pytest.fixture
def family_user(db: None) -> User:
    return UserFactory(role=Role.FAMILY, email="familie@example.org")


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Kita Regenbogen", slug="kita-regenbogen")


@pytest.fixture
def partner_user(db: None, organisation: Organisation) -> User:
    user = UserFactory(role=Role.PARTNER, email="partner@example.org")
    add_member(actor=None, organisation=organisation, user=user)
    return user


@pytest.fixture
def coordinator(db: None) -> User:
    user = UserFactory(role=Role.COORDINATOR, email="koordination@example.org")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def coordinator_without_totp(db: None) -> User:
    return UserFactory(role=Role.COORDINATOR, email="neu-im-buero@example.org")


def english_client(user: User | None = None) -> Client:
    client = LanguageClient("en")
    if user is not None:
        client.force_login(user)
    return client


def holiday_dashboard(client: Client, period: Any) -> str:
    """The holiday programme's back-office dashboard of ``period``, as HTML."""
    return client.get(f"/verwaltung/ferienspass/?period={period.slug}").content.decode()


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """``client_for(user)``: a test client logged in as user (None: anonymous)."""
    return english_client


@pytest.fixture
def second_alliance(db: None) -> Any:
    """A second alliance, Beispieldorf, on ``beispieldorf.localhost`` (core.tenancy), with
    what a new alliance starts with. Create its rows inside ``tenancy.activate(it)``."""
    from familienrathaus.core import tenancy

    return tenancy.create(slug="beispieldorf", name="Lokales Bündnis für Familie Beispieldorf")


def coordinator_with_totp(email: str) -> User:
    """A coordinator of the active alliance, with the test second factor."""
    user = UserFactory(role=Role.COORDINATOR, email=email)
    TOTP.activate(user, TOTP_SECRET)
    return user


def alliance_client(alliance: Any, user: User | None = None, language: str = "en") -> Client:
    """A test client on ``alliance``'s host (its subdomain of FRH_BASE_DOMAIN), logged in
    there as ``user`` (a member of that alliance) or anonymous."""
    client = LanguageClient(language, HTTP_HOST=f"{alliance.slug}.{settings.FRH_BASE_DOMAIN}")
    if user is not None:
        from familienrathaus.core import tenancy

        with tenancy.activate(alliance):  # a session is the alliance's it was made in
            client.force_login(user)
    return client


@pytest.fixture
def latest_migrations_afterwards(transactional_db: None) -> Iterator[None]:
    """For a test that migrates back to an older state: the database is fully migrated
    again for the next tests."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def fresh_cache() -> None:
    """An empty cache: no rate limit or cached page left over from another test."""
    cache.clear()


@pytest.fixture
def anon_client() -> Client:
    return english_client()


@pytest.fixture
def family_client(family_user: User) -> Client:
    return english_client(family_user)


@pytest.fixture
def partner_client(partner_user: User) -> Client:
    return english_client(partner_user)


@pytest.fixture
def coordinator_client(coordinator: User) -> Client:
    return english_client(coordinator)


# --------------------------------------------------------------------------- SMTP


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    recipients: list[str]
    message_id: str
    subject: str
    body: str


class RecordingHandler:
    """An aiosmtpd handler that records every message it accepts.

    ``refuse_recipients`` is the answer to every recipient while set, e.g.
    "451 4.3.0 Try again later" (temporary) or "550 5.1.1 Mailbox unavailable". After
    ``hold_replies()`` it records a message and then holds back its reply to the
    DATA command until ``release()``, like a server that stalls right after it
    has received the message.
    """

    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []
        self.refuse_recipients = ""
        self._holding = False
        self._release = threading.Event()
        self._lock = threading.Lock()

    def hold_replies(self) -> None:
        self._release.clear()
        self._holding = True

    def release(self) -> None:
        self._holding = False
        self._release.set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        body = message.get_body(preferencelist=("plain",))
        with self._lock:
            self.received.append(
                ReceivedMail(
                    mail_from=envelope.mail_from,
                    recipients=list(envelope.rcpt_tos),
                    message_id=str(message["Message-ID"] or "").strip(),
                    subject=str(message["Subject"] or ""),
                    body=body.get_content() if body is not None else "",
                )
            )
        deadline = time.monotonic() + WAIT_SECONDS
        while self._holding and not self._release.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class SmtpServer:
    host = "127.0.0.1"

    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self._controller = Controller(
            self.handler, hostname=self.host, port=self.port, ready_timeout=10
        )
        self.running = False

    def start(self) -> None:
        self._controller.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.handler.release()
            self._controller.stop()
            self.running = False

    @property
    def received(self) -> list[ReceivedMail]:
        with self.handler._lock:
            return list(self.handler.received)

    def with_message_id(self, message_id: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if mail.message_id == message_id]

    def wait_for(self, count: int, timeout: float = WAIT_SECONDS) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} mail(s), received {len(self.received)}")
            time.sleep(0.02)
        return self.received


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1; Django's mail goes to it while the test runs."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- worker


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Run tasks the moment they are enqueued, inside the request that enqueues them."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail"],
        }
    }


@pytest.fixture
def run_worker() -> Callable[[], str]:
    """Run ``manage.py worker --batch`` in this process; needs ``transaction=True``.

    The worker closes and reopens database connections between tasks, which the
    transaction of an ordinary test would not survive.
    """

    def run() -> str:
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        handlers = {number: signal.getsignal(number) for number in signals}
        output = io.StringIO()
        try:
            call_command("worker", "--batch", "--interval=0", verbosity=0, stdout=output)
        finally:
            for number, handler in handlers.items():  # the worker installs its own
                signal.signal(number, handler)
        return output.getvalue()

    return run


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait(self, timeout: float = 60) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"worker did not stop in {timeout} s:\n{self.output}") from None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def worker_process(
    smtp_server: SmtpServer, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """``worker_process(*args)`` starts ``manage.py worker`` as a separate process.

    It uses the test database (the test must commit: ``transaction=True``) and
    sends to ``smtp_server``. Every process still running is killed afterwards.
    """
    started: list[WorkerProcess] = []
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": smtp_server.host,
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
        "EMAIL_TIMEOUT": "10",
        "DJANGO_ENV": "development",
        "FRH_VAR_DIR": str(tmp_path / "var"),
    }

    def start(*args: str) -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "worker", "--interval=0.1", *args],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        worker = WorkerProcess(process, log)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            if worker.process.poll() is None:
                worker.kill()


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns that STATIC_ROOT (filled by collectstatic) does not exist yet.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``FRH_E2E_SHARE=k/n`` (set by ``make test``): of the end-to-end modules, sorted by
    path and dealt out in turn, only the k-th of every n run here.

    ``make test`` runs the suite twice side by side, on SQLite and on PostgreSQL: every
    browser journey then runs in one of the two runs, every other test in both. Without
    the variable (``pytest`` by hand) everything runs."""
    share = os.environ.get("FRH_E2E_SHARE", "")
    if not share:
        return
    k, n = (int(part) for part in share.split("/"))
    modules = sorted({item.path for item in items if item.get_closest_marker("e2e")})
    mine = {path for index, path in enumerate(modules) if index % n == k - 1}
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        elsewhere = item.get_closest_marker("e2e") and item.path not in mine
        (drop if elsewhere else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
