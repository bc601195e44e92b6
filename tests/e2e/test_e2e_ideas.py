"""An idea of the Familienbeirat from submission to "done", on a phone: a family submits
it, a coordinator publishes it and answers it stage by stage with reasons and progress,
the family supports it and finds it under "umgesetzt". axe checks every page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.ideas import demo
from familienrathaus.ideas.models import Idea, Stage, Support

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

# FRH_IDEAS_SHOTS=/tmp/shots/ideas keeps a screenshot of each step there too.
SHOTS = os.environ.get("FRH_IDEAS_SHOTS", "")


def _shot(browse: Browse, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(browse.screenshot(label), Path(SHOTS) / f"{label}.png")


def _log_out(browse: Browse) -> None:
    browse.click(browse.page.locator("header form[action='/konto/logout/'] button"))


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_idea_from_submission_to_done(browse: Browse, make_user: Any, totp_secret: str) -> None:
    page = browse.page
    family = make_user("eltern.kaya@example.org", name="Deniz Kaya")
    make_user("koordination@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)

    # A family finds the page in the navigation and submits an idea (after logging in).
    browse.visit("/")
    browse.click(page.locator("nav.frh-nav a[href='/ideen/']"))
    _shot(browse, "01-list-empty")
    browse.click(page.locator("main a[href='/ideen/neu/']"))
    browse.log_in(family.email)
    assert browse.path == "/ideen/neu/"
    form = page.locator("main form.frh-form")
    form.locator("input[name=title]").fill("Sonnensegel am Spielplatz am Bach")
    browse.submit(form)
    # Bad input: the text is missing; the title stays as typed.
    expect(form.locator("input[name=title]")).to_have_value("Sonnensegel am Spielplatz am Bach")
    expect(page.locator("#id_text-error")).to_be_visible()
    _shot(browse, "02-submit-error")
    form.locator("textarea[name=text]").fill("Mittags ist es dort zu heiß für kleine Kinder.")
    browse.submit(form)
    idea = Idea.objects.get()
    assert browse.path == f"/ideen/{idea.pk}/"
    assert idea.status == Idea.Status.SUBMITTED
    _shot(browse, "03-submitted")
    _log_out(browse)

    # The coordinator reviews and publishes it from the back office.
    browse.visit("/konto/login/")
    browse.log_in("koordination@familienbuero.example")
    browse.enter_totp(totp_secret)
    browse.visit("/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/ideen/']"))
    _shot(browse, "04-backoffice-list")
    browse.click(page.locator(f"main a[href='/verwaltung/ideen/{idea.pk}/']"))
    browse.click(page.locator("main button[name=step][value=approve]"))
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED

    # Stage by stage, with a public reason; a missing reason is refused next to the field.
    stage_form = page.locator(f"main form[action='/verwaltung/ideen/{idea.pk}/phase/']")
    stage_form.locator("select[name=stage]").select_option("planned")
    browse.submit(stage_form)
    expect(page.locator("#id_reason-error")).to_be_visible()
    expect(stage_form.locator("select[name=stage]")).to_have_value("planned")
    for stage, reason in [
        ("planned", "Das Grünflächenamt stellt im Frühjahr ein Sonnensegel auf."),
        ("in_progress", "Das Sonnensegel ist bestellt."),
        ("done", "Das Sonnensegel hängt über dem Sandkasten."),
    ]:
        stage_form.locator("select[name=stage]").select_option(stage)
        stage_form.locator("textarea[name=reason]").fill(reason)
        browse.submit(stage_form)
        idea.refresh_from_db()
        assert idea.stage == stage
    progress = page.locator(f"main form[action='/verwaltung/ideen/{idea.pk}/fortschritt/']")
    progress.locator("textarea[name=text]").fill("Aufgehängt mit Hilfe des Familienbeirats.")
    browse.submit(progress)
    _shot(browse, "05-backoffice-detail")
    assert OutboxMessage.objects.filter(purpose="ideas.stage", to=[family.email]).count() == 3
    _log_out(browse)

    # The family reads the answer under "umgesetzt" and supports the idea once.
    browse.visit("/konto/login/")
    browse.log_in(family.email)
    browse.visit("/ideen/")
    browse.click(page.locator(f"main a[href='/ideen/?phase={Stage.DONE}']"))
    expect(page.locator("main")).to_contain_text("Das Sonnensegel hängt über dem Sandkasten.")
    browse.click(page.locator(f".frh-idea-card a[href='/ideen/{idea.pk}/']"))
    expect(page.locator("main")).to_contain_text("Aufgehängt mit Hilfe des Familienbeirats.")
    browse.submit(page.locator(f"main form[action='/ideen/{idea.pk}/unterstuetzen/']"))
    assert Support.objects.filter(idea=idea).count() == 1
    comment = page.locator(f"main form[action='/ideen/{idea.pk}/kommentieren/']")
    comment.locator("textarea[name=text]").fill("Danke, jetzt können wir mittags hin!")
    browse.submit(comment)
    expect(page.locator("main")).to_contain_text("Danke, jetzt können wir mittags hin!")
    _shot(browse, "06-detail-done")

    # With the demo's ideas the public page lists every stage.
    demo.load()
    browse.visit("/ideen/")
    _shot(browse, "07-list-demo")
    browse.visit("/")
    _shot(browse, "08-home")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("color_scheme", ["dark"], indirect=True)
def test_the_demo_ideas_read_well_in_the_dark(browse: Browse) -> None:
    demo.load()
    browse.visit("/ideen/")
    expect(browse.page.locator("main h2").first).to_be_visible()
    idea = Idea.objects.filter(stage=Stage.NOT_POSSIBLE).first()
    assert idea is not None
    browse.click(browse.page.locator(f".frh-idea-card a[href='/ideen/{idea.pk}/']"))
    expect(browse.page.locator("main")).to_contain_text(idea.stage_reason[:40])
    _shot(browse, "09-detail-dark")
