"""Coordinators import the bank's statement (CAMT.053 or a German bank's CSV): payments
are matched to invoices by reference, number or amount and name; partial and
overpayments are flagged; what fits no invoice is assigned by hand; a bad file imports
nothing; an import can be undone; a transaction is never booked twice; overdue invoices
are reminded once per stage; the cash office sees what was paid how."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.holidays.models import Invoice, Payment, PaymentImport
from familienrathaus.holidays.services import payments
from tests.conftest import english_client
from tests.factories import InvoiceFactory, PeriodFactory, UserFactory

DATA = Path(__file__).parent / "data"
CAMT = DATA / "camt053_ferienspass.xml"
CSV = DATA / "sparkasse_csv_camt.csv"
IMPORT = "/verwaltung/ferienspass/zahlungen/"


@pytest.fixture
def invoices(db: None) -> dict[str, Invoice]:
    site = core_selectors.site_settings()
    site.bank_account_holder = "Lokales Bündnis für Familie"
    site.bank_iban = "DE02120300000000202051"
    site.save()
    period = PeriodFactory()
    made = {}
    for number, name, total in [
        ("FS-2026-00001", "Anna Becker", "18.00"),
        ("FS-2026-00002", "Murat Yilmaz", "36.00"),
        ("FS-2026-00003", "Julia Schmidt", "12.00"),
        ("FS-2026-00004", "Peter Lang", "30.00"),
    ]:
        made[number] = cast(
            Invoice,
            InvoiceFactory(
                period=period,
                number=number,
                family=UserFactory(name=name),
                total=Decimal(total),
                due_on=dt.date(2026, 8, 1),
            ),
        )
    return made


def _upload(client: Client, path: Path, name: str | None = None) -> object:
    content = path.read_bytes()
    upload = SimpleUploadedFile(name or path.name, content)
    return client.post(IMPORT, {"statement": upload}, follow=True)


def _fresh(invoice: Invoice) -> Invoice:
    invoice.refresh_from_db()
    return invoice


def test_a_camt053_statement_is_matched_by_reference_and_number(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    client = english_client(coordinator)
    page = _upload(client, CAMT).content.decode()  # type: ignore[attr-defined]
    exact = _fresh(invoices["FS-2026-00001"])
    partial = _fresh(invoices["FS-2026-00002"])
    over = _fresh(invoices["FS-2026-00003"])
    assert exact.status == Invoice.Status.PAID and exact.paid_amount == Decimal("18.00")
    assert partial.status == Invoice.Status.OPEN and partial.paid_amount == Decimal("20.00")
    assert over.status == Invoice.Status.PAID and over.paid_amount == Decimal("15.00")
    assert _fresh(invoices["FS-2026-00004"]).paid_amount == 0
    matches = dict(Payment.objects.exclude(invoice=None).values_list("invoice__number", "match"))
    assert matches == {
        "FS-2026-00001": Payment.Match.EXACT,
        "FS-2026-00002": Payment.Match.PARTIAL,
        "FS-2026-00003": Payment.Match.OVER,
    }
    # The result page: flagged payments, the unmatched line, the lines not booked.
    assert "partial payment" in page and "overpayment" in page
    assert "Peter Unbekannt" in page and "Spende fuer den Ferienspass" in page
    assert "outgoing payment" in page
    assert "99,00" not in page, "a pending entry is not money yet"
    assert AuditEntry.objects.filter(action="holidays.payments.import").exists()


def test_a_sparkasse_csv_is_matched_by_reference_number_and_amount_with_name(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    page = _upload(english_client(coordinator), CSV).content.decode()  # type: ignore[attr-defined]
    assert _fresh(invoices["FS-2026-00001"]).status == Invoice.Status.PAID
    assert _fresh(invoices["FS-2026-00002"]).paid_amount == Decimal("10.00")
    # No reference at all: the open amount and the payer's name fit one invoice.
    assert _fresh(invoices["FS-2026-00003"]).status == Invoice.Status.PAID
    unmatched = Payment.objects.get(invoice=None)
    assert unmatched.amount == Decimal("1250.00")  # "1.250,00"
    assert unmatched.payer == "Förderverein Grundschule Süd e.V."  # Windows-1252 read
    assert "1.250,00 €" in page


def test_an_unmatched_line_is_assigned_by_hand(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    client = english_client(coordinator)
    _upload(client, CAMT)
    line = Payment.objects.get(invoice=None)
    target = invoices["FS-2026-00004"]
    response = client.post(
        f"/verwaltung/ferienspass/zahlung/{line.pk}/zuordnen/", {"invoice": target.pk}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.invoice == target and line.method == Payment.Method.ASSIGNED
    assert line.match == Payment.Match.PARTIAL
    assert _fresh(target).paid_amount == Decimal("25.00")


def test_a_bad_file_imports_nothing_and_lists_why(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    broken = (
        CSV.read_bytes().replace(b'"18,00"', b'"achtzehn"').replace(b'"05.08.26"', b'"3.13."', 1)
    )
    upload = SimpleUploadedFile("umsaetze.csv", broken)
    response = english_client(coordinator).post(IMPORT, {"statement": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Row 2:" in page and "achtzehn" in page
    assert "Row 4:" in page
    assert not Payment.objects.exists() and not PaymentImport.objects.exists()
    assert _fresh(invoices["FS-2026-00001"]).paid_amount == 0

    xml = SimpleUploadedFile("auszug.xml", b"<Document><unclosed></Document>")
    response = english_client(coordinator).post(IMPORT, {"statement": xml})
    assert response.status_code == 400 and "could not be read" in response.content.decode()


def test_importing_the_same_statement_twice_books_nothing_twice(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    client = english_client(coordinator)
    _upload(client, CAMT)
    _upload(client, CSV)  # the same money from another export: different references
    count = Payment.objects.count()
    page = _upload(client, CAMT, name="noch-einmal.xml").content.decode()  # type: ignore[attr-defined]
    assert Payment.objects.count() == count
    assert "already imported" in page
    assert _fresh(invoices["FS-2026-00001"]).paid_amount == Decimal("36.00")  # CAMT + CSV
    # And the database refuses a second booking of one bank transaction.
    first = Payment.objects.exclude(entry_ref="").first()
    assert first is not None
    with pytest.raises(Exception, match=r"UNIQUE|unique|duplicate"):
        Payment.objects.create(
            invoice=first.invoice,
            method=Payment.Method.IMPORT,
            match=Payment.Match.EXACT,
            amount=first.amount,
            booked_on=first.booked_on,
            account=first.account,
            entry_ref=first.entry_ref,
        )


def test_an_import_is_undone(coordinator: User, invoices: dict[str, Invoice]) -> None:
    client = english_client(coordinator)
    invoices["FS-2026-00002"].refresh_from_db()
    # A cash payment entered by hand before the import stays.
    client.post(
        f"/verwaltung/ferienspass/rechnung/{invoices['FS-2026-00002'].pk}/bezahlt/",
        {"amount": "5.00"},
    )
    _upload(client, CAMT)
    batch = PaymentImport.objects.get()
    assert _fresh(invoices["FS-2026-00002"]).paid_amount == Decimal("25.00")
    response = client.post(f"{IMPORT}{batch.pk}/rueckgaengig/")
    assert response.status_code == 302
    assert not PaymentImport.objects.exists()
    assert _fresh(invoices["FS-2026-00001"]).status == Invoice.Status.OPEN
    assert _fresh(invoices["FS-2026-00001"]).paid_amount == 0
    assert _fresh(invoices["FS-2026-00002"]).paid_amount == Decimal("5.00")
    assert AuditEntry.objects.filter(action="holidays.payments.undo_import").exists()
    # Undone, the statement can be imported again.
    _upload(client, CAMT)
    assert _fresh(invoices["FS-2026-00001"]).status == Invoice.Status.PAID


def test_overdue_invoices_are_reminded_once_per_stage(invoices: dict[str, Invoice]) -> None:
    def reminders() -> int:
        return OutboxMessage.objects.filter(subject__contains="FS-2026-00004").count()

    assert payments.send_overdue_reminders(today=dt.date(2026, 8, 1)) == 0  # due today
    payments.send_overdue_reminders(today=dt.date(2026, 8, 2))
    assert reminders() == 1
    payments.send_overdue_reminders(today=dt.date(2026, 8, 3))
    payments.send_overdue_reminders(today=dt.date(2026, 8, 10))
    assert reminders() == 1, "the first stage is reminded once"
    payments.send_overdue_reminders(today=dt.date(2026, 8, 16))
    payments.send_overdue_reminders(today=dt.date(2026, 8, 30))
    assert reminders() == 2, "the second stage once more, then nothing"
    body = OutboxMessage.objects.filter(subject__contains="FS-2026-00004").first()
    assert body is not None and "30,00 €" in body.body_text
    # The others are all overdue and open too: each got its two stages, no more.
    assert OutboxMessage.objects.filter(purpose__startswith="holidays.invoice:").count() == 2 * 4


def test_the_cash_office_export_shows_what_was_paid_how(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    client = english_client(coordinator)
    _upload(client, CAMT)
    client.post(
        f"/verwaltung/ferienspass/rechnung/{invoices['FS-2026-00004'].pk}/bezahlt/",
        {"amount": "30"},
    )
    period = invoices["FS-2026-00001"].period
    csv = client.get(f"/verwaltung/ferienspass/{period.slug}/rechnungen/?format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "04.08.2026 18,00 transfer (bank statement import)" in text
    assert "partial payment" in text and "overpayment" in text
    assert "30,00 cash or entered by hand" in text


@pytest.mark.parametrize("who", ["family", "partner", "anonymous"])
def test_only_coordinators_import_statements(
    who: str, family_user: User, partner_user: User, invoices: dict[str, Invoice]
) -> None:
    user = {"family": family_user, "partner": partner_user, "anonymous": None}[who]
    client = english_client(user)
    response = client.get(IMPORT)
    assert response.status_code == (302 if user is None else 403)
    response = client.post(IMPORT, {"statement": SimpleUploadedFile("a.xml", CAMT.read_bytes())})
    assert response.status_code == (302 if user is None else 403)
    assert not Payment.objects.exists()


def test_the_import_page_works_for_a_coordinator(
    coordinator: User, invoices: dict[str, Invoice]
) -> None:
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert "Kontoauszug importieren" in page.content.decode()
