"""A family answers a survey on a phone (390 × 844), in Chromium, with axe checking every
page: once anonymously, once with the code from a letter (the QR code fills it in).

``FRH_SHOTS_DIR=/tmp/shots/surveys-answering`` also saves a screenshot of each step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.surveys.models import InvitationCode, Response, Survey
from tests.factories import district
from tests.factories.surveys import QuestionFactory, make_survey, options

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def _shot(browse: Browse, name: str) -> None:
    folder = os.environ.get("FRH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browse.page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _survey(**kwargs: Any) -> Survey:
    survey = make_survey(status=Survey.Status.PUBLISHED, **kwargs)
    second = survey.sections.get(position=1)
    ranking = QuestionFactory(
        section=second,
        position=2,
        code="wichtig",
        kind="ranking",
        text_de="Was ist Ihnen am wichtigsten?",
    )
    options(ranking, "Kita-Plätze", "Spielplätze", "Ferienangebote")
    district("Nordviertel")
    district("Südstadt")
    QuestionFactory(
        section=second, position=3, code="wo", kind="district", text_de="Wo wohnen Sie?"
    )
    return survey


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_anonymous_family_answers_on_the_phone(browse: Browse, site: Any) -> None:
    page = browse.page
    survey = _survey(title_de="Wie familienfreundlich ist Musterstadt?")
    # The start page invites to the open survey.
    browse.visit("/")
    invitation = page.locator("section.frh-home-surveys")
    expect(invitation).to_contain_text("Anonym, ohne Anmeldung.")
    invitation.scroll_into_view_if_needed()
    _shot(browse, "00-home-section")
    browse.click(invitation.get_by_role("link", name="Wie familienfreundlich ist Musterstadt?"))
    expect(page.locator("main h2").first).to_have_text("Anonym: was das hier bedeutet")
    _shot(browse, "01-start-anonym")
    browse.submit(page.locator("main form"))

    expect(page.locator("main")).to_contain_text("Seite 1 von 2")
    # Sent without the required answer: the message next to the question, the typed
    # "other" text still there.
    page.get_by_label("Sonstiges", exact=True).check()
    page.get_by_label("Sonstiges, und zwar:").fill("Ein Schwimmbad")
    browse.click(page.get_by_role("button", name="Weiter", exact=True))
    expect(page.locator("#frage-kinder-error")).to_have_text("Bitte beantworten Sie diese Frage.")
    expect(page.get_by_label("Sonstiges, und zwar:")).to_have_value("Ein Schwimmbad")
    _shot(browse, "02-missing-answer")

    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("4", exact=True).check()
    browse.click(page.get_by_role("button", name="Weiter", exact=True))
    expect(page.locator("main")).to_contain_text("Seite 2 von 2")
    # The matrix: one radio button per item and point, each named for a screen reader.
    page.get_by_role("radio", name="die Zahl der Plätze: 2").check()
    page.get_by_role("radio", name="die Öffnungszeiten: 5 – gut").check()
    page.get_by_label("Spielplätze").select_option("1")
    page.get_by_label("Kita-Plätze").select_option("2")
    page.get_by_label("Nordviertel").check()
    page.locator("textarea").fill("Mehr Bänke im Park, bitte.")
    _shot(browse, "03-matrix-ranking")

    # Save and continue later: the link, then on.
    browse.click(page.get_by_role("button", name="Speichern und später weitermachen"))
    expect(page.locator("main h1")).to_have_text("Ihre Antworten sind gespeichert")
    link = page.locator("#resume-link").input_value()
    assert "/weiter/" in link
    _shot(browse, "04-saved-link")
    browse.visit(link)
    expect(page.locator("main textarea")).to_have_value("Mehr Bänke im Park, bitte.")

    browse.click(page.get_by_role("button", name="Antworten abschicken"))
    expect(page.locator("main h1")).to_have_text("Vielen Dank – Ihre Antworten sind angekommen")
    _shot(browse, "05-thanks")
    response = Response.objects.get(survey=survey)
    assert response.status == Response.Status.COMPLETE
    assert response.district is not None and response.district.name == "Nordviertel"

    # The same phone once more: told so politely.
    browse.visit(survey.get_absolute_url())
    expect(page.locator("main")).to_contain_text("schon beantwortet")
    expect(page.get_by_role("button", name="Befragung beginnen")).to_have_count(0)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_family_answers_with_the_code_from_its_letter(browse: Browse, site: Any) -> None:
    page = browse.page
    survey = _survey(access=Survey.Access.CODES, title_de="Elternbefragung Kita")
    InvitationCode.objects.create(survey=survey, code="ABCD2345")

    browse.visit(survey.get_absolute_url())
    page.get_by_label("Ihr Code").fill("ABCD2399")
    browse.submit(page.locator("main form"))
    expect(page.locator("#id_code-error")).to_contain_text("nicht gültig")
    expect(page.get_by_label("Ihr Code")).to_have_value("ABCD2399")
    _shot(browse, "06-code-wrong")

    # The QR code of the letter brings the code with it.
    browse.visit(f"{survey.get_absolute_url()}?code=ABCD2345")
    expect(page.get_by_label("Ihr Code")).to_have_value("ABCD2345")
    _shot(browse, "07-code-start")
    browse.submit(page.locator("main form"))
    page.get_by_label("Ja", exact=True).check()
    browse.click(page.get_by_role("button", name="Weiter", exact=True))
    expect(page.locator("main")).to_contain_text("Seite 2 von 2")
    # Back, and "no small children" after all: the Kita page falls away, and "Weiter"
    # on what is now the last page sends the answers.
    browse.click(page.get_by_role("button", name="Zurück", exact=True))
    expect(page.locator("main")).to_contain_text("Seite 1 von 2")
    page.get_by_label("Nein", exact=True).check()
    browse.click(page.get_by_role("button", name="Weiter", exact=True))
    expect(page.locator("main h1")).to_have_text("Vielen Dank – Ihre Antworten sind angekommen")
    assert InvitationCode.objects.get(code="ABCD2345").used
    assert Response.objects.get(survey=survey).status == Response.Status.COMPLETE
