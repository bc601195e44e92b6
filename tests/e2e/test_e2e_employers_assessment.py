"""An employer's team fills in the self-assessment on a phone over two sittings (the
second after logging in again), hands it in, reads its strengths and gaps, and takes a
measure for a gap into its plan. axe checks every page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.employers.models import Answer, EmployerMember, Measure, Participation, Round
from tests.factories.employers import (
    CatalogueFactory,
    ParticipationFactory,
    RoundFactory,
    reseed,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _seeded(transactional_db: Any) -> None:
    """The catalogue and measures that a migration seeds, removed by an earlier test's flush."""
    reseed()


# FRH_EMPLOYERS_SHOTS=/tmp/shots/employers keeps a screenshot of each step there too.
SHOTS = os.environ.get("FRH_EMPLOYERS_SHOTS", "")


def _shot(browse: Browse, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(browse.screenshot(label), Path(SHOTS) / f"{label}.png")


def _answer(browse: Browse, statement: str, score: str, comment: str = "") -> None:
    item = browse.page.locator("section.frh-assess__item").filter(
        has=browse.page.get_by_role("heading", name=statement)
    )
    item.get_by_label(score, exact=True).check()
    if comment:
        item.get_by_label("Kommentar").fill(comment)
    browse.submit(item.locator("form"))
    saved = browse.page.locator("section.frh-assess__item").filter(
        has=browse.page.get_by_role("heading", name=statement)
    )
    expect(saved.get_by_text("Gespeichert.", exact=True)).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_team_assesses_over_two_sittings_and_plans_a_measure(
    browse: Browse, make_user: Any
) -> None:
    page = browse.page
    participation = ParticipationFactory(
        round=RoundFactory(catalogue=CatalogueFactory(), status=Round.Status.RUNNING),
        employer__name="Stadtwerke Musterstadt",
    )
    user = make_user("personal@stadtwerke.example", name="Petra Personal")
    EmployerMember.objects.create(employer=participation.employer, user=user, role="assessor")
    overview = f"/arbeitgeber/teilnahmen/{participation.pk}/selbstbewertung/"

    # First sitting: begin, answer the first field of action.
    browse.visit(overview, status=200)
    browse.log_in(user.email)
    browse.visit(overview)
    _shot(browse, "01-begin")
    browse.click(page.get_by_role("button", name="Selbstbewertung beginnen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitszeit")
    _answer(browse, "Arbeitszeit: Aussage 1", "Vollständig umgesetzt", "Gleitzeit für alle")
    _answer(browse, "Arbeitszeit: Aussage 2", "Geplant")
    _shot(browse, "02-first-field")

    # Second sitting: logged in again later, the answers are still there.
    page.context.clear_cookies()
    browse.visit(overview)
    browse.log_in(user.email)
    browse.visit(overview)
    expect(page.get_by_text("1 von 2 Handlungsfeldern vollständig")).to_be_visible()
    _shot(browse, "03-overview")
    browse.click(page.get_by_role("link", name="Service für Familien"))
    _answer(browse, "Service für Familien: Aussage 1", "Nicht vorhanden")
    _answer(browse, "Service für Familien: Aussage 2", "Teilweise umgesetzt")
    browse.click(page.get_by_role("link", name="Überblick"))
    expect(page.get_by_text("2 von 2 Handlungsfeldern vollständig")).to_be_visible()
    browse.click(page.get_by_role("link", name="Selbstbewertung abgeben"))
    _shot(browse, "04-hand-in")
    browse.click(page.get_by_role("button", name="Jetzt abgeben"))

    # The report: the chart with its table, strengths and gaps in words.
    expect(page.get_by_role("heading", level=1)).to_have_text("Stärken und Lücken")
    expect(page.get_by_role("img", name="Erreichter Stand je Handlungsfeld")).to_be_visible()
    expect(
        page.get_by_text("Handlungsbedarf vor allem: Service für Familien (33 %).")
    ).to_be_visible()
    _shot(browse, "05-report")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.SUBMITTED
    assert Answer.objects.filter(participation=participation).count() == 4

    # Measures from the gaps.
    browse.click(page.get_by_role("link", name="Maßnahmenplan").first)
    # The catalogue (seeded) suggests measures for the field with gaps.
    suggested = page.locator(".frh-measures__suggest li").filter(has_text="Notfallbetreuung")
    browse.click(suggested.first.get_by_role("button", name="In den Plan übernehmen"))
    form = page.locator("main form.frh-assess__form")
    form.get_by_label("Verantwortlich").fill("Personalabteilung")
    form.get_by_label("Fällig am").fill("2027-06-30")
    form.get_by_label("Status").select_option("in_progress")
    _shot(browse, "06-measure")
    browse.submit(form)
    expect(page.get_by_text("Verantwortlich: Personalabteilung")).to_be_visible()
    expect(page.get_by_text("0 von 1 Maßnahmen umgesetzt")).to_be_visible()
    _shot(browse, "07-plan")
    measure = Measure.objects.get(participation=participation)
    assert (measure.owner, measure.status) == ("Personalabteilung", "in_progress")
