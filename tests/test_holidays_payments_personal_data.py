"""A family's invoices with their payments and reminders in the data export, and what
the cash office keeps when the family deletes its account (see
``familienrathaus.holidays.personal_data``)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from familienrathaus.core import personal_data
from familienrathaus.core.models import User
from familienrathaus.holidays.models import Invoice
from familienrathaus.holidays.payment_models import InvoiceReminder, Payment, PaymentImport
from tests.factories import InvoiceFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-Passwort-1"
ADDRESS = "mia.muster@example.org"


@pytest.fixture
def family() -> User:
    return UserFactory(email=ADDRESS, name="Mia Muster", password=PASSWORD)


def paid_invoice(family: User, coordinator: User) -> Invoice:
    invoice = InvoiceFactory(
        family=family, status=Invoice.Status.PAID, paid_amount=Decimal("18.00")
    )
    batch = PaymentImport.objects.create(
        created_by=coordinator, file_name="auszug-juli.xml", file_format="camt053"
    )
    Payment.objects.create(
        batch=batch,
        invoice=invoice,
        method=Payment.Method.IMPORT,
        match=Payment.Match.EXACT,
        amount=Decimal("18.00"),
        booked_on=dt.date(2026, 7, 20),
        payer="Mia Muster",
        purpose=invoice.number,
        account="DE02120300000000202051",
        entry_ref="E-1",
        created_by=coordinator,
    )
    InvoiceReminder.objects.create(invoice=invoice, stage=1)
    return invoice


def test_the_export_lists_payments_and_reminders_of_the_familys_invoices(
    family: User, coordinator: User
) -> None:
    invoice = paid_invoice(family, coordinator)
    client = Client()
    client.force_login(family)
    data = json.loads(client.get("/konto/meine-daten/").content)
    (exported,) = data["holidays"]["invoices"]
    assert exported["number"] == invoice.number
    assert exported["payments"][0]["amount"] == "18.00"
    assert exported["payments"][0]["payer"] == "Mia Muster"
    assert exported["reminders"][0]["stage"] == 1
    # The coordinator who imported the statement finds it in their own export.
    staff = personal_data.export(coordinator, keys=["holidays_staff"])["holidays_staff"]
    assert staff["statements_imported"][0]["file"] == "auszug-juli.xml"
    assert staff["payments_entered"][0]["booked_on"] == "2026-07-20"


def test_deleting_the_account_keeps_the_books_without_the_account_or_a_needless_address(
    family: User, coordinator: User
) -> None:
    paid = paid_invoice(family, coordinator)
    still_open = InvoiceFactory(family=family, status=Invoice.Status.OPEN)
    client = Client()
    client.force_login(family)
    assert client.post("/konto/loeschen/", {"password": PASSWORD}).status_code == 302

    paid.refresh_from_db()
    still_open.refresh_from_db()
    # The cash office keeps invoices, payments and reminders...
    assert paid.family is None and paid.payer_name == "Mia Muster"
    assert paid.payments.get().amount == Decimal("18.00")
    assert paid.reminders.count() == 1
    # ...but a settled invoice no longer needs the address; an open one does.
    assert paid.payer_email == ""
    assert still_open.family is None and still_open.payer_email == ADDRESS


def test_a_coordinators_deletion_keeps_the_imports_they_made(
    family: User, coordinator: User
) -> None:
    paid_invoice(family, coordinator)
    personal_data.erase(coordinator)
    batch = PaymentImport.objects.get()
    assert batch.created_by is None and batch.payments.get().created_by is None
