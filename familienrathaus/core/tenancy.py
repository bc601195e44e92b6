"""Many alliances on one install: which alliance a request, a command or a task is for.

Every row of alliance content belongs to one alliance (``core.models.AllianceOwned``)
and its default manager shows only the *active* alliance's rows; with none active it
raises, so a forgotten scope fails loudly instead of showing another alliance's data.
The active alliance is django-scopes' scope ``alliance``:

- **Request** (:class:`AllianceMiddleware`): the host names it, an alliance's own
  ``domain`` or ``<slug>.<FRH_BASE_DOMAIN>``; any other host (the plain address, an IP)
  is the install's first alliance, so a single-alliance install works as before.
- **Command** (:class:`AllianceCommand`): ``--alliance SLUG``; without it, the command
  runs once for each active alliance.
- **Task** (core.jobs): :func:`core.jobs.enqueue` stores the active alliance with the
  task and the worker activates it again; a periodic task runs for each alliance.
- **Test**: ``tests/conftest.py`` activates the first alliance for every database test.

Work meant for all alliances says so with :func:`unscoped` (backups, the operators'
lists). Caches are per alliance too (:func:`cache_key`), and so are links in mails
(:func:`site_url`).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import migrations, transaction
from django.db.models.signals import post_delete, post_save
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    StreamingHttpResponse,
)
from django.http.request import split_domain_port, validate_host
from django_scopes import scope, scopes_disabled
from django_scopes import state as scopes_state

from familienrathaus.core.models.alliance import (
    Alliance,
    AllianceOwned,
    active_alliance,
    migration_alliance,
)

R = TypeVar("R")

logger = logging.getLogger(__name__)

__all__ = [
    "Alliance",
    "AllianceOwned",
    "activate",
    "current",
    "require",
    "unscoped",
]


@contextmanager
def activate(alliance: Alliance) -> Iterator[Alliance]:
    """Make ``alliance`` the active one inside the block (nested blocks restore)."""
    with scope(alliance=alliance):
        yield alliance


def unscoped() -> Any:
    """A block that reads and writes across all alliances, on purpose."""
    return scopes_disabled()


@contextmanager
def none_active() -> Iterator[None]:
    """No alliance active inside the block, not even an enclosing block's (the directory
    host): a query of alliance content raises unless it says :func:`unscoped`."""
    token = scopes_state.state.set({"_enabled": True})
    try:
        yield
    finally:
        scopes_state.state.reset(token)


def current() -> Alliance | None:
    return active_alliance()


def require() -> Alliance:
    alliance = active_alliance()
    if alliance is None:
        raise LookupError("No alliance is active.")
    return alliance


def first() -> Alliance | None:
    """The install's first alliance: it serves the plain address."""
    return Alliance.objects.order_by("pk").first()


def alliances(slug: str | None = None) -> list[Alliance]:
    """The active alliances in creation order, or the one named by ``slug``."""
    if slug:
        return list(Alliance.objects.filter(slug=slug))
    return list(Alliance.objects.filter(is_active=True).order_by("pk"))


def for_each(function: Callable[[], R]) -> dict[str, R]:
    """Run ``function`` once inside each active alliance; its results by slug. One
    alliance's failure does not keep the others from their turn; the first failure is
    raised when all have had it."""
    results: dict[str, R] = {}
    failure: Exception | None = None
    for alliance in alliances():
        with activate(alliance):
            try:
                results[alliance.slug] = function()
            except Exception as exc:
                logger.exception("%s failed for %s", function.__name__, alliance.slug)
                failure = failure or exc
    if failure is not None:
        raise failure
    return results


# Models that are not alliance content, and why. Every other model must be
# ``AllianceOwned`` (tests/test_tenancy_registry.py fails for a new model that is neither).
GLOBAL_MODELS: dict[str, str] = {
    "core.Alliance": "the alliances themselves",
    "admin.LogEntry": "the Django admin's log, operators only",
    "auth.Permission": "Django's permission names, the same for all",
    "core.User": "an account is the person on every alliance's site; its role in each "
    "is an AllianceMembership (alliance content), and User.objects are the active "
    "alliance's members",
    "auth.Group": "unused; roles live on the accounts' memberships in the alliances",
    "contenttypes.ContentType": "Django's model names, the same for all",
    "sessions.Session": "keyed by a cookie that only the alliance's host receives",
    "account.EmailAddress": "belongs to an account, which is global: the same person on "
    "every alliance's site",
    "account.EmailConfirmation": "belongs to an e-mail address of one account",
    "mfa.Authenticator": "belongs to an account (global): one second factor for the "
    "person in every alliance",
    "django_tasks_database.DBTaskResult": "the queue; a task carries its alliance's id",
}


# --------------------------------------------------------------------------- new alliances

Seeder = Callable[[], object]
_seeders: list[Seeder] = []


def on_create(seeder: Seeder) -> Seeder:
    """Register what a new alliance starts with (an app's vocabularies, its settings
    row, a catalogue): ``seeder()`` runs inside the new alliance, in the order the apps
    registered (their ``ready()``). The rows that existed before tenancy got theirs from
    the app's migrations. Usable as a decorator; registering again is a no-op."""
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def create(*, slug: str, name: str, domain: str | None = None) -> Alliance:
    """A new alliance with what every app starts it with (:func:`on_create`)."""
    with transaction.atomic():
        alliance = Alliance(slug=slug, name=name, domain=domain or None)
        alliance.full_clean()
        alliance.save()
        with activate(alliance):
            for seeder in _seeders:
                seeder()
    return alliance


# --------------------------------------------------------------------------- hosts


def base_domain() -> str:
    return str(getattr(settings, "FRH_BASE_DOMAIN", "") or "").lower().strip(".")


def for_host(host: str) -> Alliance | None:
    """The alliance a host name belongs to; None for an unknown subdomain. Each web
    process remembers the answer for ``HOST_SECONDS``: a page asks no query for it."""
    domain, _port = split_domain_port(host)
    domain = domain.lower()
    return _remembered(domain, lambda: _look_up(domain))


def _remembered(key: str, look_up: Callable[[], Alliance | None]) -> Alliance | None:
    now = time.monotonic()
    known = _hosts.get(key)
    if known is not None and now - known[0] < HOST_SECONDS:
        return known[1]
    alliance = look_up()
    if len(_hosts) >= MAX_HOSTS:
        _hosts.clear()
    _hosts[key] = (now, alliance)
    return alliance


# A suspended or renamed alliance is seen by every web process within this time.
HOST_SECONDS = 30.0
MAX_HOSTS = 2000
_hosts: dict[str, tuple[float, Alliance | None]] = {}


def forget_hosts(**_kwargs: Any) -> None:
    """Clear this process's host answers (after an alliance changed here)."""
    _hosts.clear()


post_save.connect(forget_hosts, sender=Alliance, dispatch_uid="tenancy.forget_hosts")
post_delete.connect(forget_hosts, sender=Alliance, dispatch_uid="tenancy.forget_hosts_delete")


def _look_up(domain: str) -> Alliance | None:
    own = Alliance.objects.filter(domain=domain).first()
    if own is not None:
        return own
    base = base_domain()
    if base and domain.endswith("." + base):
        label = domain.removesuffix("." + base)
        if "." not in label:
            return Alliance.objects.filter(slug=label).first()
    return first()


def site_url(alliance: Alliance | None = None) -> str:
    """Where the alliance's site lives (for links in mails, PDFs and feeds), no slash
    at the end: its own domain, else its subdomain, and the first alliance SITE_URL."""
    alliance = alliance or active_alliance()
    configured = str(settings.SITE_URL).rstrip("/")
    if alliance is None:
        return configured
    parts = urlsplit(configured)
    if alliance.domain:
        return f"{parts.scheme}://{alliance.domain}"
    base = base_domain()
    # Remembered like a host ("" is no host name): links of a mail to many recipients
    # ask no query each.
    first_alliance = _remembered("", first)
    if not base or (first_alliance is not None and first_alliance.pk == alliance.pk):
        return configured
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{alliance.slug}.{base}{port}"


def is_directory_host(host: str) -> bool:
    """Whether ``host`` is the install's directory of alliances (FRH_DIRECTORY_HOST;
    its pages are FRH_DIRECTORY_URLCONF's, so core imports no app)."""
    directory = str(getattr(settings, "FRH_DIRECTORY_HOST", "") or "").lower().strip(".")
    return bool(directory) and split_domain_port(host)[0].lower() == directory


class OwnDomainMiddleware:
    """Lets an alliance's own ``domain`` in without its being in ``ALLOWED_HOSTS``.

    Any other host still has to be allowed there (``<slug>.FRH_BASE_DOMAIN`` by
    ``.FRH_BASE_DOMAIN``): a host that is neither is refused with Django's 400. For an
    own domain, the request's ``get_host()`` answers it, so every later check (the SSL
    redirect, CommonMiddleware, CSRF, absolute links) accepts it. Sits first among the
    middlewares that ask for the host (before SecurityMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request._get_raw_host()  # type: ignore[attr-defined]  # Django's, not in the stubs
        domain, _port = split_domain_port(raw)
        if domain and not validate_host(domain, _allowed_hosts()):
            alliance = for_host(raw)
            if alliance is not None and alliance.domain == domain:
                request.get_host = lambda: raw  # type: ignore[method-assign]
        return self.get_response(request)


def _allowed_hosts() -> list[str]:
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:  # as Django's HttpRequest.get_host
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return allowed


class AllianceMiddleware:
    """Activates the request's alliance for the whole request, streamed answers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.get_host()
        if is_directory_host(host):
            # The install's directory of alliances: its own pages, no alliance active.
            request.urlconf = settings.FRH_DIRECTORY_URLCONF
            with none_active():
                return self.get_response(request)
        alliance = for_host(host)
        if alliance is None:
            return HttpResponseNotFound(
                "<!doctype html><title>404</title><p>Diese Adresse gehört zu keinem Bündnis.</p>"
            )
        request.alliance = alliance  # type: ignore[attr-defined]
        if not alliance.is_active:
            return HttpResponse(
                f"<!doctype html><title>{alliance.name}</title>"
                f"<p>{alliance.name}: Diese Seite ist zurzeit nicht erreichbar.</p>",
                status=503,
            )
        with activate(alliance):
            response = self.get_response(request)
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            response.streaming_content = _streamed(alliance, response.streaming_content)
        return response


def _streamed(alliance: Alliance, content: Iterable[bytes]) -> Iterator[bytes]:
    with activate(alliance):
        yield from content


# --------------------------------------------------------------------------- commands


class AllianceCommand(BaseCommand):
    """A management command that works on alliance content: ``--alliance SLUG`` runs it
    for one alliance; without it, it runs once for each active alliance."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--alliance",
            metavar="SLUG",
            help="The alliance to work on (its short name); without it, every active one.",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        slug = options.pop("alliance", None)
        selected = alliances(slug)
        if slug and not selected:
            raise CommandError(f"No alliance has the short name {slug!r}.")
        output = []
        for alliance in selected:
            with activate(alliance):
                result = super().execute(*args, **options)
            if result:
                output.append(result)
        return "\n".join(output) or None


# --------------------------------------------------------------------------- tasks


ALLIANCE_KWARG = "alliance_id"


def in_task_alliance(function: Callable[..., R]) -> Callable[..., R]:
    """Wraps a task's function: the worker runs it inside the alliance it was enqueued
    in (core.jobs.enqueue passes ``alliance_id``)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> R:
        alliance_id = kwargs.pop(ALLIANCE_KWARG, None)
        if alliance_id is None:
            return function(*args, **kwargs)
        alliance = Alliance.objects.get(pk=alliance_id)
        with activate(alliance):
            return function(*args, **kwargs)

    return run


def task_kwargs() -> dict[str, int]:
    alliance = active_alliance()
    return {ALLIANCE_KWARG: alliance.pk} if alliance is not None else {}


# --------------------------------------------------------------------------- caches


def cache_key(key: str, key_prefix: str, version: int) -> str:
    """CACHES' KEY_FUNCTION: every cached value (pages, rate-limit counters, settings)
    is the active alliance's own."""
    alliance = active_alliance()
    return f"{key_prefix}:{version}:{alliance.pk if alliance else 0}:{key}"


# --------------------------------------------------------------------------- migrations


class AddAllianceField(migrations.AddField):
    """Adds ``alliance`` to a model whose table may hold rows already: they belong to
    the install's first alliance (created by core's migration 0015)."""

    def __init__(self, model_name: str, **kwargs: Any) -> None:
        kwargs.pop("name", None)
        field = kwargs.pop("field", None) or AllianceOwned._meta.get_field("alliance").clone()
        super().__init__(model_name=model_name, name="alliance", field=field, **kwargs)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"model_name": self.model_name})

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT MIN(id) FROM core_alliance")
            row = cursor.fetchone()
        token = migration_alliance.set(row[0] if row else None)
        try:
            super().database_forwards(app_label, schema_editor, *args)
        finally:
            migration_alliance.reset(token)
