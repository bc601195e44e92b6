"""A coordinator reads the concerns reports on a phone: the figures of the demo year,
charts with their tables, the downloads, and the anonymised annual report; axe checks
every page (light and dark)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.concerns import demo as concerns_demo
from familienrathaus.core.models.users import Role
from familienrathaus.partners import demo as partners_demo
from familienrathaus.postcards import demo as postcards_demo
from tests.e2e.conftest import screenshots

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

shot = screenshots("concerns-reports")


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_coordinator_reads_the_reports_on_a_phone(
    browse: Browse, make_user: Any, totp_secret: str, color_scheme: str
) -> None:
    partners_demo.load()
    postcards_demo.load()
    concerns_demo.load()
    user = make_user("berichte@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    page = browse.page

    browse.visit("/verwaltung/anliegen/berichte/")
    browse.log_in(user.email)
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/anliegen/berichte/"
    expect(page.locator("h1")).to_have_text("Berichte zu Anliegen")
    assert int(page.locator('[data-figure="total"]').inner_text()) > 0
    expect(page.locator("svg[role=img]").first).to_be_visible()
    shot(browse, f"overview-{color_scheme}")

    # A range of days whose end comes before its start is explained next to the field.
    form = page.locator("form.frh-filter")
    form.locator("input[name=von]").fill("2025-06-01")
    form.locator("input[name=bis]").fill("2025-01-01")
    browse.submit(form)
    expect(page.locator(".kern-error")).to_contain_text("Das Ende darf nicht vor dem")
    expect(page.locator("input[name=bis]")).to_have_value("2025-01-01")

    with page.expect_download() as download:
        page.locator("a", has_text="Als CSV herunterladen").click()
    assert download.value.suggested_filename.endswith(".csv")

    browse.click(page.locator("a", has_text="Anonymisierter Jahresbericht"))
    expect(page.locator("h1")).to_contain_text("Jahresbericht Anliegen")
    page.locator("details.frh-chart__data summary").first.click()
    shot(browse, f"annual-{color_scheme}")
    body = page.locator("main").inner_text()
    assert "Musterstädter Wohnungsbau" not in body
    assert "@" not in body
