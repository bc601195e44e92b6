"""A coordinator reads a survey's results on a phone and at the desk: charts with their
tables, a filter applied to all questions, the free texts, the CSV download; a family
reads the public results of a closed survey. Every page is checked by axe."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.surveys.models import Survey
from tests.e2e.test_e2e_backoffice import log_in_coordinator
from tests.factories.survey_answers import respond
from tests.factories.surveys import make_survey

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

# FRH_SHOTS_DIR=/tmp/shots/surveys-results keeps a copy of the pages to look at.
SHOTS = os.environ.get("FRH_SHOTS_DIR", "")


def _shot(browse: Browse, label: str) -> None:
    """A screenshot of the page for people to look at (not an assertion)."""
    path = browse.screenshot(label)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def _survey_with_answers() -> Survey:
    survey = make_survey(published=True, title_de="Familienbefragung Musterstadt")
    radio = survey.channels.create(name="Radio")
    today = timezone.localdate()
    for i in range(14):
        respond(
            survey,
            channel=radio if i % 3 else None,
            day=today - timedelta(days=i % 5),
            kinder="1" if i < 10 else "2",
            wuensche=["1", "3"] if i % 2 else ["2"],
            zufrieden=(i % 5) + 1,
            kita={"plaetze": (i % 4) + 1, "zeiten": "dk" if i % 6 == 0 else 3},
            anmerkung=f"Mehr Spielplätze im Nordviertel, bitte ({i})" if i % 4 == 0 else "Danke",
        )
    return survey


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_coordinator_filters_the_results_reads_free_texts_and_downloads_the_csv(
    browse: Browse, make_user: Any, totp_secret: str, viewport: dict[str, int]
) -> None:
    page = browse.page
    survey = _survey_with_answers()
    make_user("auswertung@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    start = f"/verwaltung/befragungen/{survey.pk}/ergebnisse/"
    log_in_coordinator(browse, "auswertung@familienbuero.example", totp_secret, start=start)
    width = "phone" if viewport["width"] < 600 else "desktop"

    expect(page.locator("h1")).to_contain_text("Familienbefragung Musterstadt")
    expect(page.locator("main")).to_contain_text("14 vollständige Antworten")
    charts = page.locator("main svg.frh-chart__svg[role=img]")
    assert charts.count() >= 5  # channels, days, and the questions
    # Every chart has its table; the first one unfolds.
    first = page.locator("#frage-kinder").locator("xpath=..").locator("details")
    first.locator("summary").click()
    expect(first.locator("table")).to_contain_text("71 %")  # 10 of 14 said "Ja"
    _shot(browse, f"{width}-results")

    # One filter for all questions: only families who said "Ja".
    page.select_option("#results-filter", "kinder:1")
    browse.submit(page.locator("form.frh-results__filter"))
    assert "filter=kinder%3A1" in browse.path
    expect(page.locator(".frh-results__active-filter")).to_contain_text("„Ja“")
    expect(page.locator("main")).to_contain_text("10 vollständige Antworten")
    # The four "Nein" families are too few to show.
    page.select_option("#results-filter", "kinder:2")
    browse.submit(page.locator("form.frh-results__filter"))
    expect(page.locator("main")).to_contain_text("weniger als 5 Antworten — nicht angezeigt")
    _shot(browse, f"{width}-results-small-group")

    # Free texts: searchable.
    browse.visit(start)
    browse.click(page.get_by_role("link", name="Freitext-Antworten durchsuchen"))
    page.fill("#texts-search", "Nordviertel")
    browse.submit(page.locator("form.frh-results__search"))
    expect(page.locator("main")).to_contain_text("4 Antworten gefunden")
    _shot(browse, f"{width}-free-texts")

    # The CSV for German Excel.
    browse.visit(start)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Antworten als CSV (Excel)").click()
    content = Path(waiting.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("nr;kanal;tag;kinder;")
    assert len(content.decode("utf-8-sig").strip().splitlines()) == 15


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_family_reads_the_public_results_of_a_closed_survey(browse: Browse) -> None:
    survey = _survey_with_answers()
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(
        public_results=True, opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=1)
    )
    browse.visit(f"/befragungen/{survey.slug}/ergebnisse/")
    main = browse.page.locator("main")
    expect(main).to_contain_text("14 Familien haben mitgemacht.")
    expect(main).to_contain_text("Haben Sie Kinder unter 6?")
    expect(main).not_to_contain_text("Nordviertel, bitte")  # free text is never public
    _shot(browse, "phone-public-results")
