"""Families can pay an invoice: the PDF and the mail carry the bank details, a due date
on a working day, an RF creditor reference and a GiroCode (EPC QR code) that a banking
app reads; amounts are German everywhere; the coordinator sees the family's name."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import cast

import pytest
import zxingcpp
from django.core import mail
from django.test import Client
from pypdf import PdfReader
from stdnum import iso11649

from familienrathaus.core import outbox
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Child, Invoice, Occasion, Period
from familienrathaus.holidays.services.invoices import due_date, payment_reference
from tests.factories import ChildFactory, OccasionFactory, PeriodFactory, UserFactory

IBAN = "DE02120300000000202051"


@pytest.fixture
def bank_details(db: None) -> None:
    site = core_selectors.site_settings()
    site.bank_account_holder = "Lokales Bündnis für Familie Hamm"
    site.bank_iban = IBAN
    site.bank_bic = "BYLADEM1001"
    site.payment_days = 14
    site.save()


def _german(user: User) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(user)
    return client


def _issued_invoice(coordinator: User) -> Invoice:
    period = cast(Period, PeriodFactory())
    occasion = cast(Occasion, OccasionFactory(activity__period=period, fee=Decimal("18.00")))
    family = cast(User, UserFactory(name="Anna Becker", email="becker@example.org"))
    child = cast(Child, ChildFactory(family=family))
    services.book(actor=family, child=child, occasion=occasion)
    services.issue_invoices(actor=coordinator, period=period)
    return Invoice.objects.get(family=family)


def test_the_reference_is_an_iso_11649_creditor_reference() -> None:
    reference = payment_reference("FS-2026-00001")
    assert reference == "RF45FS202600001"
    assert iso11649.is_valid(reference)


@pytest.mark.django_db
def test_the_due_date_falls_on_a_working_day() -> None:
    # 14 days after Friday 18.12.2026 is Friday 01.01.2027, New Year's Day: Monday 04.01.
    assert due_date(dt.date(2026, 12, 18), 14) == dt.date(2027, 1, 4)
    # 14 days after a Wednesday is a Wednesday.
    assert due_date(dt.date(2026, 8, 5), 14) == dt.date(2026, 8, 19)


def test_the_invoice_pdf_carries_bank_details_due_date_reference_and_a_girocode(
    coordinator: User, bank_details: None
) -> None:
    invoice = _issued_invoice(coordinator)
    response = _german(coordinator).get(f"/ferienspass/rechnung/{invoice.pk}.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "DE02 1203 0000 0000 2020 51" in flat
    reference = iso11649.format(payment_reference(invoice.number))
    assert reference in flat
    assert invoice.due_on is not None
    assert invoice.due_on.strftime("%d.%m.%Y") in flat
    assert "18,00 €" in flat and "18.00" not in flat

    codes = []
    for page in reader.pages:
        for image in page.images:
            codes += [code.text for code in zxingcpp.read_barcodes(image.image)]
    assert codes, "the PDF contains a QR code a banking app can read"
    lines = codes[0].split("\n")
    # EPC069-12: service tag, version, UTF-8, SEPA credit transfer, BIC, name, IBAN,
    # amount, purpose code, structured reference.
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[4] == "BYLADEM1001"
    assert lines[5] == "Lokales Bündnis für Familie Hamm"
    assert lines[6] == IBAN
    assert lines[7] == "EUR18"  # segno writes the amount without trailing zeros
    assert lines[9] == payment_reference(invoice.number)


def test_the_invoice_mail_carries_the_same_details_in_german_amounts(
    coordinator: User, bank_details: None
) -> None:
    invoice = _issued_invoice(coordinator)
    mail = OutboxMessage.objects.get(
        purpose__startswith="holidays.invoice:", to=[invoice.payer_email]
    )
    body = mail.body_text
    assert "DE02 1203 0000 0000 2020 51" in body
    assert iso11649.format(payment_reference(invoice.number)) in body
    assert invoice.due_on is not None and invoice.due_on.strftime("%d.%m.%Y") in body
    assert "18,00 €" in body
    assert "18.00" not in body, "no English amount next to the German one"


def test_the_invoice_mail_brings_the_invoice_pdf_with_its_girocode(
    coordinator: User, bank_details: None, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    invoice = _issued_invoice(coordinator)
    message = OutboxMessage.objects.get(
        purpose__startswith="holidays.invoice:", to=[invoice.payer_email]
    )
    assert outbox.deliver(message.pk) == "sent"
    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    reader = PdfReader(io.BytesIO(content))
    assert "DE02 1203 0000 0000 2020 51" in " ".join(
        " ".join(page.extract_text().split()) for page in reader.pages
    )
    codes = [
        code.text
        for page in reader.pages
        for image in page.images
        for code in zxingcpp.read_barcodes(image.image)
    ]
    assert codes and codes[0].startswith("BCD\n002\n1\nSCT\n")


def test_without_bank_details_the_invoice_has_no_girocode(coordinator: User) -> None:
    invoice = _issued_invoice(coordinator)
    response = _german(coordinator).get(f"/ferienspass/rechnung/{invoice.pk}.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert not [image for page in reader.pages for image in page.images]


def test_the_coordinators_list_names_the_family(coordinator: User, bank_details: None) -> None:
    invoice = _issued_invoice(coordinator)
    page = (
        _german(coordinator)
        .get(f"/verwaltung/ferienspass/{invoice.period.slug}/rechnungen/")
        .content.decode()
    )
    assert "Anna Becker" in page
    assert "18,00 €" in page


def test_the_site_settings_check_the_iban_and_derive_the_bic(coordinator: User) -> None:
    client = _german(coordinator)
    page = client.get("/verwaltung/einstellungen/")
    assert page.status_code == 200
    form = {
        "alliance_name": "Lokales Bündnis für Familie",
        "federal_state": "NW",
        "primary_colour": "#0b5394",
        "bank_account_holder": "Bündnis",
        "bank_iban": "DE02 1203 0000 0000 2020 52",  # one digit wrong
        "payment_days": "14",
    }
    response = client.post("/verwaltung/einstellungen/", form)
    assert response.status_code == 200
    assert "keine gültige IBAN" in response.content.decode()
    assert "DE02 1203 0000 0000 2020 52" in response.content.decode(), "input is kept"
    assert core_selectors.site_settings().bank_iban == ""

    form["bank_iban"] = "de89 3704 0044 0532 0130 00"
    response = client.post("/verwaltung/einstellungen/", form)
    assert response.status_code == 302
    site = core_selectors.site_settings()
    assert site.bank_iban == "DE89370400440532013000"
    assert site.bank_bic == "COBADEFFXXX"  # taken from the bank code
