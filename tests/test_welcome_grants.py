"""The welcome grant on a registration's page: approve only what is eligible, refuse with
a reason (the family is told in its language), pay in cash once with a receipt to sign."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.welcome.models import Grant, Payment, Registration
from tests.factories.welcome import RegistrationFactory

pytestmark = pytest.mark.django_db

BASE = "/verwaltung/babybegruessung"


def eligible(**kwargs: object) -> Registration:
    registration = RegistrationFactory(
        grant=True,
        eligibility=Registration.Eligibility.ELIGIBLE,
        status=Registration.Status.CHECKED,
        **kwargs,
    )
    return registration


def approve_cash(client, registration: Registration) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"{BASE}/{registration.pk}/zuschuss/bewilligen/", {"payout": "cash"})
    assert response.status_code == 302


def test_the_panel_shows_the_grant_on_the_registrations_page(coordinator_client):
    registration = eligible()
    for url in (f"{BASE}/{registration.pk}/", f"{BASE}/{registration.pk}/zuschuss/"):
        page = coordinator_client.get(url).content.decode()
        assert 'id="zuschuss"' in page
        assert "Approve the grant" in page
        assert "DE89 3704 0044 0532 0130 00" in page  # the family's IBAN, as people read it


def test_approve_an_eligible_registration_for_a_transfer(coordinator_client, coordinator):
    registration = eligible()
    response = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bewilligen/",
        {
            "payout": "transfer",
            "account_holder": "Anna Muster",
            "iban": "de02 1203 0000 0000 2020 51",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{registration.pk}/#zuschuss")
    grant = Grant.objects.get(registration=registration)
    assert grant.status == Grant.Status.APPROVED
    assert grant.decided_by == coordinator
    registration.refresh_from_db()
    assert registration.iban == "DE02120300000000202051"  # corrected by the coordinator
    assert AuditEntry.objects.filter(
        action="welcome.grant-approve", object_id=str(registration.pk)
    ).exists()
    history = coordinator_client.get(f"{BASE}/{registration.pk}/").content.decode()
    assert "Grant approved" in history
    # the states are <bdi> and the arrow turns with the reading direction: read the text
    assert "Grant: requested → approved" in " ".join(strip_tags(history).split())


def test_a_registration_not_yet_checked_cannot_get_the_grant(coordinator_client):
    registration = RegistrationFactory(grant=True)  # registered, eligibility pending
    response = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bewilligen/", {"payout": "cash"}, follow=True
    )
    assert "Only a checked, eligible registration can get the grant." in response.content.decode()
    assert Grant.objects.get(registration=registration).status == Grant.Status.REQUESTED


def test_a_malformed_iban_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    coordinator_client,
):
    registration = eligible()
    response = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bewilligen/",
        {"payout": "transfer", "account_holder": "Anna Muster", "iban": "DE00 1234"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not a valid IBAN" in page
    assert 'value="DE00 1234"' in page
    assert 'value="Anna Muster"' in page
    assert Grant.objects.get(registration=registration).status == Grant.Status.REQUESTED


def test_refusing_needs_a_reason_and_tells_the_family_in_its_language(coordinator_client):
    registration = eligible(language="en", email="family@example.org")
    url = f"{BASE}/{registration.pk}/zuschuss/ablehnen/"
    response = coordinator_client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Say why the grant is refused." in response.content.decode()

    coordinator_client.post(url, {"reason": "Already paid for this child in another town."})
    grant = Grant.objects.get(registration=registration)
    assert grant.status == Grant.Status.REFUSED
    mail = OutboxMessage.objects.get(to=["family@example.org"])
    assert mail.subject == "Your welcome grant: our decision"
    assert "Already paid for this child in another town." in mail.body_text
    assert registration.reference in mail.body_text
    assert AuditEntry.objects.filter(action="welcome.grant-refuse").exists()


def test_a_refusal_without_an_email_address_sends_nothing(coordinator_client):
    registration = eligible(email="", phone="0123 45678")
    coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/ablehnen/", {"reason": "Moved away."}
    )
    assert Grant.objects.get(registration=registration).status == Grant.Status.REFUSED
    assert not OutboxMessage.objects.exists()


def test_pay_in_cash_once_with_a_receipt(coordinator_client, coordinator):
    registration = eligible(child_first_name="Mila")
    approve_cash(coordinator_client, registration)
    response = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bar/", {"payee_name": "Anna Muster"}
    )
    year = timezone.localdate().year
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/zahlungen/BG-{year}-0001/"
    payment = Payment.objects.get()
    assert (payment.number, payment.amount, payment.method) == (
        f"BG-{year}-0001",
        Decimal("100.00"),
        "cash",
    )
    assert payment.registration_reference == registration.reference
    assert payment.keep_until == timezone.localdate().replace(year=year + 10, month=12, day=31)
    assert Grant.objects.get(registration=registration).status == Grant.Status.PAID

    # The same button again (a second tab, a double click): a message, no second payment.
    again = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bar/", {"payee_name": "Anna Muster"}, follow=True
    )
    assert f"This grant has already been paid (receipt BG-{year}-0001)" in again.content.decode()
    assert Payment.objects.count() == 1

    receipt = coordinator_client.get(f"{BASE}/zahlungen/BG-{year}-0001/quittung.pdf")
    assert receipt["Content-Type"] == "application/pdf"
    assert "no-store" in receipt["Cache-Control"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert f"BG-{year}-0001" in text
    assert registration.reference in text
    assert "Anna Muster" in text
    assert "100,00 €" in text
    assert "einhundert" in text  # the amount in words, in the cash office's German
    assert "Mila" not in text  # the child's reference, never its name
    assert "Rathausplatz" not in text


def test_receipt_numbers_count_up_within_the_year(coordinator_client):
    first, second = eligible(), eligible()
    for registration in (first, second):
        approve_cash(coordinator_client, registration)
        coordinator_client.post(f"{BASE}/{registration.pk}/zuschuss/bar/", {"payee_name": "Eltern"})
    year = timezone.localdate().year
    assert sorted(Payment.objects.values_list("number", flat=True)) == [
        f"BG-{year}-0001",
        f"BG-{year}-0002",
    ]


def test_an_unapproved_grant_is_not_paid(coordinator_client):
    registration = eligible()
    response = coordinator_client.post(
        f"{BASE}/{registration.pk}/zuschuss/bar/", {"payee_name": "Anna Muster"}, follow=True
    )
    assert "Only an approved grant can be paid." in response.content.decode()
    assert not Payment.objects.exists()


def test_the_payments_list_and_its_csv(coordinator_client):
    registration = eligible()
    approve_cash(coordinator_client, registration)
    coordinator_client.post(f"{BASE}/{registration.pk}/zuschuss/bar/", {"payee_name": "Ana Öz"})
    page = coordinator_client.get(f"{BASE}/zahlungen/").content.decode()
    assert "Ana Öz" in page
    assert "1 payment, 100.00 € in total." in page
    csv = coordinator_client.get(f"{BASE}/zahlungen/?format=csv").content.decode("utf-8")
    assert csv.startswith("\ufeff")
    assert ";Ana Öz;" in csv
    assert ";100,00;" in csv


def test_a_long_payments_list_comes_a_page_at_a_time_with_the_filter_kept(coordinator_client):
    year = timezone.localdate().year
    Payment.objects.bulk_create(
        Payment(
            number=f"BG-{year}-{n:04d}",
            registration_reference=f"BB-{year}-{n:04d}",
            amount=Decimal("100.00"),
            method=Payment.Method.CASH,
            payee_name=f"Eltern {n}",
            paid_at=timezone.now(),
            keep_until=timezone.localdate().replace(year=year + 10),
        )
        for n in range(1, 31)
    )
    first = coordinator_client.get(f"{BASE}/zahlungen/", {"method": "cash"}).content.decode()
    assert "30 payments, 3,000.00 € in total." in first
    assert first.count('class="frh-wd-list__item"') == 25
    assert "method=cash&amp;page=2" in first
    second = coordinator_client.get(f"{BASE}/zahlungen/", {"method": "cash", "page": 2})
    assert second.content.decode().count('class="frh-wd-list__item"') == 5


@pytest.mark.parametrize("who", ["anon", "family", "partner"])
def test_only_coordinators_reach_the_money(who, anon_client, family_client, partner_client):
    client = {"anon": anon_client, "family": family_client, "partner": partner_client}[who]
    registration = eligible()
    for url in (
        f"{BASE}/{registration.pk}/zuschuss/",
        f"{BASE}/zahlungen/",
        f"{BASE}/ueberweisungen/",
    ):
        response = client.get(url)
        assert response.status_code == (302 if who == "anon" else 404), url
    response = client.post(f"{BASE}/{registration.pk}/zuschuss/bewilligen/", {"payout": "cash"})
    assert response.status_code in (302, 404)
    assert Grant.objects.get(registration=registration).status == Grant.Status.REQUESTED
