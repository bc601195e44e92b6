"""An anonymous family (a German browser) sends a concern with a photo on a phone, reads
its code and follows it by the status link until the answer is there; a signed-in family
finds its concern in its account; a coordinator enters a call and edits the emergency
numbers. axe checks every page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from familienrathaus.concerns.models import Attachment, Concern, Message
from familienrathaus.concerns.services import intake
from familienrathaus.core.models.users import Role
from tests.factories.concerns import seeded_topic

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

# FRH_CONCERNS_SHOTS=/tmp/shots/concerns-intake keeps a screenshot of each step there too.
SHOTS = os.environ.get("FRH_CONCERNS_SHOTS", "")


def _shot(browse: Browse, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(browse.screenshot(label), Path(SHOTS) / f"{label}.png")


def _photo(folder: Path) -> Path:
    path = folder / "kaputte-schaukel.jpg"
    Image.new("RGB", (800, 600), (90, 140, 60)).save(path, format="JPEG")
    return path


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_anonymous_family_submits_with_a_photo_and_reads_the_answer(
    browse: Browse, tmp_path: Path
) -> None:
    page = browse.page
    # Seeded by a migration; an earlier end-to-end test's flush may have removed it.
    seeded_topic("Sport, Freizeit und Kultur")

    # The family finds "Anliegen" in the navigation; the emergency numbers come first.
    browse.visit("/")
    browse.click(page.locator("nav.frh-nav a[href='/anliegen/']"))
    expect(page.locator("#emergency-title")).to_be_visible()
    expect(page.locator("a[href='tel:116111']")).to_be_visible()
    _shot(browse, "01-form")

    form = page.locator("main form.frh-concern-form")
    form.get_by_label("Beschwerde", exact=True).check()
    form.locator("select[name=topic]").select_option(label="Sport, Freizeit und Kultur")
    form.locator("input[name=file]").set_input_files(str(_photo(tmp_path)))
    form.get_by_label("Anonym", exact=True).check()
    # Bad input first: the text is missing. The choices stay; the photo must be chosen again.
    browse.submit(form)
    expect(page.locator("#id_text-error")).to_be_visible()
    expect(form.get_by_label("Anonym", exact=True)).to_be_checked()
    expect(form.get_by_label("Beschwerde", exact=True)).to_be_checked()
    expect(page.get_by_text("Bitte wählen Sie Ihr Foto oder PDF noch einmal aus.")).to_be_visible()
    _shot(browse, "02-error")

    form.locator("textarea[name=text]").fill(
        "Die Schaukel auf dem Spielplatz am Bach ist seit Wochen kaputt."
    )
    form.locator("input[name=file]").set_input_files(str(_photo(tmp_path)))
    browse.submit(form)

    concern = Concern.objects.get()
    assert (concern.privacy, concern.email, concern.kind) == ("anonymous", "", "complaint")
    assert Attachment.objects.get(concern=concern).kind == "image"
    expect(page.locator("#reference")).to_have_text(concern.reference)
    expect(page.get_by_text("einziger Weg zu unserer Antwort")).to_be_visible()
    _shot(browse, "03-receipt")

    # The family follows the status link.
    browse.click(page.locator(f"main a[href='/anliegen/status/{concern.tracking_token}/']"))
    expect(page.locator("[aria-current=step]")).to_have_text("Eingegangen (jetzt)")
    _shot(browse, "04-status-received")

    # The coordination office answers (the desk's own steps are tested elsewhere).
    answer = Message.objects.create(
        concern=concern,
        kind=Message.Kind.REPLY,
        public=True,
        text="Danke! Der Bauhof repariert die Schaukel bis Freitag.",
        author_label="Koordinierungsstelle",
    )
    Message.objects.create(
        concern=concern, kind=Message.Kind.NOTE, public=False, text="Bauhof angerufen"
    )
    Concern.objects.filter(pk=concern.pk).update(
        status=Concern.Status.ANSWERED, first_answer_at=timezone.now()
    )
    assert intake.notify_family(concern, answer) is False  # anonymous: no mail

    # Later, by the link kept from the receipt (or the reference code).
    browse.visit("/anliegen/status/")
    lookup = page.locator("main form.frh-form")
    lookup.locator("input[name=reference]").fill(concern.reference.lower())
    browse.submit(lookup)
    assert browse.path == f"/anliegen/status/{concern.tracking_token}/"
    expect(page.get_by_text("Der Bauhof repariert die Schaukel bis Freitag.")).to_be_visible()
    expect(page.get_by_text("Bauhof angerufen")).to_have_count(0)
    expect(page.locator("[aria-current=step]")).to_have_text("Beantwortet (jetzt)")
    _shot(browse, "05-status-answered")

    # It did not help: the family says so, and the concern is open again.
    reopen = page.locator("main form").filter(has=page.locator("input[value=reopen]"))
    reopen.locator("textarea").fill("Die Schaukel ist immer noch kaputt.")
    browse.submit(reopen)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED
    expect(page.get_by_text("Wir sehen uns Ihr Anliegen noch einmal an.")).to_be_visible()
    _shot(browse, "06-reopened")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_signed_in_family_finds_its_concern_under_my_account(
    browse: Browse, make_user: Any
) -> None:
    page = browse.page
    family = make_user("eltern.kaya@example.org", name="Deniz Kaya")

    browse.visit("/konto/login/?next=/anliegen/")
    browse.log_in(family.email)
    assert browse.path == "/anliegen/"
    form = page.locator("main form.frh-concern-form")
    expect(form.locator("input[name=email]")).to_have_value("eltern.kaya@example.org")
    form.get_by_label("Frage", exact=True).check()
    form.locator("textarea[name=text]").fill(
        "Gibt es im Sommer eine Ferienbetreuung für Sechsjährige?"
    )
    browse.submit(form)
    concern = Concern.objects.get()
    assert concern.channel == "account" and concern.user == family

    browse.visit("/konto/uebersicht/")
    browse.click(page.locator("main a[href='/anliegen/meine/']"))
    expect(page.get_by_text(concern.reference)).to_be_visible()
    _shot(browse, "07-my-concerns")


def test_a_coordinator_enters_a_call_and_edits_the_emergency_numbers(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    make_user("koordination@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)

    browse.visit("/konto/login/?next=/verwaltung/anliegen/erfassen/")
    browse.log_in("koordination@familienbuero.example")
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/anliegen/erfassen/"
    form = page.locator("main form.frh-form")
    form.get_by_label("Anruf", exact=True).check()
    form.get_by_label("Bitte um Hilfe", exact=True).check()
    form.locator("textarea[name=text]").fill("Mutter ruft an: Die Wohnung wird gekündigt.")
    form.get_by_label("Mit meinem Namen", exact=True).check()
    form.locator("input[name=name]").fill("Frau Schulz")
    form.locator("input[name=phone]").fill("02381 44556")
    browse.submit(form)
    concern = Concern.objects.get()
    assert concern.channel == "phone"
    expect(page.locator("#reference")).to_have_text(concern.reference)
    _shot(browse, "08-call-entered")

    browse.visit("/verwaltung/anliegen/einstellungen/")
    settings_form = page.locator("main form.frh-form")
    settings_form.locator("textarea[name=emergency_text]").fill(
        "Polizei: 110\nKrisendienst Musterstadt: 02381 999 000"
    )
    browse.submit(settings_form)
    _shot(browse, "09-settings")
    browse.visit("/anliegen/")
    expect(page.locator("a[href='tel:02381999000']")).to_be_visible()
