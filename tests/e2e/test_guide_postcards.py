"""A coordinator prints QR postcards and the Familienwegweiser; a family scans a card."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.guide import tasks
from familienrathaus.guide.models import GuideBuild
from familienrathaus.postcards.models import Postcard, PostcardScan
from tests.factories import HEALTH, OfferFactory, theme

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def log_in_coordinator(browse: Browse, make_user: Any, secret: str, *, start: str) -> None:
    user = make_user("lena@familienbuero.example", role=Role.COORDINATOR, totp_secret=secret)
    browse.visit(start)
    assert browse.path.startswith("/konto/login/?next=")
    browse.log_in(user.email)
    browse.enter_totp(secret)
    assert browse.path == start


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_coordinator_prints_a_postcard_and_a_family_scans_it(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    offer = OfferFactory(
        in_guide=True, title="Hebammensprechstunde im Familienzentrum", slug="hebammensprechstunde"
    )
    log_in_coordinator(browse, make_user, totp_secret, start="/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/postkarten/']"))
    browse.click(page.locator("main a[href='/verwaltung/postkarten/neu/']"))

    # Another website is refused at the field, and what was typed stays.
    form = page.locator("main form")
    form.locator("input[name=target_path]").fill("https://evil.example/")
    form.locator("input[name=headline]").fill("Rat rund ums Baby")
    form.locator("textarea[name=text]").fill("Hebammen und Beratung in Ihrer Nähe.")
    form.locator("select[name=orientation]").select_option("portrait")
    browse.submit(form)
    expect(page.locator("main #id_target_path-error")).to_be_visible()
    expect(page.locator("main input[name=target_path]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main input[name=headline]")).to_have_value("Rat rund ums Baby")
    assert not Postcard.objects.exists()

    # The address copied from the browser, as a coordinator would paste it.
    form = page.locator("main form")
    form.locator("input[name=target_path]").fill(browse.url(offer.get_absolute_url()))
    browse.submit(form)
    card = Postcard.objects.get()
    assert browse.path == f"/verwaltung/postkarten/{card.pk}/"
    expect(page.locator("main [role=status]")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("Rat rund ums Baby")
    assert card.target_path == "/angebote/hebammensprechstunde/"

    with page.expect_download() as download_info:
        page.locator(f"main a[href='/verwaltung/postkarten/{card.pk}/postkarte.pdf']").click()
    download = download_info.value
    assert download.suggested_filename == f"postkarte-{card.code}.pdf"
    info = pdf_info(Path(download.path()))
    assert "Page size:       297.638 x 419.528 pts" in info  # A6 portrait
    assert "Tagged:          yes" in info
    # pdftotext guesses word gaps from glyph widths and sometimes splits the code ("f6caf 7").
    printed = "".join(pdf_text(Path(download.path())).split())
    assert f"/k/{card.code}" in printed

    # A family scans the card and lands on the offer; the scan is counted, nothing else.
    browse.visit(f"/k/{card.code}")
    assert browse.path == "/angebote/hebammensprechstunde/"
    expect(page.locator("main h1")).to_have_text("Hebammensprechstunde im Familienzentrum")
    assert PostcardScan.objects.get(postcard=card).count == 1

    browse.visit("/verwaltung/postkarten/")
    row = page.locator("main table tbody tr").filter(has_text="Rat rund ums Baby")
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("1")
    browse.visit("/k/gibtesnicht", status=404)


def test_coordinator_builds_a_theme_guide_and_watches_it_finish(
    strict_browse: Browse, make_user: Any, totp_secret: str
) -> None:
    """Under the site's Content-Security-Policy: the status refreshes itself (static JS)."""
    browse = strict_browse
    page = browse.page
    OfferFactory(in_guide=True, title="Kinderarzt-Notdienst Musterstadt", themes=[theme(HEALTH)])
    log_in_coordinator(browse, make_user, totp_secret, start="/verwaltung/wegweiser/")

    form = page.locator("main form")
    form.locator("select[name=scope]").select_option("theme")
    form.locator("select[name=theme]").select_option(label="Gesundheit")
    browse.submit(form)
    build = GuideBuild.objects.get()
    assert browse.path == f"/verwaltung/wegweiser/{build.pk}/"
    status = page.locator("main [role=status]").last
    expect(status).to_contain_text(
        "Wartet auf den Hintergrunddienst"
    )  # the browser asks for German

    # The worker does not run during these tests: run its task here, as it would.
    tasks.build_guide.call(build.pk)

    # The page notices by itself (static/frh/progress.js reloads it).
    expect(status).to_contain_text("Fertig", timeout=10_000)
    download_link = page.locator(f"main a[href='/verwaltung/wegweiser/{build.pk}/wegweiser.pdf']")
    expect(download_link).to_be_visible()
    browse.check()
    with page.expect_download() as download_info:
        download_link.click()
    text = pdf_text(Path(download_info.value.path()))
    assert "Kinderarzt-Notdienst Musterstadt" in text

    browse.visit("/verwaltung/wegweiser/")
    expect(page.locator("main")).to_contain_text("/wegweiser/thema/gesundheit.pdf")
