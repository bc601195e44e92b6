"""A family registers, confirms its e-mail address and logs in (on a phone)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import OutboxMessage, User

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

EMAIL = "familie.yilmaz@example.org"
PASSWORD = "Sommerferien-am-See-2026"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_family_registers_confirms_the_address_and_logs_in(browse: Browse) -> None:
    page = browse.page
    browse.visit("/")
    browse.click(page.locator("header a[href='/konto/login/']"))
    browse.click(page.locator("main a[href^='/konto/signup/']"))

    form = page.locator("main form")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    browse.submit(form)

    # "Verify your e-mail address": the mail waits in the outbox for the worker.
    assert browse.path == "/konto/confirm-email/"
    expect(page.locator("main h1")).to_have_count(1)
    mails = [m for m in OutboxMessage.objects.all() if m.to == [EMAIL]]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.status == OutboxMessage.Status.QUEUED
    match = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.body_text)
    assert match, mail.body_text
    link = match.group(0)
    assert link.startswith(browse.base_url + "/")

    browse.visit(link)
    expect(page.locator("main")).to_contain_text(EMAIL)
    browse.submit(page.locator("main form"))
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified

    # Confirming does not log in by itself (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off).
    assert browse.path == "/konto/login/"
    browse.log_in(EMAIL, PASSWORD)
    assert browse.path == "/"

    browse.click(page.locator("header a[href='/konto/uebersicht/']"))
    assert browse.path == "/konto/uebersicht/"
    expect(page.locator("main dl")).to_contain_text(EMAIL)
    # Their addresses: the new one is verified and primary.
    browse.click(page.locator("main a[href='/konto/email/']"))
    expect(page.locator(f"main input[type=radio][value='{EMAIL}']")).to_be_checked()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_failed_signup_shows_the_errors_at_the_fields_and_keeps_the_address(
    browse: Browse,
) -> None:
    page = browse.page
    browse.visit("/konto/signup/")
    form = page.locator("main form")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill("kurz")
    form.locator("input[name=password2]").fill("anders")
    browse.submit(form)

    assert urlsplit(page.url).path == "/konto/signup/"
    form = page.locator("main form")
    expect(form.locator("[role=alert]")).to_be_visible()
    expect(form.locator("input[name=email]")).to_have_value(EMAIL)
    password = form.locator("input[name=password1]")
    expect(password).to_have_attribute("aria-invalid", "true")
    # The message is next to the field and read out with it.
    error = form.locator("#id_password1-error")
    expect(error).to_be_visible()
    expect(password).to_have_attribute("aria-describedby", re.compile(r"\bid_password1-error\b"))

    # A good password typed differently the second time: the error is at the repetition.
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD + "!")
    browse.submit(form)
    form = page.locator("main form")
    expect(form.locator("input[name=email]")).to_have_value(EMAIL)
    expect(form.locator("input[name=password2]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#id_password2-error")).to_be_visible()
    expect(form.locator("#id_password1-error")).to_have_count(0)
    assert not User.objects.filter(email=EMAIL).exists()
