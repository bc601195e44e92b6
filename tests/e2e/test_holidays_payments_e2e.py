"""A coordinator imports a bank statement, sees what it matched, assigns the transfer it
could not match and undoes the import, in Chromium; axe checks every page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models.users import Role
from familienrathaus.holidays.models import Invoice, Payment
from tests.factories import InvoiceFactory, PeriodFactory, UserFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

CAMT = Path(__file__).resolve().parents[1] / "data" / "camt053_ferienspass.xml"


def test_a_coordinator_imports_a_statement_assigns_a_line_and_undoes_it(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    site = core_selectors.site_settings()
    site.bank_account_holder = "Lokales Bündnis für Familie"
    site.bank_iban = "DE02120300000000202051"
    site.save()
    period = PeriodFactory()
    for number, name, total in [
        ("FS-2026-00001", "Anna Becker", "18.00"),
        ("FS-2026-00002", "Murat Yilmaz", "36.00"),
        ("FS-2026-00003", "Julia Schmidt", "12.00"),
        ("FS-2026-00004", "Peter Lang", "30.00"),
    ]:
        InvoiceFactory(
            period=period,
            number=number,
            family=UserFactory(name=name),
            total=Decimal(total),
            due_on=dt.date(2026, 8, 1),
        )
    page = browse.page
    make_user("kasse@example.org", role=Role.COORDINATOR, totp_secret=totp_secret)
    browse.visit(f"/konto/login/?next=/verwaltung/ferienspass/{period.slug}/rechnungen/")
    browse.log_in("kasse@example.org")
    browse.enter_totp(totp_secret)
    expect(page.locator("main table")).to_contain_text("Murat Yilmaz")
    browse.click(page.locator("main a", has_text="Kontoauszug importieren"))

    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file]").set_input_files(
        {"name": "auszug.xml", "mimeType": "text/xml", "buffer": CAMT.read_bytes()}
    )
    browse.submit(form)
    main = page.locator("main")
    expect(main).to_contain_text("Teilzahlung")
    expect(main).to_contain_text("Überzahlung")
    expect(main).to_contain_text("Peter Unbekannt")

    assign = page.locator("main form", has=page.locator("select[name=invoice]"))
    assign.locator("select[name=invoice]").select_option(
        label="FS-2026-00004 – Peter Lang – 30,00 €"
    )
    browse.submit(assign)
    expect(main).to_contain_text("Alle Überweisungen sind zugeordnet.")
    assert Invoice.objects.get(number="FS-2026-00004").paid_amount == Decimal("25.00")

    browse.submit(page.locator("main form", has_text="Diesen Import rückgängig machen"))
    expect(main).to_contain_text("Noch kein Kontoauszug importiert.")
    assert not Payment.objects.exists()
    assert Invoice.objects.get(number="FS-2026-00001").status == Invoice.Status.OPEN
