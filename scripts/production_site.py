"""The site in production mode on this machine, as README's production section sets it up.

The machinery ``tests/test_production.py`` (gunicorn behind Debian's nginx, crawled over
TLS) and ``bench/page_weight.py`` (gunicorn alone, measured by Lighthouse) share:

* ``production_environment``: the environment README names (``DJANGO_ENV=production``,
  a random ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``SITE_URL``, ``EMAIL_HOST``,
  ``FRH_VAR_DIR``, ``FRH_MEDIA_ROOT``, ``FRH_PRIVATE_ROOT``, ``FRH_PRIVATE_ACCEL``) for an
  install in a directory of its own, on the database it is given;
* ``README_STEPS``: README's ``manage.py`` commands, in its order (``check --deploy`` and
  ``load_demo`` are the caller's);
* ``start_gunicorn`` and ``start_nginx`` on loopback ports (``free_port``), each in its own
  process group, returned once it listens; ``stop`` ends one, whatever state it is in;
* for nginx: ``make_certificate`` (a self-signed one for 127.0.0.1), ``fill_in`` (the
  placeholders of ``deploy/nginx.conf``) and ``nginx_main_config`` (the main
  configuration a Debian machine has, pointed at a temporary directory);
* ``Site``: a running install (ports, folders, environment) with ``manage`` and
  ``request``, and ``Links``, the URLs a page refers to.

Nothing here belongs to a test framework: a failure raises ``ProductionSiteError``.
Run by scripts only, never by the site; it is importable as ``scripts.production_site``
from the checkout's root.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
HOST = "127.0.0.1"
STARTUP_SECONDS = 60
COMMAND_SECONDS = 600
# README's steps after configuring, in its order; ``check --deploy`` and ``load_demo``
# come after them where a caller wants them.
README_STEPS: tuple[tuple[str, ...], ...] = (
    ("migrate", "--no-input"),
    ("createcachetable",),
    ("collectstatic", "--no-input"),
    ("compilemessages", "--ignore=.venv*", "--ignore=node_modules"),
)


class ProductionSiteError(RuntimeError):
    """A step of the install or a server did not do what it should."""


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
    return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            # The servers here are started with a list: the program comes first.
            program = cast("list[str]", process.args)[0]
            raise ProductionSiteError(f"{program} ended early:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise ProductionSiteError(f"nothing listens on port {port}:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes] | None, signum: int = signal.SIGTERM) -> None:
    """Stop a server we started (and its workers, in its own process group)."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signum)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def start_gunicorn(
    env: dict[str, str],
    port: int,
    log: Path,
    project: Path = BASE_DIR,
    application: str = "config.wsgi",
) -> subprocess.Popen[bytes]:
    """gunicorn serving ``project`` (this checkout, or another one: bench/page_weight.py
    measures an older commit's worktree) on a loopback port, once it listens."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                application,
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
            ],
            cwd=project,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process, log)
    except BaseException:
        stop(process)
        raise
    return process


def start_nginx(
    prefix: Path, main_config: Path, log: Path, ports: tuple[int, ...]
) -> subprocess.Popen[bytes]:
    """Debian's nginx in the foreground with ``main_config`` (checked first with
    ``nginx -t``), once it listens on all ``ports``; stop it with ``SIGQUIT``."""
    test = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(main_config), "-e", str(log)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if test.returncode != 0:
        raise ProductionSiteError(f"nginx -t:\n{test.stdout}{test.stderr}")
    with log.open("ab") as out:
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(main_config), "-e", str(log)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for port in ports:
            wait_for_port(port, process, log)
    except BaseException:
        stop(process, signal.SIGQUIT)
        raise
    return process


# --------------------------------------------------------------------------- nginx's files


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1; the crawler trusts exactly this one."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "site.crt", directory / "site.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def fill_in(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", template)
    if left:
        raise ProductionSiteError(f"deploy/nginx.conf has placeholders not filled in: {left}")
    return template


def nginx_main_config(prefix: Path, site_config: Path) -> str:
    """The main nginx.conf a Debian machine has, pointed at the temporary directory."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / ('temp-' + kind)};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\n"
        "daemon off;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        f"    access_log {prefix / 'access.log'};\n"
        f"{temp}\n"
        f"    include {site_config};\n"
        "}\n"
    )


# --------------------------------------------------------------------------- the install


def production_environment(site_dir: Path, database_url: str, https_port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "FRH_", "PLACES_"))
        and key not in {"DATABASE_URL", "SITE_URL", "DEFAULT_FROM_EMAIL", "TEST_DATABASE_ENGINE"}
    }
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}:{https_port}",
            "DATABASE_URL": database_url,
            # No mail leaves the install: nothing listens there and no worker runs.
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": "587",
            "DEFAULT_FROM_EMAIL": "Familienbüro Musterstadt <familie@musterstadt.example>",
            "FRH_VAR_DIR": str(site_dir / "var"),
            "FRH_MEDIA_ROOT": str(site_dir / "var" / "media"),
            "FRH_PRIVATE_ROOT": str(site_dir / "var" / "private"),
            "FRH_PRIVATE_ACCEL": "x-accel",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


class Links(HTMLParser):
    """The URLs a page refers to: links to follow and assets to fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.pages.append(values["href"] or "")
        elif tag in {"script", "img"} and values.get("src"):
            self.assets.append(values["src"] or "")
        elif tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").lower()
            if "stylesheet" in rel or "icon" in rel or "preload" in rel:
                self.assets.append(values["href"] or "")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class Site:
    """The running install: how to reach it and where its files are."""

    https_port: int
    http_port: int
    context: ssl.SSLContext
    var_dir: Path
    media_root: Path
    private_root: Path
    app_log: Path
    env: dict[str, str] = field(default_factory=dict)
    commands: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
            check=False,
        )
        self.commands[args[0]] = result
        if result.returncode != 0:
            output = result.stdout + result.stderr
            raise ProductionSiteError(f"manage.py {' '.join(args)}:\n{output}")
        return result

    def get(self, path: str, port: int | None = None, **headers: str) -> Answer:
        return self.request("GET", path, port=port, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        *,
        port: int | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        cookies: dict[str, str] | None = None,
    ) -> Answer:
        if port is None:
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                HOST, self.https_port, context=self.context, timeout=120
            )
        else:
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
        sent = {"Accept-Language": "de", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            received = {}
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                received[name.strip()] = rest.split(";", 1)[0]
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                content,
                received,
            )
        finally:
            connection.close()
