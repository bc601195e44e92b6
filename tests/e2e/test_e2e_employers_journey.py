"""The whole way of an employer to the seal, everyone on a phone, axe on every page
(issue 18):

an employer registers on the site and applies for a round → (admitted) its team fills in
the self-assessment over two sittings, hands it in, reads its strengths and gaps and
plans a measure → a coordinator reviews it, records the talk with the staff
representatives and certifies it → the team downloads the certificate; the address
printed beside its QR code verifies it → the clock moves past its validity and the
verification says "expired".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import (
    Certificate,
    Employer,
    EmployerMember,
    Participation,
    Round,
)
from familienrathaus.employers.selectors import certificates as certificate_selectors
from familienrathaus.employers.services import programme
from tests.e2e.conftest import Browse, screenshots
from tests.factories.employers import CatalogueFactory, RoundFactory, reseed
from tests.factories.guide import pdf_text

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _seeded(transactional_db: Any) -> None:
    """The catalogue and measures that a migration seeds, removed by an earlier test's flush."""
    reseed()


shot = screenshots("employers-journey")


def answer(browse: Browse, statement: str, score: str) -> None:
    page = browse.page
    item = page.locator("section.frh-assess__item").filter(
        has=page.get_by_role("heading", name=statement)
    )
    item.get_by_label(score, exact=True).check()
    browse.submit(item.locator("form"))
    saved = page.locator("section.frh-assess__item").filter(
        has=page.get_by_role("heading", name=statement)
    )
    expect(saved.get_by_text("Gespeichert.", exact=True)).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_employer_earns_a_certificate_anyone_can_check_until_it_expires(
    browse: Browse,
    phone_tab: Callable[[str], Browse],
    make_user: Any,
    totp_secret: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = browse.page
    round_ = RoundFactory(
        name="Runde 2027",
        catalogue=CatalogueFactory(),
        status=Round.Status.OPEN,
        certificate_years=3,
        signed_by="Oberbürgermeisterin Erika Muster, Koordinatorin Petra Beispiel",
    )
    person = make_user("personal@stadtwerke.example", name="Petra Personal")
    coordinator = make_user(
        "arbeitgeber@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )

    # 1. The employer registers and applies for the open round.
    browse.visit("/arbeitgeber/registrieren/")
    browse.log_in(person.email)
    form = page.locator("main form").filter(has=page.locator("input[name=consent]"))
    form.locator("input[name=name]").fill("Stadtwerke Musterstadt")
    form.locator("select[name=size]").select_option("250+")
    form.locator("select[name=sector]").select_option("public")
    form.locator("input[name=city]").fill("Musterstadt")
    form.locator("input[name=email]").fill("personal@stadtwerke.example")
    form.locator("input[name=member_name]").fill("Petra Personal")
    form.locator("input[name=consent]").check()
    shot(browse, "01-register")
    browse.submit(form)
    employer = Employer.objects.get(name="Stadtwerke Musterstadt")
    assert EmployerMember.objects.filter(employer=employer, user=person).exists()
    browse.visit(f"/arbeitgeber/{employer.pk}/bewerben/{round_.pk}/")
    browse.submit(page.locator("main form").last)
    participation = Participation.objects.get(employer=employer, round=round_)
    assert participation.status == Participation.Status.APPLIED
    # The coordination office admits it (its screens have their own tests) and the
    # round begins.
    programme.admit(actor=coordinator, participation=participation)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.RUNNING)

    # 2. First sitting: the first field of action.
    overview = f"/arbeitgeber/teilnahmen/{participation.pk}/selbstbewertung/"
    browse.visit(overview)
    browse.click(page.get_by_role("button", name="Selbstbewertung beginnen"))
    answer(browse, "Arbeitszeit: Aussage 1", "Vollständig umgesetzt")
    answer(browse, "Arbeitszeit: Aussage 2", "Vollständig umgesetzt")
    shot(browse, "02-first-sitting")

    # Second sitting, after logging in again: the rest, hand in, read the report.
    page.context.clear_cookies()
    browse.visit(overview)
    browse.log_in(person.email)
    browse.visit(overview)
    expect(page.get_by_text("1 von 2 Handlungsfeldern vollständig")).to_be_visible()
    browse.click(page.get_by_role("link", name="Service für Familien"))
    answer(browse, "Service für Familien: Aussage 1", "Vollständig umgesetzt")
    answer(browse, "Service für Familien: Aussage 2", "Geplant")
    browse.visit(overview)
    expect(page.get_by_text("2 von 2 Handlungsfeldern vollständig")).to_be_visible()
    browse.click(page.get_by_role("link", name="Selbstbewertung abgeben"))
    browse.click(page.get_by_role("button", name="Jetzt abgeben"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stärken und Lücken")
    expect(page.get_by_role("img", name="Erreichter Stand je Handlungsfeld")).to_be_visible()
    shot(browse, "03-report")

    # Measures from the gaps.
    browse.click(page.get_by_role("link", name="Maßnahmenplan").first)
    browse.click(
        page.get_by_role("button", name="In den Plan übernehmen: Notfallbetreuung für Kinder").first
    )
    measure = page.locator("main form.frh-assess__form")
    measure.get_by_label("Verantwortlich").fill("Personalabteilung")
    measure.get_by_label("Status").select_option("in_progress")
    browse.submit(measure)
    expect(page.get_by_text("Verantwortlich: Personalabteilung")).to_be_visible()
    shot(browse, "04-measures")

    # 3. The coordinator reviews, records the talk and certifies.
    desk = phone_tab("coordinator")
    desk.visit("/arbeitgeber/bewertung/")
    desk.log_in(coordinator.email)
    desk.enter_totp(totp_secret)
    desk.click(desk.page.get_by_role("link", name="Stadtwerke Musterstadt"))
    expect(desk.page.locator("main")).to_contain_text("Notfallbetreuung für Kinder")
    shot(desk, "05-review")
    talk = desk.page.locator("form").filter(has=desk.page.locator("input[name=participants]"))
    talk.locator("select[name=kind]").select_option("staff")
    talk.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    talk.locator("input[name=participants]").fill("Personalrat, Koordinatorin")
    desk.submit(talk)
    expect(desk.page.get_by_text("Das Gespräch wurde eingetragen.")).to_be_visible()
    decision = desk.page.locator("form").filter(has=desk.page.locator("input[name=decision]"))
    decision.locator("input[value=certified]").check()
    decision.locator("textarea[name=reasons]").fill("Überzeugende Maßnahmen für Schichtdienste.")
    desk.submit(decision)
    certificate = Certificate.objects.get(participation=participation)
    expect(
        desk.page.get_by_text(f"Zertifikat {certificate.number} wurde ausgestellt")
    ).to_be_visible()
    shot(desk, "06-certified")

    # 4. The team opens its certificate; the address beside the QR code verifies it.
    browse.visit(f"/arbeitgeber/teilnahmen/{participation.pk}/")
    browse.click(page.locator(f"main a[href$='/arbeitgeber/zertifikate/{certificate.number}/']"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zertifikat {certificate.number}")
    shot(browse, "07-certificate")
    pdf = page.request.get(
        browse.url(f"/arbeitgeber/zertifikate/{certificate.number}/zertifikat.pdf")
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    printed = pdf_text(pdf.body(), tmp_path)
    assert "Stadtwerke Musterstadt" in printed
    found = re.search(r"\S*/zertifikat/(FBU-\d{4}-\d{4})/", printed)
    assert found is not None and found.group(1) == certificate.number
    verification = f"/zertifikat/{certificate.number}/"
    assert urlsplit("https://" + found.group(0)).path == verification

    visitor = phone_tab("visitor")
    visitor.visit(verification)
    expect(visitor.page.get_by_role("heading", name="Gültig")).to_be_visible()
    expect(visitor.page.locator("main")).to_contain_text("Stadtwerke Musterstadt")
    shot(visitor, "08-valid")
    visitor.visit("/familienbewusste-arbeitgeber/")
    expect(visitor.page.get_by_role("link", name="Stadtwerke Musterstadt")).to_be_visible()
    expect(visitor.page.locator("main")).to_contain_text("Notfallbetreuung für Kinder")

    # 5. The clock moves past the validity: the same address now says "expired".
    later = certificate.valid_until + dt.timedelta(days=1)
    monkeypatch.setattr(certificate_selectors, "today", lambda: later)
    visitor.visit(verification)
    expect(visitor.page.get_by_role("heading", name="Abgelaufen")).to_be_visible()
    expect(visitor.page.locator("main")).to_contain_text("nicht mehr gültig")
    shot(visitor, "09-expired")
    visitor.visit("/familienbewusste-arbeitgeber/")
    expect(visitor.page.get_by_role("link", name="Stadtwerke Musterstadt")).to_have_count(0)
    visitor.finish()
    desk.finish()
