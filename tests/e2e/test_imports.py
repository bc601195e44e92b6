"""A coordinator imports offers and partners from files, with the real background worker.

The worker runs as a separate process (``manage.py worker --batch``) only after the
page that waits for it has been checked, so every page is checked by axe in a known
state; the page then notices the result by itself (static/frh/progress.js) and reloads.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import ImportRun
from familienrathaus.core.models.users import Role
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from tests.factories import csv_bytes, xlsx_bytes

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

OFFERS_HEADER = ["Partner", "Titel", "Kurzbeschreibung", "Thema", "Zielgruppen", "Kosten"]


def log_in_coordinator(browse: Browse, make_user: Any, secret: str) -> None:
    user = make_user(
        "import@familienbuero.example", role=Role.COORDINATOR, name="Ina", totp_secret=secret
    )
    browse.visit("/verwaltung/")
    browse.log_in(user.email)
    browse.enter_totp(secret)
    assert browse.path == "/verwaltung/"


def upload_file(browse: Browse, name: str, content: bytes, mime: str, **selects: str) -> None:
    page = browse.page
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    for field, value in selects.items():
        form.locator(f"select[name={field}]").select_option(value)
    browse.submit(form)


def let_the_worker_run(browse: Browse, worker_process: Any, done: str) -> None:
    """The page waits for the worker; run it, and check the page it reloads to."""
    page = browse.page
    expect(page.locator("main progress")).to_be_visible()
    worker = worker_process("--batch")
    assert worker.wait() == 0, worker.output
    # progress.js reloads the page once the worker is done.
    expect(page.locator("main progress")).to_have_count(0, timeout=30_000)
    page.locator(done).first.wait_for()
    browse.check()


def test_coordinator_fixes_a_bad_row_then_imports_offers(
    browse: Browse, make_user: Any, totp_secret: str, worker_process: Any
) -> None:
    page = browse.page
    Organisation.objects.create(name="Familienzentrum Sonnenblume", slug="sonnenblume")
    log_in_coordinator(browse, make_user, totp_secret)

    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/import/']"))
    browse.click(page.locator("main a[href='/verwaltung/import/angebote/']"))
    rows = [
        OFFERS_HEADER,
        [
            "Familienzentrum Sonnenblume",
            "Elterncafé",
            "Austausch für Eltern",
            "Gesundheit",
            "Kinder",
            "kostenlos",
        ],
        [
            "Familienzentrum Sonnenblume",
            "Eltern-Kind-Turnen",
            "Bewegung für Kleine",
            "Sportt",
            "Kinder",
            "Gebühr",
        ],
        [
            "Familienzentrum Sonnenblume",
            "Babymassage",
            "Für Babys bis 1 Jahr",
            "Gesundheit",
            "",
            "ermäßigt",
        ],
    ]
    upload_file(browse, "angebote.csv", csv_bytes(rows), "text/csv", status="published")
    let_the_worker_run(browse, worker_process, "main .frh-import-errors")

    errors = page.locator("main .frh-import-errors li")
    expect(errors).to_have_count(1)
    # German once the translations are in, English until then.
    expect(errors.first).to_contain_text(re.compile(r"^(Zeile|Row) 3, (Spalte|column) .Thema.: "))
    expect(errors.first).to_contain_text("Sportt")
    expect(page.locator("main form[action$='/importieren/']")).to_have_count(0)
    assert not Offer.objects.exists()

    # The coordinator corrects the theme and uploads the file again.
    browse.click(page.locator("main a[href='/verwaltung/import/angebote/']").last)
    rows[2][3] = "Sport, Freizeit und Kultur"
    upload_file(browse, "angebote.csv", csv_bytes(rows), "text/csv", status="published")
    let_the_worker_run(browse, worker_process, "main .frh-import-counts")

    expect(page.locator("main .frh-import-errors")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Eltern-Kind-Turnen")
    browse.submit(page.locator("main form[action$='/importieren/']"))
    let_the_worker_run(browse, worker_process, "main .frh-import-result")

    assert ImportRun.objects.get(status=ImportRun.Status.DONE).report["counts"]["new"] == 3
    assert set(Offer.objects.values_list("title", "status")) == {
        ("Elterncafé", "published"),
        ("Eltern-Kind-Turnen", "published"),
        ("Babymassage", "published"),
    }
    # The coordinator follows the link to the offers and finds the imported ones.
    browse.click(page.locator("main .frh-import-result a"))
    assert browse.path == "/verwaltung/angebote/"
    for title in ("Elterncafé", "Eltern-Kind-Turnen", "Babymassage"):
        expect(page.locator("main")).to_contain_text(title)


def test_coordinator_imports_partners_from_an_excel_workbook(
    browse: Browse, make_user: Any, totp_secret: str, worker_process: Any
) -> None:
    page = browse.page
    log_in_coordinator(browse, make_user, totp_secret)
    browse.visit("/verwaltung/import/partner/")
    rows = [
        ["Name", "Art", "Straße", "PLZ", "Ort", "Öffentlich"],
        ["Caritas Musterstadt", "Wohlfahrtsverband", "Kirchplatz 2", "12345", "Musterstadt", "ja"],
        ["Kita Pusteblume", "Kita/Schule", "Blumenweg 7", "12345", "Musterstadt", "ja"],
    ]
    upload_file(
        browse,
        "partner.xlsx",
        xlsx_bytes(rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    let_the_worker_run(browse, worker_process, "main .frh-import-counts")
    browse.submit(page.locator("main form[action$='/importieren/']"))
    let_the_worker_run(browse, worker_process, "main .frh-import-result")

    browse.click(page.locator("main .frh-import-result a"))
    assert browse.path == "/verwaltung/partner/"
    expect(page.locator("main")).to_contain_text("Caritas Musterstadt")
    expect(page.locator("main")).to_contain_text("Kita Pusteblume")
    assert Organisation.objects.get(name="Kita Pusteblume").addresses.get().city == "Musterstadt"
