"""The public site: language switch, legal pages, feedback form, API docs, CSP."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from playwright.sync_api import expect

from familienrathaus.core.models import AccessibilityFeedback, OutboxMessage

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def language_button(browse: Browse, code: str):  # type: ignore[no-untyped-def]
    return browse.page.locator(f"header nav.frh-language a[hreflang={code}]")


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("path", ["/", "/seite/datenschutz/"], ids=["home", "privacy"])
def test_language_switch_reloads_the_same_page_in_the_other_language(
    browse: Browse, path: str
) -> None:
    page = browse.page
    html = page.locator("html")
    browse.visit(path)
    # German is the default; the links offer each other language, in its own name.
    expect(html).to_have_attribute("lang", "de")
    expect(page.locator("header nav.frh-language a")).to_have_count(len(settings.LANGUAGES) - 1)
    expect(language_button(browse, "tr")).to_have_text("Türkçe")
    button = language_button(browse, "en")
    expect(button).to_have_attribute("lang", "en")
    expect(button).to_have_text("English")

    browse.click(button)
    expect(html).to_have_attribute("lang", "en")
    assert browse.path == f"/en{path}"
    expect(language_button(browse, "en")).to_have_count(0)
    button = language_button(browse, "de")
    expect(button).to_have_attribute("lang", "de")
    expect(button).to_have_text("Deutsch")

    # The choice is remembered on the next page.
    browse.click(page.locator("footer a[href='/en/seite/impressum/']"))
    expect(html).to_have_attribute("lang", "en")
    assert browse.path == "/en/seite/impressum/"

    browse.click(language_button(browse, "tr"))
    expect(html).to_have_attribute("lang", "tr")
    assert browse.path == "/tr/seite/impressum/"
    expect(language_button(browse, "en")).to_have_text("English")

    browse.click(language_button(browse, "de"))
    expect(html).to_have_attribute("lang", "de")
    assert browse.path == "/seite/impressum/"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_accessibility_statement_takes_feedback(browse: Browse) -> None:
    page = browse.page
    browse.visit("/")
    browse.click(page.locator("footer a[href='/seite/barrierefreiheit/']"))
    form = page.locator("#feedback form")

    # Without a message: the error is shown at the field and the rest is kept.
    form.locator("input[name=name]").fill("Mara Muster")
    form.locator("input[name=email]").fill("mara@example.org")
    browse.submit(form)
    form = page.locator("#feedback form")
    message = form.locator("textarea[name=message]")
    expect(form.locator("[role=alert]")).to_be_in_viewport()
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#id_message-error")).to_be_visible()
    expect(form.locator("[role=alert]")).to_be_visible()
    expect(form.locator("input[name=name]")).to_have_value("Mara Muster")
    expect(form.locator("input[name=email]")).to_have_value("mara@example.org")
    assert not AccessibilityFeedback.objects.exists()

    message.fill("Die Karte lässt sich mit der Tastatur nicht bedienen.")
    form.locator("input[name=page_url]").fill("/karte/")
    browse.submit(form)
    assert browse.page.url.endswith("/seite/barrierefreiheit/#feedback")
    # The thanks appear where the page opens, next to the form, not far above it.
    thanks = page.locator("#feedback [role=status]")
    expect(thanks).to_be_visible()
    expect(thanks).to_be_in_viewport()
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.name == "Mara Muster"
    assert feedback.page_url == "/karte/"
    # The coordinators are told by e-mail (through the outbox).
    mail = OutboxMessage.objects.get()
    assert mail.reply_to == ["mara@example.org"]
    assert "Die Karte lässt sich" in mail.body_text


def test_easy_language_page_is_linked_from_the_home_page(browse: Browse) -> None:
    page = browse.page
    browse.visit("/")
    browse.click(page.locator("main a[href='/seite/leichte-sprache/']"))
    expect(page.locator("main h1")).to_have_text("Leichte Sprache")
    expect(page.locator("main article h2").first).to_be_visible()
    # The other legal pages are all reachable from the footer.
    for kind in ("impressum", "datenschutz"):
        browse.click(page.locator(f"footer a[href='/seite/{kind}/']"))
        expect(page.locator("main h1")).to_be_visible()
    # A mistyped address gets a page in the site's layout with a way back.
    browse.visit("/seite/agb/", status=404)
    browse.click(page.locator("main a[href='/']"))
    assert browse.path == "/"


def test_api_docs_render_from_the_sites_own_files(browse: Browse) -> None:
    # Swagger UI's own markup has contrast and nesting problems we cannot fix here
    # (they are in the bundled package); axe checks everything around it.
    browse.axe_exclude["/api/v1/docs"] = ["#swagger-ui"]
    browse.visit("/api/v1/docs", ready="#swagger-ui .info .title")
    expect(browse.page.locator("#swagger-ui .info .title")).to_contain_text("Familienrathaus API")
    expect(browse.page.locator("#swagger-ui .opblock").first).to_be_visible()


def test_pages_work_under_the_strict_content_security_policy(strict_browse: Browse) -> None:
    """Without bypassing the CSP: no violation is reported and Swagger UI still renders."""
    browse = strict_browse
    browse.axe_exclude["/api/v1/docs"] = ["#swagger-ui"]
    browse.visit("/")
    browse.visit("/konto/login/")
    browse.visit("/seite/barrierefreiheit/")
    browse.visit("/api/v1/docs", ready="#swagger-ui .info .title")
    violations = [e for e in browse.console_errors if "Content Security Policy" in e]
    assert not violations, "\n".join(violations)
