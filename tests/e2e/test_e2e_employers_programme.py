"""The programme's start in Chromium on a phone, checked by axe on every page: a
coordinator creates a round with a workshop and opens it; an employer registers, invites
a colleague and applies; the coordinator admits it; the employer's team sees where it
stands and may register for the workshop; the catalogue editor makes a new version."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import Employer, Participation
from tests.e2e.conftest import PHONE, Browse, new_context, screenshots
from tests.factories.employers import reseed

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _seeded(transactional_db: Any) -> None:
    """The catalogue and measures that a migration seeds, removed by an earlier test's flush."""
    reseed()


shot = screenshots("employers")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_round_opens_an_employer_registers_applies_and_is_admitted(
    browse: Browse,
    browser: Browser,
    axe_source: str,
    site: Any,
    make_user: Any,
    totp_secret: str,
) -> None:
    make_user("runden@musterstadt.example", role=Role.COORDINATOR, name="Kim Koordination",
              totp_secret=totp_secret)  # fmt: skip
    make_user("personal@baeckerei.example", name="Paula Personal")
    today = timezone.localdate()

    # The coordinator creates a round with a workshop and opens it.
    browse.visit("/verwaltung/arbeitgeber/", status=200)
    browse.log_in("runden@musterstadt.example")
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/arbeitgeber/"
    browse.click(browse.page.get_by_role("link", name="Neue Runde"))
    form = browse.page.locator("main form")
    form.get_by_label("Name", exact=True).fill("Runde 2027")
    form.get_by_label("beginnt am").fill((today + timedelta(days=20)).isoformat())
    form.get_by_label("endet am").fill((today + timedelta(days=300)).isoformat())
    form.get_by_label("höchste Zahl der Arbeitgeber").fill("12")
    form.get_by_label("unterzeichnet von").fill("Oberbürgermeisterin Erika Muster")
    shot(browse, "01-round-form")
    browse.submit(form)
    expect(browse.page.locator("h1")).to_have_text("Runde 2027")
    browse.click(browse.page.get_by_role("link", name="Neuer Workshop"))
    form = browse.page.locator("main form")
    form.get_by_label("Titel").fill("Workshop 1: Bestandsaufnahme")
    form.get_by_label("Tag").fill((today + timedelta(days=25)).isoformat())
    form.get_by_label("von", exact=True).fill("09:00")
    form.get_by_label("bis", exact=True).fill("12:00")
    browse.submit(form)
    browse.click(browse.page.get_by_role("button", name="Auf „offen für Bewerbungen“ setzen"))
    expect(browse.page.locator(".frh-facts")).to_contain_text("Offen für Bewerbungen")
    shot(browse, "02-round-open")

    # An employer registers, invites a colleague and applies, on a phone.
    context = new_context(browser, PHONE, bypass_csp=True)
    try:
        team = Browse(context.new_page(), site.url, axe_source, "employer-team")
        team.visit("/arbeitgeber/")
        shot(team, "03-my-employer-visitor")
        team.click(team.page.locator("main").get_by_role("link", name="Anmelden", exact=True))
        team.log_in("personal@baeckerei.example")
        assert team.path == "/arbeitgeber/registrieren/"
        form = team.page.locator("main form")
        form.get_by_label("Name des Arbeitgebers").fill("Bäckerei Sonnenkorn")
        form.get_by_label("Größe").select_option("10-49")
        form.get_by_label("Branche").select_option("crafts")
        form.get_by_label("Ort").fill("Musterstadt")
        form.get_by_label("E-Mail-Adresse").fill("info@sonnenkorn.example")
        team.submit(form)  # the consent is missing: nothing typed is lost
        expect(form.get_by_label("Name des Arbeitgebers")).to_have_value("Bäckerei Sonnenkorn")
        shot(team, "04-register-error")
        team.page.locator("main form").get_by_label("Ich darf diesen Arbeitgeber").check()
        team.submit(team.page.locator("main form"))
        assert team.path == "/arbeitgeber/"
        shot(team, "05-my-employer")
        employer = Employer.objects.get(name="Bäckerei Sonnenkorn")
        team.click(team.page.get_by_role("link", name="Team", exact=True))
        form = team.page.locator("main form").filter(has_text="Kollegin oder Kollegen einladen")
        form.get_by_label("E-Mail-Adresse").fill("geselle@sonnenkorn.example")
        form.get_by_label("Name", exact=True).fill("Gerd Geselle")
        team.submit(form)
        expect(team.page.locator("main")).to_contain_text("Gerd Geselle")
        shot(team, "06-team")
        team.visit("/arbeitgeber/")
        team.click(team.page.get_by_role("link", name="Bewerben"))
        shot(team, "07-apply")
        team.submit(team.page.locator("main form"))
        expect(team.page.locator("main")).to_contain_text("Ihre Bewerbung ist eingegangen")
        participation = Participation.objects.get(employer=employer)

        # The coordinator admits it.
        browse.visit(f"/verwaltung/arbeitgeber/runden/{participation.round_id}/")
        shot(browse, "08-round-applications")
        # The button names its employer for screen readers ("Zulassen: Bäckerei Sonnenkorn").
        admit = browse.page.get_by_role(
            "button", name=re.compile(r"^Zulassen\W+Bäckerei Sonnenkorn$")
        )
        browse.click(admit)
        expect(browse.page.locator("main")).to_contain_text("ist zugelassen")

        # The team sees where it stands and may register for the workshop.
        team.visit(f"/arbeitgeber/teilnahmen/{participation.pk}/")
        expect(team.page.locator("[aria-current=step]")).to_have_text("Zugelassen")
        shot(team, "09-participation")
        team.click(team.page.get_by_role("link", name="Workshop 1: Bestandsaufnahme"))
        team.click(team.page.get_by_role("link", name="Anmelden").first)
        expect(team.page.locator("main form")).to_be_visible()
        shot(team, "10-workshop-register")
        team.finish()
    finally:
        context.close()

    # The catalogue in use stays; a new version is made to edit.
    browse.visit("/verwaltung/arbeitgeber/kataloge/")
    browse.click(browse.page.get_by_role("link", name="FAMILIENbewusstes Unternehmen (v1)"))
    shot(browse, "11-catalogue-frozen")
    browse.click(browse.page.get_by_role("button", name="Neue Version zum Bearbeiten anlegen"))
    expect(browse.page.locator("h1")).to_have_text("FAMILIENbewusstes Unternehmen (v2)")
    shot(browse, "12-catalogue-draft")
