"""Production mode end to end, as README's production section has an operator set it up.

The module builds one production install in a temporary directory and runs it, with the
machinery of ``scripts/production_site.py`` (shared with ``bench/page_weight.py``):

1. the environment README names (``DJANGO_ENV=production``, a random
   ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``SITE_URL``, ``EMAIL_HOST``,
   ``FRH_VAR_DIR``, ``FRH_MEDIA_ROOT``, ``FRH_PRIVATE_ROOT``, ``FRH_PRIVATE_ACCEL``);
   the database is a fresh SQLite file, or a fresh PostgreSQL database when the suite
   runs against PostgreSQL (``DATABASE_URL``);
2. README's commands: ``migrate``, ``createcachetable``, ``collectstatic --no-input``,
   ``compilemessages``, ``check --deploy``; then ``load_demo`` for something to crawl;
3. gunicorn on a free loopback port and Debian's nginx (``/usr/sbin/nginx``, in the
   foreground, with its prefix, temporary directories and pid file in the temporary
   directory) with ``deploy/nginx.conf``, README's configuration, filled in with the
   ports, a certificate made for 127.0.0.1 and the media folders;
4. a crawl of the demo through nginx over TLS.

The tests then check what the crawl saw. gunicorn and nginx are stopped at the end,
whatever happened.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import ssl
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import pytest

from scripts.production_site import (
    BASE_DIR,
    HOST,
    NGINX,
    README_STEPS,
    Answer,
    Links,
    Site,
    fill_in,
    free_port,
    make_certificate,
    nginx_main_config,
    production_environment,
    start_gunicorn,
    start_nginx,
    stop,
)
from tests.databases import fresh_database

pytestmark = pytest.mark.production

MAX_PAGES = 150
MAX_STATIC = 80
# A year or more: hashed static files never change under their name.
LONG_CACHE_SECONDS = 365 * 24 * 3600
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
# Pages whose answer does not depend on the anonymous visitor crawling them but that
# change state or take long to build.
SKIP_PATHS = ("/konto/logout/", "/django-admin/logout/")


# --------------------------------------------------------------------------- the install


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database of the kind the suite runs on."""
    with fresh_database(tmp_path_factory.mktemp("production-db"), "production") as url:
        yield url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Site]:
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"{NGINX} not found: install Debian's nginx (apt-get install nginx)")
    site_dir = tmp_path_factory.mktemp("production")
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    env = production_environment(site_dir, database_url, https_port)
    context = ssl.create_default_context()
    certificate, certificate_key = make_certificate(site_dir)
    context.load_verify_locations(certificate)
    running = Site(
        https_port=https_port,
        http_port=http_port,
        context=context,
        var_dir=site_dir / "var",
        media_root=Path(env["FRH_MEDIA_ROOT"]),
        private_root=Path(env["FRH_PRIVATE_ROOT"]),
        app_log=site_dir / "gunicorn.log",
        env=env,
    )

    # README's steps, in its order.
    for step in README_STEPS:
        running.manage(*step)
    running.manage("check", "--deploy")
    running.manage("load_demo")

    # Files for the proxy: a public picture and a private proof nobody may fetch directly.
    (running.media_root / "probe").mkdir(parents=True, exist_ok=True)
    (running.media_root / "probe" / "pixel.png").write_bytes(PNG)
    (running.media_root / "probe" / "pixel-3f9a2c1b.320w.webp").write_bytes(WEBP)
    (running.media_root / "probe" / "page.html").write_text("<script>alert(1)</script>")
    (running.private_root / "probe").mkdir(parents=True, exist_ok=True)
    (running.private_root / "probe" / "secret.pdf").write_bytes(SECRET)

    prefix = site_dir / "nginx"
    prefix.mkdir()
    site_config = prefix / "familienrathaus.conf"
    site_config.write_text(
        fill_in(
            (BASE_DIR / "deploy" / "nginx.conf").read_text(),
            {
                "SERVER_NAME": HOST,
                "HTTP_LISTEN": f"{HOST}:{http_port}",
                "HTTPS_LISTEN": f"{HOST}:{https_port}",
                "TLS_CERTIFICATE": str(certificate),
                "TLS_CERTIFICATE_KEY": str(certificate_key),
                "APP_ADDRESS": f"{HOST}:{app_port}",
                "STATIC_ROOT": str(running.var_dir / "static"),
                "MEDIA_ROOT": str(running.media_root),
                "PRIVATE_ROOT": str(running.private_root),
            },
        )
    )
    main_config = prefix / "nginx.conf"
    main_config.write_text(nginx_main_config(prefix, site_config))

    gunicorn_log, nginx_log = running.app_log, prefix / "nginx-stderr.log"
    gunicorn = nginx = None
    try:
        gunicorn = start_gunicorn(env, app_port, gunicorn_log)
        nginx = start_nginx(prefix, main_config, nginx_log, (https_port, http_port))
        yield running
    finally:
        stop(nginx, signal.SIGQUIT)
        stop(gunicorn)


SECRET = b"%PDF-1.4 a proof nobody may fetch directly\n"
DEMO_FAMILY = "familie@musterstadt.example"
DEMO_PASSWORD = "Musterstadt-Demo-2026"
# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# A 1×1 WebP (lossless), as core.images names a rendition: "<name>-<random>.<width>w.webp".
WEBP = bytes.fromhex("524946461a000000574542505650384c0d0000002f00000010071011118888fe0700")


# --------------------------------------------------------------------------- the crawl


@dataclass
class Crawl:
    pages: dict[str, Answer]
    assets: dict[str, Answer]


def internal_path(base: str, href: str, origin: str) -> str | None:
    url, _fragment = urldefrag(urljoin(base, href.strip()))
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl(site: Site) -> Crawl:
    """The start page and the pages it leads to (at most MAX_PAGES), with their assets."""
    origin = f"https://{HOST}:{site.https_port}"
    pages: dict[str, Answer] = {}
    assets: dict[str, Answer] = {}
    queue: deque[str] = deque(["/"])
    seen = {"/"}
    asset_paths: list[str] = []
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        answer = site.get(path)
        pages[path] = answer
        if answer.status in {301, 302, 303, 307, 308}:
            target = internal_path(origin + path, answer.header("location"), origin)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if not answer.header("content-type").startswith("text/html"):
            continue
        links = Links()
        links.feed(answer.body.decode("utf-8", errors="replace"))
        for href in links.pages:
            target = internal_path(origin + path, href, origin)
            if (
                target
                and target not in seen
                and not target.startswith(SKIP_PATHS)
                and not target.startswith("/static/")
            ):
                seen.add(target)
                queue.append(target)
        for src in links.assets:
            target = internal_path(origin + path, src, origin)
            if target and target not in asset_paths:
                asset_paths.append(target)
    for path in asset_paths[:MAX_STATIC]:
        assets[path] = site.get(path, **{"Accept-Encoding": "gzip"})
    return Crawl(pages=pages, assets=assets)


# --------------------------------------------------------------------------- the checks


def test_readme_steps_run_and_the_deployment_check_is_clean(site):
    collected = site.commands["collectstatic"].stdout
    assert "static files copied" in collected
    check = site.commands["check"]
    assert "System check identified no issues" in check.stdout, check.stdout + check.stderr
    assert "WARNING" not in check.stderr


def test_the_crawl_reaches_the_demo_without_a_server_error(site, crawl):
    errors = {path: answer.status for path, answer in crawl.pages.items() if answer.status >= 500}
    errors |= {path: answer.status for path, answer in crawl.assets.items() if answer.status >= 500}

    log = site.app_log.read_text(errors="replace")[-6000:] if errors else ""
    assert not errors, f"{errors}\n--- gunicorn's log ---\n{log}"
    html = [a for a in crawl.pages.values() if a.status == 200 and b"<html" in a.body[:500]]
    assert len(html) >= 50, f"only {len(html)} pages: {sorted(crawl.pages)[:20]}"
    assert any(path.startswith("/angebote/") for path in crawl.pages)
    assert any(path.startswith("/veranstaltungen/") for path in crawl.pages)


def test_pages_carry_the_security_headers(crawl):
    pages = {
        path: answer
        for path, answer in crawl.pages.items()
        if answer.status == 200 and answer.header("content-type").startswith("text/html")
    }
    assert pages
    for path, answer in pages.items():
        csp = answer.header("content-security-policy")
        assert "default-src 'self'" in csp, path
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        hsts = answer.header("strict-transport-security")
        assert re.search(r"max-age=(\d+)", hsts), path
        assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000, path
        assert "includeSubDomains" in hsts, path
        assert answer.header("x-content-type-options") == "nosniff", path
        assert answer.header("referrer-policy") == "same-origin", path
        assert answer.header("x-frame-options") == "DENY", path
        # nginx does not name its version.
        assert answer.header("server") in {"", "nginx"}, path
    cookies = [a.header("set-cookie") for a in pages.values() if a.header("set-cookie")]
    for cookie in cookies:
        assert "Secure" in cookie, cookie


def test_hashed_static_files_are_cached_for_a_year_and_compressed(crawl):
    static = {path: a for path, a in crawl.assets.items() if path.startswith("/static/")}
    assert len(static) >= 3, sorted(crawl.assets)
    for path, answer in static.items():
        assert answer.status == 200, path
        assert HASHED_NAME.search(path.split("?")[0]), f"{path} is not a hashed name"
        cache = answer.header("cache-control")
        max_age = re.search(r"max-age=(\d+)", cache)
        assert max_age and int(max_age.group(1)) >= LONG_CACHE_SECONDS, (path, cache)
        assert "immutable" in cache, (path, cache)
        assert answer.header("x-content-type-options") == "nosniff", path
    styles = [a for p, a in static.items() if p.endswith(".css")]
    assert styles
    for answer in styles:
        assert answer.header("content-encoding") == "gzip"
        assert gzip.decompress(answer.body)


def directives(answer: Answer) -> set[str]:
    return {part.strip() for part in answer.header("cache-control").split(",") if part.strip()}


def test_pages_come_compressed_and_answer_304_when_unchanged(site):
    """Through nginx as a phone asks: gzip, then the ETag it got."""
    first = site.get("/veranstaltungen/", **{"Accept-Encoding": "gzip, deflate, br"})

    assert first.status == 200
    assert first.header("content-encoding") == "gzip"
    html = gzip.decompress(first.body)
    assert b"<html" in html[:500]
    assert len(first.body) < len(html) / 3
    assert directives(first) == {"public", "max-age=0", "must-revalidate"}
    assert {"cookie", "accept-encoding", "accept-language"} <= {
        part.strip().lower() for part in first.header("vary").split(",")
    }
    etag = first.header("etag")
    assert etag

    again = site.get("/veranstaltungen/", **{"Accept-Encoding": "gzip", "If-None-Match": etag})

    assert again.status == 304
    assert again.body == b""
    assert again.header("etag") == etag


def test_only_pages_every_visitor_gets_alike_are_public(crawl):
    """A page with a form token, a cookie of its own or for a logged-in user is never
    stored by a shared cache; the plain public pages may be, revalidated."""
    public = 0
    for path, answer in crawl.pages.items():
        if answer.status != 200 or not answer.header("content-type").startswith("text/html"):
            continue
        control = directives(answer)
        personal = b"csrfmiddlewaretoken" in answer.body or answer.header("set-cookie")
        if personal:
            assert "public" not in control, (path, control)
            assert "private" in control, (path, control)
        elif "public" in control:
            public += 1
            assert {"max-age=0", "must-revalidate"} <= control, (path, control)
    assert public >= 20, f"only {public} public pages"
    for path in ("/", "/angebote/", "/veranstaltungen/", "/karte/"):
        assert "public" in directives(crawl.pages[path]), path


def test_static_files_come_from_nginx_precompressed_and_answer_304(site, crawl):
    styles = [p for p in crawl.assets if p.startswith("/static/") and p.endswith(".css")]
    assert styles
    path = styles[0]
    name = path.removeprefix("/static/")
    on_disk = site.var_dir / "static" / name
    assert (on_disk.parent / (on_disk.name + ".gz")).exists()

    answer = site.get(path, **{"Accept-Encoding": "gzip"})

    # The .gz that collectstatic wrote, byte for byte: nginx sends it, no one compresses.
    assert answer.body == (on_disk.parent / (on_disk.name + ".gz")).read_bytes()
    assert answer.header("content-encoding") == "gzip"
    assert "accept-encoding" in answer.header("vary").lower()
    assert "immutable" in directives(answer)
    plain = site.get(path)
    assert plain.body == on_disk.read_bytes()
    assert site.get(path, **{"If-None-Match": plain.header("etag")}).status == 304

    fonts = [p for p in crawl.assets if p.endswith(".woff2")]
    for font in fonts:
        answer = crawl.assets[font]
        assert answer.status == 200, font
        assert answer.header("content-type") == "font/woff2", font
        assert "immutable" in directives(answer), font
        assert not answer.header("content-encoding"), font


def test_picture_renditions_are_cached_for_a_year_the_originals_for_a_day(site):
    rendition = site.get("/media/probe/pixel-3f9a2c1b.320w.webp")

    assert rendition.status == 200
    assert rendition.body == WEBP
    assert rendition.header("content-type") == "image/webp"
    assert {"public", "max-age=31536000", "immutable"} <= directives(rendition)
    assert "sandbox" in rendition.header("content-security-policy")
    assert rendition.header("x-content-type-options") == "nosniff"

    original = site.get("/media/probe/pixel.png")
    assert "max-age=86400" in directives(original)
    assert "immutable" not in directives(original)


def test_the_api_public_lists_are_compressed_and_revalidated(site):
    answer = site.get("/api/v1/offers/", **{"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.header("content-encoding") == "gzip"
    assert gzip.decompress(answer.body).startswith(b"{")
    assert directives(answer) == {"public", "max-age=0", "must-revalidate"}


def test_the_language_switch_keeps_the_page_and_sets_a_secure_cookie(site):
    answer = site.get("/sprache/?" + urlencode({"language": "en", "next": "/angebote/?q=kita"}))

    assert answer.status == 302
    assert answer.header("location") == "/en/angebote/?q=kita"
    assert answer.cookies["django_language"] == "en"
    assert "Secure" in answer.header("set-cookie")
    english = site.request("GET", "/en/angebote/?q=kita", cookies={"django_language": "en"})
    assert b'<html lang="en"' in english.body
    away = site.get("/sprache/?" + urlencode({"language": "en", "next": "https://evil.example/"}))
    assert away.header("location") == "/en/"


def test_public_media_is_served_by_nginx_but_never_as_a_page(site):
    picture = site.get("/media/probe/pixel.png")
    assert picture.status == 200
    assert picture.body == PNG
    assert picture.header("content-type") == "image/png"
    assert picture.header("x-content-type-options") == "nosniff"
    assert "max-age=" in picture.header("cache-control")
    assert "sandbox" in picture.header("content-security-policy")

    page = site.get("/media/probe/page.html")
    assert page.status == 200
    # Served, but sandboxed: no script of an uploaded page runs in the site's origin.
    assert "sandbox" in page.header("content-security-policy")
    assert "default-src 'none'" in page.header("content-security-policy")

    assert site.get("/media/").status in {403, 404}
    assert site.get("/media/probe/").status in {403, 404}


def test_private_files_are_not_served_directly(site):
    assert (site.private_root / "probe" / "secret.pdf").exists()

    for path in (
        "/internal-private/probe/secret.pdf",
        "/media/../private/probe/secret.pdf",
        "/private/probe/secret.pdf",
        "/media/probe/secret.pdf",
    ):
        answer = site.get(path)
        assert answer.status in {400, 403, 404}, (path, answer.status)
        assert SECRET not in answer.body, path


def test_plain_http_redirects_to_https(site):
    answer = site.get("/angebote/?q=kita", port=site.http_port)

    assert answer.status == 301
    assert answer.header("location") == f"https://{HOST}/angebote/?q=kita"


def test_the_database_and_the_uploads_live_where_the_environment_says(site):
    assert (site.var_dir / "static" / "staticfiles.json").exists()
    assert site.media_root.is_relative_to(site.var_dir)
    assert not site.private_root.is_relative_to(site.media_root)


PROOF = b"%PDF-1.4 the proof of the demo family\n"
CREATE_CLAIM = f"""
from django.core.files.base import ContentFile
from familienrathaus.core import tenancy
from familienrathaus.core.models import User
from familienrathaus.holidays.models import ReductionClaim, ReductionKind
with tenancy.activate(tenancy.first()):  # the demo family's alliance, Musterstadt
    kind = ReductionKind.objects.order_by("pk").first()
    claim = ReductionClaim(
        period=kind.period, kind=kind, family=User.objects.get(email="{DEMO_FAMILY}")
    )
    claim.proof.save("bescheid.pdf", ContentFile({PROOF!r}), save=False)
    claim.save()
    print(claim.pk, claim.proof.name)
"""


def test_a_private_file_reaches_its_owner_through_the_internal_location(site):
    """The application checks the permission, nginx sends the file (X-Accel-Redirect)."""
    pk, name = site.manage("shell", "--verbosity=0", "--command", CREATE_CLAIM).stdout.split()
    assert (site.private_root / name).read_bytes() == PROOF
    proof_path = f"/ferienspass/ermaessigung/{pk}/nachweis/"

    anonymous = site.get(proof_path)
    assert anonymous.status in {302, 404}
    assert PROOF not in anonymous.body
    assert site.get("/internal-private/" + name).status == 404

    form = site.get("/konto/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    assert token, form.body[:2000]
    cookies = dict(form.cookies)
    login = site.request(
        "POST",
        "/konto/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            # nginx passes the host without the port, as on port 443.
            "Referer": f"https://{HOST}/konto/login/",
        },
        body=urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "login": DEMO_FAMILY,
                "password": DEMO_PASSWORD,
            }
        ),
        cookies=cookies,
    )
    assert login.status == 302, login.body[:2000]
    cookies.update(login.cookies)

    proof = site.request("GET", proof_path, cookies=cookies)

    assert proof.status == 200
    assert proof.body == PROOF
    assert proof.header("content-type") == "application/pdf"
    assert proof.header("content-disposition").startswith("attachment")
    assert proof.header("x-content-type-options") == "nosniff"
    assert "x-accel-redirect" not in proof.headers

    # Pages of a logged-in family are never kept by any cache, shared or their own.
    account = site.request("GET", "/konto/uebersicht/", cookies=cookies)
    assert account.status == 200
    assert {"private", "no-store"} <= directives(account)
    assert "public" not in directives(account)
