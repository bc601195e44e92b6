"""End-to-end tests: Debian's Chromium, headless, drives the live test server.

Tests get a ``browse`` fixture (:class:`Browse`) rather than a bare page. It visits
pages, follows links and submits forms, and on every page that loads it injects
axe-core and fails the test on any WCAG 2.1 A/AA violation. After each test that
passed it also fails when

* a page was loaded that axe never checked (a navigation not made through
  ``browse``),
* the browser requested anything from another host (no CDN, no web fonts, no
  tracking: the site serves everything itself), or
* a page raised an uncaught JavaScript error.

The context bypasses the Content-Security-Policy so that axe can be injected;
``strict_browse`` keeps the CSP and is for checking that pages work under it.

A full-page screenshot of each test's last page goes to ``test-artifacts/e2e/``
(gitignored); with ``FRH_E2E_SCREENSHOTS=all`` one of every page checked.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as allauth_mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, sync_playwright

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role

# Playwright's sync API runs an event loop in this thread; the tests still touch the
# database directly (fixtures, assertions), which Django would otherwise refuse.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# FRH_E2E_SCREENSHOTS=all saves every checked page, not only each test's last one.
SCREENSHOT_EVERY_PAGE = os.environ.get("FRH_E2E_SCREENSHOTS", "") == "all"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Familien-Rathaus-2026"
TOTP_MARGIN_SECONDS = 3
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package")
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing: run npm ci")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _artifacts() -> None:
    """Start each run with an empty screenshot folder, so nothing stale is looked at."""
    if ARTIFACTS.exists():
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """The window size: desktop, or for ``parametrize("viewport", ["phone"], indirect=True)``
    a phone's."""
    return VIEWPORTS[getattr(request, "param", "desktop")]


@pytest.fixture
def color_scheme(request: pytest.FixtureRequest) -> str:
    """The system's colour scheme: light, or ``parametrize("color_scheme", ["dark"],
    indirect=True)``; KERN follows it, so contrast must hold in both."""
    return str(getattr(request, "param", "light"))


# ------------------------------------------------------------------------ database


@pytest.fixture(scope="session")
def _cache_table(django_db_setup: None, django_db_blocker: Any) -> None:
    # tests/conftest.py may already create it in django_db_setup; this is idempotent.
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def site(_cache_table: None, live_server: Any, settings: Any) -> Any:
    """The live server with the demo alliance's settings and legal pages, fresh cache."""
    # Hashing with the real (slow) hasher would dominate the run; the hash is not
    # what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate limits and used TOTP codes live in the cache; the table outlives each test.
    cache.clear()
    from familienrathaus.core import demo

    demo.load()
    return live_server


def _make_user(
    email: str, *, role: str = Role.FAMILY, name: str = "", totp_secret: str | None = None
) -> User:
    """A user with a verified e-mail address (as after confirming it) and PASSWORD.

    Each test creates its own users, so no TOTP code is ever used twice by one user
    (allauth rejects a code that was already used in its time step).
    """
    user = User.objects.create_user(email, PASSWORD, name=name, role=role)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if totp_secret:
        TOTP.activate(user, totp_secret)
    return user


@pytest.fixture
def make_user(site: Any) -> Callable[..., User]:
    return _make_user


def totp_code(secret: str) -> str:
    """The authenticator app's current code for a base32 secret (allauth's algorithm).

    allauth accepts only the current time step (MFA_TOTP_TOLERANCE is 0), so a code
    read in the last moments of its step could expire before the server checks it.
    Like a person who sees the app's timer run out, wait for the next step then.
    """
    period = allauth_mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < TOTP_MARGIN_SECONDS:
        time.sleep(left + 0.05)
    counter = int(time.time()) // period
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def totp_secret() -> str:
    """A new authenticator secret (base32), as an authenticator app would store it."""
    return generate_totp_secret()


@pytest.fixture(name="totp_code")
def totp_code_fixture() -> Callable[[str], str]:
    """``totp_code(secret)``: the authenticator app's current code."""
    return totp_code


# ------------------------------------------------------------------------- browse


class AccessibilityError(AssertionError):
    pass


class Browse:
    """One browser tab on the live server that checks every page it loads."""

    def __init__(
        self, page: Page, base_url: str, axe_source: str, name: str, *, csp_bypassed: bool = True
    ) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname
        self.axe_source = axe_source
        self.name = name
        self.csp_bypassed = csp_bypassed
        self.loaded: list[str] = []  # main-frame documents, in order
        self.checked: list[str] = []
        self.foreign_requests: list[str] = []
        self.requests = 0
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        # Paths whose axe run leaves out parts we do not control (selector lists).
        self.axe_exclude: dict[str, list[str]] = {}
        page.on("load", lambda p: self.loaded.append(p.url))
        # On the context, so that requests of any other tab or worker count too.
        page.context.on("request", self._record_request)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    # -- navigation -------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def visit(
        self, path: str, *, status: int | None = 200, ready: str | None = None
    ) -> Response | None:
        """Open a path (or a full URL on the live server) and check the page.

        ``status`` is that of the final response, after redirects. ``ready`` is a
        selector to wait for before axe runs, for pages that render with JavaScript.
        """
        response = self.page.goto(path if path.startswith("http") else self.url(path))
        if status is not None:
            assert response is not None
            assert response.status == status, f"GET {path}: {response.status}, not {status}"
        self.check(ready=ready)
        return response

    def click(self, target: Locator, *, ready: str | None = None) -> None:
        """Click a link or submit button that loads a new page, then check that page."""
        with self.page.expect_navigation():
            target.click()
        self.check(ready=ready)

    def submit(self, form: Locator) -> None:
        """Submit a form with its (first) submit button."""
        self.click(form.locator("button[type=submit], input[type=submit]").first)

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        """Fill in allauth's login form on the current page and submit it."""
        form = self.page.locator("main form").filter(has=self.page.locator("input[name=login]"))
        form.locator("input[name=login]").fill(email)
        form.locator("input[name=password]").fill(password)
        self.submit(form)

    def enter_totp(self, secret: str) -> None:
        """Answer the second-factor page with the authenticator's current code."""
        assert urlsplit(self.page.url).path == "/konto/2fa/authenticate/", self.page.url
        form = self.page.locator("main form").filter(has=self.page.locator("input[name=code]"))
        form.locator("input[name=code]").fill(totp_code(secret))
        self.submit(form)

    # -- checks -----------------------------------------------------------------

    def check(self, *, ready: str | None = None) -> None:
        """Run axe-core on the current page; raise on any WCAG 2.1 A/AA violation."""
        self.page.wait_for_load_state("load")
        if ready:
            self.page.locator(ready).first.wait_for()
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            if self.csp_bypassed:
                self.page.add_script_tag(content=self.axe_source)
            else:
                # An inline <script> would be blocked (and reported) by the CSP; code
                # evaluated through the DevTools protocol is not subject to it.
                self.page.evaluate(self.axe_source)
        path = urlsplit(self.page.url).path
        context: dict[str, Any] = {"include": [["html"]]}
        if path in self.axe_exclude:
            context["exclude"] = [[selector] for selector in self.axe_exclude[path]]
        result = self.page.evaluate(
            """([context, tags]) => axe.run(context, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            })""",
            [context, AXE_TAGS],
        )
        # Count each document once, however often it is checked.
        if not self.page.evaluate("() => window.__frhChecked === true"):
            self.page.evaluate("() => { window.__frhChecked = true; }")
            self.checked.append(self.page.url)
        if SCREENSHOT_EVERY_PAGE:
            self.screenshot(f"{len(self.checked):02d}")
        violations = result["violations"]
        if violations:
            self.screenshot("axe-failure")
            raise AccessibilityError(
                f"axe found {len(violations)} accessibility violation(s) on {self.page.url}:\n"
                + format_violations(violations)
            )

    def screenshot(self, label: str = "") -> Path:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", self.name).strip("-")
        path = ARTIFACTS / f"{stem}{'-' + label if label else ''}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def _record_request(self, request: Any) -> None:
        self.requests += 1
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if parts.hostname != self.host:
            self.foreign_requests.append(request.url)

    def finish(self) -> None:
        """Checks that hold for the whole test; called after the test body."""
        # Playwright only logs exceptions in listeners: make sure ours ran at all.
        assert self.requests > 0, "the request listener recorded nothing"
        assert not self.page_errors, "JavaScript errors:\n" + "\n".join(self.page_errors)
        assert not self.foreign_requests, (
            "The page requested resources from other hosts (no third-party requests "
            "are allowed):\n" + "\n".join(sorted(set(self.foreign_requests)))
        )
        # Wait for a "load" event that may still be on its way for a page the test
        # left without checking; a round trip to the page lets it arrive.
        self.page.evaluate("() => document.readyState")
        unchecked = len(self.loaded) - len(self.checked)
        assert unchecked <= 0, (
            f"{unchecked} page(s) were loaded without an axe check; navigate with "
            f"browse.visit()/click()/submit() or call browse.check(). Loaded: {self.loaded}; "
            f"checked: {self.checked}"
        )


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"    why:    {summary[:400]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more node(s)")
    return "\n".join(lines)


def new_context(
    browser: Browser, viewport: dict[str, int], *, bypass_csp: bool, color_scheme: str = "light"
) -> BrowserContext:
    context = browser.new_context(
        bypass_csp=bypass_csp,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport=viewport,
        color_scheme=color_scheme,  # type: ignore[arg-type]
    )
    context.set_default_timeout(10_000)
    return context


def _open(request: pytest.FixtureRequest, helper: Browse) -> Iterator[Browse]:
    yield helper
    report = getattr(request.node, "rep_call", None)
    passed = report is not None and report.passed
    try:
        helper.screenshot()
    except Exception:  # after a failure the page may be gone; the failure matters more
        if passed:
            raise
    if passed:
        helper.finish()


@pytest.fixture
def browse(
    request: pytest.FixtureRequest,
    site: Any,
    browser: Browser,
    viewport: dict[str, int],
    color_scheme: str,
    axe_source: str,
) -> Iterator[Browse]:
    """A tab in a fresh browser context (bypassing the CSP so axe can be injected)."""
    context = new_context(browser, viewport, bypass_csp=True, color_scheme=color_scheme)
    try:
        helper = Browse(context.new_page(), site.url, axe_source, request.node.name)
        yield from _open(request, helper)
    finally:
        context.close()


@pytest.fixture
def strict_browse(
    request: pytest.FixtureRequest, site: Any, browser: Browser, axe_source: str
) -> Iterator[Browse]:
    """A tab whose context enforces the site's Content-Security-Policy."""
    context = new_context(browser, DESKTOP, bypass_csp=False)
    try:
        helper = Browse(
            context.new_page(), site.url, axe_source, request.node.name, csp_bypassed=False
        )
        yield from _open(request, helper)
    finally:
        context.close()


def screenshots(folder: str, prefix: str = "") -> Callable[[Browse, str], None]:
    """``shot(browse, name)``: a full-page screenshot under ``/tmp/shots/<folder>/``,
    for people to look at after a run (nothing reads them back)."""
    path = Path("/tmp/shots") / folder  # noqa: S108

    def shot(browse: Browse, name: str) -> None:
        path.mkdir(parents=True, exist_ok=True)
        browse.page.screenshot(path=str(path / f"{prefix}{name}.png"), full_page=True)

    return shot


@pytest.fixture
def phone_tab(
    browser: Browser, axe_source: str, site: Any, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Browse]]:
    """``phone_tab(name)``: another person's browser on a phone, checked by axe."""
    contexts = []

    def open_tab(name: str) -> Browse:
        context = new_context(browser, PHONE, bypass_csp=True)
        contexts.append(context)
        return Browse(context.new_page(), site.url, axe_source, f"{request.node.name}-{name}")

    yield open_tab
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures know whether the test passed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
