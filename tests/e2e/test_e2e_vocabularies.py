"""A coordinator edits the shared vocabularies in the back office ("Begriffe")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import AuditEntry, District, Theme
from familienrathaus.core.models.users import Role
from tests.e2e.test_e2e_backoffice import log_in_coordinator
from tests.factories import OfferFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

START = "/verwaltung/begriffe/"


def test_coordinator_renames_a_theme_and_adds_a_district(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    user = make_user(
        "mara@familienbuero.example",
        role=Role.COORDINATOR,
        name="Mara Koordinatorin",
        totp_secret=totp_secret,
    )
    OfferFactory(
        searchable=True,
        title="Kletterkurs im Hochseilgarten",
        slug="kletterkurs-im-hochseilgarten",
        themes=["sport-freizeit-und-kultur"],
    )
    theme = Theme.objects.get(slug="sport-freizeit-und-kultur")
    browse.visit("/angebote/?q=Bewegungsfreude")
    expect(page.locator("main")).not_to_contain_text("Kletterkurs im Hochseilgarten")

    log_in_coordinator(browse, user.email, totp_secret, start=START)
    themes = page.locator("main section#themen")
    row = themes.locator("tbody tr").filter(has_text="Sport, Freizeit und Kultur")
    expect(row.locator("td").nth(1)).not_to_have_text("0")

    # Rename the theme: the slug stays, the search follows.
    browse.click(row.locator(f"a[href='{START}themen/{theme.pk}/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=name]").fill("Bewegungsfreude und Kultur")
    browse.submit(form)
    assert page.url.endswith(START + "#themen")
    expect(page.locator("main [role=status]")).to_contain_text("Bewegungsfreude und Kultur")
    expect(themes.locator("tbody th")).to_contain_text(["Bewegungsfreude und Kultur"])
    theme.refresh_from_db()
    assert (theme.name, theme.slug) == ("Bewegungsfreude und Kultur", "sport-freizeit-und-kultur")

    # Add a district; an empty name is refused at the field first.
    districts = page.locator("main section#ortsteile")
    browse.click(districts.locator(f"a[href='{START}ortsteile/neu/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=position]").fill("5")
    browse.submit(form)
    expect(page.locator("main input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main input[name=position]")).to_have_value("5")
    form.locator("input[name=name]").fill("Rhynern")
    browse.submit(form)
    assert page.url.endswith(START + "#ortsteile")
    expect(districts.locator("tbody th")).to_contain_text(["Rhynern"])
    assert District.objects.get(name="Rhynern").slug == "rhynern"
    assert AuditEntry.objects.filter(action="theme.update", actor=user).exists()
    assert AuditEntry.objects.filter(action="district.create", actor=user).exists()

    browse.visit("/angebote/?q=Bewegungsfreude")
    expect(page.locator("main")).to_contain_text("Kletterkurs im Hochseilgarten")
