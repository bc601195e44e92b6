"""Transfer files for the cash office: the approved transfer grants go into one SEPA
credit-transfer file (pain.001.001.09) that validates against the schema shipped with
sepaxml, with the right amounts and IBANs, and a CSV list German Excel opens."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import xmlschema
from defusedxml import ElementTree as ET

from familienrathaus.core import selectors as core_selectors
from familienrathaus.welcome import sepa
from familienrathaus.welcome.models import Grant, Payment, TransferBatch
from familienrathaus.welcome.services import payments
from tests.factories.welcome import GrantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

BASE = "/verwaltung/babybegruessung/ueberweisungen"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
TOWN_IBAN = "DE89370400440532013000"


@pytest.fixture
def town_account() -> None:
    site = core_selectors.site_settings()
    site.bank_account_holder = "Stadt Witten – Stadtkasse"
    site.bank_iban = "DE89 3704 0044 0532 0130 00"
    site.save()


def approved(name: str, iban: str, amount: str = "100.00") -> Grant:
    registration = RegistrationFactory(
        wants_grant=True, payout="transfer", account_holder=name, iban=iban
    )
    return GrantFactory(registration=registration, status="approved", amount=Decimal(amount))


def test_a_transfer_file_of_the_waiting_grants_validates_and_pays_each_once(
    coordinator_client, town_account
):
    first = approved("Ayşe Öztürk", "DE02120300000000202051")
    second = approved("Jan Groß", "DE02500105170137075030", "125.50")
    GrantFactory(status="requested")  # not approved: not in the file
    cash = approved("Bar Zahlerin", "")
    cash.registration.payout = "cash"
    cash.registration.save()

    page = coordinator_client.get(BASE + "/").content.decode()
    assert "2 approved transfers are waiting (225.50 €)." in page
    response = coordinator_client.post(BASE + "/", {"execution_date": "2099-01-01"})
    assert response.status_code == 400  # more than 90 days ahead: said next to the field
    assert "Choose a date within the next 90 days." in response.content.decode()
    earliest = payments.earliest_execution_date()
    response = coordinator_client.post(BASE + "/", {"execution_date": earliest.isoformat()})
    assert response.status_code == 302

    batch = TransferBatch.objects.get()
    assert (batch.count, batch.total) == (2, Decimal("225.50"))
    assert set(Grant.objects.filter(status="paid")) == {first, second}
    assert Payment.objects.filter(batch=batch, method="transfer").count() == 2

    download = coordinator_client.get(f"{BASE}/{batch.pk}/sepa.xml")
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    content = download.content
    schema = xmlschema.XMLSchema(str(sepa.SCHEMA_FILE))  # the XSD shipped inside sepaxml
    schema.validate(content.decode())

    root = ET.fromstring(content)
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", namespaces=NS) == batch.message_id
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "225.50"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == TOWN_IBAN
    assert info.findtext("p:Dbtr/p:Nm", namespaces=NS) == "Stadt Witten - Stadtkasse"
    assert info.findtext("p:ReqdExctnDt/p:Dt", namespaces=NS) == earliest.isoformat()
    transfers = {
        tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS): (
            tx.findtext("p:Amt/p:InstdAmt", namespaces=NS),
            tx.findtext("p:Cdtr/p:Nm", namespaces=NS),
            tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS),
            tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS),
        )
        for tx in info.findall("p:CdtTrfTxInf", NS)
    }
    number = Payment.objects.get(grant=first).number
    assert transfers["DE02120300000000202051"] == (
        "100.00",
        "Ayse Oeztuerk",  # the SEPA character set, umlauts as Germans write them
        f"Begruessungsgeld {first.registration.reference} {number}",  # the site's German
        number,
    )
    assert transfers["DE02500105170137075030"][:2] == ("125.50", "Jan Gross")
    # A second download is the same order (the bank's duplicate check sees one message).
    assert coordinator_client.get(f"{BASE}/{batch.pk}/sepa.xml").content == content

    # Nothing is waiting now: a second file would be empty, so none is made.
    assert "0 approved transfers are waiting" in coordinator_client.get(BASE + "/").content.decode()
    with pytest.raises(payments.NothingToPay):
        payments.create_batch(actor=None)
    assert TransferBatch.objects.count() == 1


def test_the_csv_of_a_batch_opens_in_german_excel(coordinator_client, town_account):
    approved("Jan Groß", "DE02500105170137075030", "125.50")
    coordinator_client.post(
        BASE + "/", {"execution_date": payments.earliest_execution_date().isoformat()}
    )
    batch = TransferBatch.objects.get()
    raw = coordinator_client.get(f"{BASE}/{batch.pk}/liste.csv").content
    assert raw.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == [
        "Receipt number",
        "Reference number",
        "Payee",
        "IBAN",
        "BIC",
        "Amount (EUR)",
    ]
    assert rows[1][2:6] == ["Jan Groß", "DE02 5001 0517 0137 0750 30", "INGDDEFFXXX", "125,50"]
    assert len(rows) == 2


def test_without_the_towns_account_no_file_is_made_and_the_page_says_why(coordinator_client):
    approved("Jan Groß", "DE02500105170137075030")
    page = coordinator_client.get(BASE + "/").content.decode()
    assert "The account the grants are paid from is missing." in page
    response = coordinator_client.post(
        BASE + "/",
        {"execution_date": payments.earliest_execution_date().isoformat()},
        follow=True,
    )
    assert "The account the grants are paid from is missing." in response.content.decode()
    assert not TransferBatch.objects.exists()
    assert Grant.objects.get().status == "approved"


def test_a_file_that_would_not_validate_is_never_made(town_account):
    grant = approved("\U0001f476", "DE02500105170137075030")  # no letter left for SEPA
    with pytest.raises(sepa.SepaError):
        payments.create_batch(actor=None)
    assert not TransferBatch.objects.exists()
    assert not Payment.objects.exists()
    grant.refresh_from_db()
    assert grant.status == "approved"
