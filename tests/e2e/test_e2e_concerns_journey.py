"""The whole way of a concern, everyone on a phone, axe on every page (issue 16):

an anonymous family sends a complaint with a photo → a coordinator passes it to the
housing company → the company's staff answer the family in the back office → the family
reads the answer by its status link → the coordinator closes it → a year later (the
clock moved forward) the daily retention has redacted it, and the status page says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from familienrathaus.concerns import retention
from familienrathaus.concerns.models import Attachment, Concern, Message
from familienrathaus.core.models import AuditEntry
from familienrathaus.core.models.users import Role
from familienrathaus.partners.services import add_member
from tests.e2e.conftest import Browse, screenshots
from tests.factories import OrganisationFactory
from tests.factories.concerns import seeded_topic

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.e2e

shot = screenshots("concerns-journey")
TEXT = "Im Kinderzimmer unserer Wohnung wächst Schimmel, der Vermieter meldet sich nicht."
ANSWER = "Wir kommen am Dienstag um 10 Uhr vorbei und beseitigen den Schaden."


def photo(folder: Path) -> Path:
    path = folder / "schimmel.jpg"
    Image.new("RGB", (640, 480), (70, 90, 60)).save(path, format="JPEG")
    return path


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_from_the_family_s_phone_to_the_redaction_a_year_later(
    browse: Browse,
    phone_tab: Callable[[str], Browse],
    make_user: Any,
    totp_secret: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    housing = OrganisationFactory(name="Musterstädter Wohnungsbau", slug="mw-journey")
    partner = make_user("team@wohnungsbau.example", role=Role.PARTNER, name="Team Wohnungsbau")
    add_member(actor=None, organisation=housing, user=partner)
    coordinator = make_user(
        "anliegen@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    page = browse.page
    # Seeded by a migration; an earlier end-to-end test's flush may have removed it.
    seeded_topic("Wohnen, Wohnumfeld und Mobilität")

    # 1. An anonymous family sends a complaint with a photo.
    browse.visit("/anliegen/")
    form = page.locator("main form.frh-concern-form")
    form.get_by_label("Beschwerde", exact=True).check()
    form.locator("select[name=topic]").select_option(label="Wohnen, Wohnumfeld und Mobilität")
    form.locator("textarea[name=text]").fill(TEXT)
    form.locator("input[name=file]").set_input_files(str(photo(tmp_path)))
    form.get_by_label("Anonym", exact=True).check()
    browse.submit(form)
    concern = Concern.objects.get()
    assert (concern.privacy, concern.name, concern.email) == ("anonymous", "", "")
    [attachment] = Attachment.objects.filter(concern=concern)
    stored = Path(attachment.file.path)
    assert stored.exists()
    expect(page.locator("#reference")).to_have_text(concern.reference)
    status_link = f"/anliegen/status/{concern.tracking_token}/"
    shot(browse, "01-receipt")

    # 2. A coordinator passes it to the housing company.
    desk = phone_tab("coordinator")
    desk.visit("/verwaltung/anliegen/")
    desk.log_in(coordinator.email)
    desk.enter_totp(totp_secret)
    desk.click(desk.page.locator("a", has_text=concern.reference))
    expect(desk.page.locator("main")).to_contain_text("wächst Schimmel")
    handover = desk.page.locator("form", has=desk.page.locator("select[name=to]"))
    handover.locator("select[name=to]").select_option(label="Musterstädter Wohnungsbau")
    handover.locator("textarea[name=note]").fill("Bitte kurzfristig einen Termin anbieten.")
    desk.submit(handover)
    concern.refresh_from_db()
    assert concern.organisation == housing
    shot(desk, "02-passed-on")

    # 3. The company's staff answer the family in the back office.
    company = phone_tab("partner")
    company.visit("/verwaltung/anliegen/partner/")
    company.log_in(partner.email)
    company.click(company.page.locator("a", has_text=concern.reference))
    expect(company.page.locator("main")).to_contain_text("Bitte kurzfristig einen Termin anbieten.")
    answer = company.page.locator("form", has=company.page.locator("textarea[name=text]"))
    answer.locator("textarea[name=text]").fill(ANSWER)
    answer.get_by_label("die Familie direkt (und die Koordinierungsstelle)").check()
    company.submit(answer)
    expect(company.page.locator("main")).to_contain_text("Ihre Antwort wurde gesendet")
    shot(company, "03-partner-answered")
    company.finish()

    # 4. The family reads the answer by its status link.
    browse.visit(status_link)
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Bitte kurzfristig einen Termin anbieten.")).to_have_count(0)
    expect(page.locator("main a[href*='/datei/']")).to_have_count(1)  # the photo
    shot(browse, "04-family-reads-the-answer")

    # 5. The coordinator closes it.
    desk.visit(f"/verwaltung/anliegen/{concern.pk}/")
    status = desk.page.locator("form", has=desk.page.locator("select[name=status]"))
    status.locator("select[name=status]").select_option(value=Concern.Status.CLOSED)
    desk.submit(status)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    desk.finish()

    # 6. A year and a day later the daily retention task has run.
    later = timezone.now() + dt.timedelta(days=366)
    monkeypatch.setattr(timezone, "now", lambda: later)
    retention.apply_retention.call()

    concern.refresh_from_db()
    assert concern.redacted_at == later
    assert TEXT not in concern.text
    assert not Attachment.objects.filter(concern=concern).exists()
    assert not stored.exists()
    assert not Message.objects.filter(concern=concern, text__contains="Dienstag").exists()
    assert AuditEntry.objects.filter(action="concerns.redact", object_id=str(concern.pk)).exists()
    assert concern.kind == "complaint" and concern.organisation == housing  # still counted

    browse.visit(status_link)
    main = page.locator("main")
    expect(main).to_contain_text("nach Ablauf der Aufbewahrungsfrist gelöscht")
    expect(main).not_to_contain_text("Schimmel")
    expect(main).not_to_contain_text(ANSWER)
    expect(page.locator("main a[href*='/datei/']")).to_have_count(0)
    shot(browse, "05-redacted-a-year-later")
