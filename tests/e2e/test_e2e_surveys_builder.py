"""A coordinator builds a small survey in the back office on a phone and on a desktop:
settings, two pages, a choice question, a second page shown only on one answer, order
changed by the "Up" button, a channel with its QR code; then walks the preview as a
family would see it, the condition included. axe checks every page.

``FRH_SURVEYS_BUILDER_SHOTS=/tmp/shots/surveys-builder`` keeps a screenshot of each step.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.surveys.models import Answer, Question, Response, Section, Survey

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("FRH_SURVEYS_BUILDER_SHOTS", "")


def _shot(browse: Browse, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(browse.screenshot(label), Path(SHOTS) / f"{browse.name[-20:]}-{label}.png")


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_coordinator_builds_a_survey_with_a_condition_and_previews_it(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    make_user("koordination@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    browse.visit("/konto/login/")
    browse.log_in("koordination@familienbuero.example")
    browse.enter_totp(totp_secret)
    browse.visit("/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/befragungen/']"))
    _shot(browse, "01-list")
    browse.click(page.locator("main a[href='/verwaltung/befragungen/neu/']"))

    # Settings; a closing date before the opening is refused, the title stays.
    form = page.locator("main form.frh-form")
    form.locator("input[name=title_de]").fill("Familienfreundliches Musterstadt")
    form.locator("input[name=title_en]").fill("A family-friendly Musterstadt")
    form.locator("textarea[name=intro_de]").fill("Fünf Minuten für Ihre Meinung.")
    form.locator("input[name=opens_at]").fill("2027-12-01T08:00")
    form.locator("input[name=closes_at]").fill("2027-11-01T08:00")
    browse.submit(form)
    expect(page.locator("#id_closes_at-error")).to_be_visible()
    expect(form.locator("input[name=title_de]")).to_have_value("Familienfreundliches Musterstadt")
    _shot(browse, "02-settings-error")
    form.locator("input[name=opens_at]").fill("")
    form.locator("input[name=closes_at]").fill("")
    browse.submit(form)
    survey = Survey.objects.get()
    assert browse.path == f"/verwaltung/befragungen/{survey.pk}/"

    # First page with a single choice.
    browse.click(page.locator(f"main a[href='/verwaltung/befragungen/{survey.pk}/seiten/neu/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=title_de]").fill("Ihre Familie")
    browse.submit(form)
    first = Section.objects.get()
    browse.click(page.locator(f"#section-{first.pk} a[href$='/fragen/neu/']"))
    _shot(browse, "03-question-kind")
    browse.click(page.locator("main a[href='?kind=single']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=text_de]").fill("Haben Sie Kinder unter sechs Jahren?")
    form.locator("textarea[name=options_de]").fill("Ja\nNein")
    form.locator("input[name=required]").check()
    _shot(browse, "03-question-form")
    browse.submit(form)
    kids = Question.objects.get()
    browse.click(page.locator(f"#section-{first.pk} a[href$='/fragen/neu/']"))
    browse.click(page.locator("main a[href='?kind=scale']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=text_de]").fill("Wie zufrieden sind Sie mit den Spielplätzen?")
    form.locator("input[name=scale_min_label_de]").fill("gar nicht")
    form.locator("input[name=scale_max_label_de]").fill("sehr")
    browse.submit(form)
    scale = Question.objects.get(kind="scale")

    # The scale goes first by the "Up" button (a form, no JavaScript).
    browse.click(page.locator(f"#question-{scale.pk} button[value=up]"))
    assert list(first.questions.values_list("pk", flat=True)) == [scale.pk, kids.pk]
    expect(page.locator(f"#question-{scale.pk} button[value=up]")).to_be_disabled()

    # A second page only for families with young children.
    browse.click(page.locator(f"main a[href='/verwaltung/befragungen/{survey.pk}/seiten/neu/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=title_de]").fill("Kleine Kinder")
    form.locator("select[name=condition_operator]").select_option("is")
    yes = kids.options.get(label_de="Ja")
    form.locator("select[name=condition_option]").select_option(str(yes.pk))
    browse.submit(form)
    second = Section.objects.get(title_de="Kleine Kinder")
    assert (second.condition_question, second.condition_option) == (kids, yes)
    browse.click(page.locator(f"#section-{second.pk} a[href$='/fragen/neu/']"))
    browse.click(page.locator("main a[href='?kind=text']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=text_de]").fill("Was fehlt Ihnen für kleine Kinder?")
    browse.submit(form)
    expect(page.locator(f"#section-{second.pk}")).to_contain_text("Ja")
    _shot(browse, "04-overview")

    # A channel with its QR code.
    browse.click(page.locator(f"main a[href='/verwaltung/befragungen/{survey.pk}/kanaele/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=name]").fill("Familienzentrum Am Bach")
    browse.submit(form)
    channel = survey.channels.get(name="Familienzentrum Am Bach")
    expect(page.locator(f"#channel-{channel.pk}")).to_contain_text(f"?k={channel.token}")
    with page.expect_download() as download:
        page.locator(f"#channel-{channel.pk} a[href$='qr.svg']").click()
    assert download.value.suggested_filename.endswith(".svg")
    _shot(browse, "05-channels")

    # The preview: the family's pages; "Nein" skips the second page, "Ja" shows it.
    browse.visit(f"/verwaltung/befragungen/{survey.pk}/vorschau/")
    _shot(browse, "06-preview-start")
    browse.submit(page.locator("main form"))
    expect(page.locator("main")).to_contain_text("Haben Sie Kinder unter sechs Jahren?")
    go_on = page.locator("main .frh-survey__actions button.kern-btn--primary")
    browse.click(go_on)
    expect(page.locator("main .kern-error").first).to_be_visible()  # required, as for families
    _shot(browse, "07-preview-missing")
    page.locator("main label", has_text="Nein").first.click()
    browse.click(go_on)
    expect(page.locator("main h1")).not_to_have_text("Kleine Kinder")
    browse.visit(f"/verwaltung/befragungen/{survey.pk}/vorschau/?seite=1")
    page.locator("main label", has_text="Ja").first.click()
    browse.click(go_on)
    expect(page.locator("main h1")).to_have_text("Kleine Kinder")
    expect(page.locator("main")).to_contain_text("Was fehlt Ihnen für kleine Kinder?")
    _shot(browse, "08-preview-condition")
    assert not Response.objects.exists() and not Answer.objects.exists()
