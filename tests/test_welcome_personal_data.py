"""A family's data in the welcome for newborns (issue 19, point 8): the account's export
holds its registrations, Kita wishes, follow-up mails and payments (saying how long the
cash office keeps them); deleting the account deletes the registrations, wishes and
follow-ups — the month's counts stay for the reports — but keeps the payment records
until their keep-until date."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from familienrathaus.core.models import User
from familienrathaus.welcome.models import (
    FollowUp,
    KitaInterest,
    MonthlyCount,
    Payment,
    Registration,
)
from tests.factories import UserFactory
from tests.factories.welcome import (
    FollowUpFactory,
    GrantFactory,
    KitaInterestFactory,
    RegistrationFactory,
)
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-Passwort-1"
ADDRESS = "ayse.yilmaz@example.org"


@pytest.fixture
def family() -> dict[str, Any]:
    user = UserFactory(email=ADDRESS, name="Ayşe Yılmaz", password=PASSWORD)
    client = LanguageClient("en")
    client.force_login(user)
    # Registered without logging in, with the account's address in another case.
    registration = RegistrationFactory(
        email="Ayse.Yilmaz@Example.org", parent_names="Ayşe und Can Yılmaz", language="tr"
    )
    grant = GrantFactory(registration=registration, status="paid")
    Payment.objects.create(
        number="BG-2026-0001",
        grant=grant,
        registration_reference=registration.reference,
        amount=Decimal("100.00"),
        method=Payment.Method.CASH,
        payee_name="Ayşe Yılmaz",
        keep_until=dt.date(2036, 12, 31),
    )
    KitaInterestFactory(registration=registration)
    KitaInterestFactory(
        registration=None,
        child_first_name="Elif",
        birth_date=registration.birth_date,
        parent_names="Ayşe Yılmaz",
        email=ADDRESS,
        postcode="58452",
    )
    FollowUpFactory(registration=registration)
    other = RegistrationFactory(email="someone@example.org")
    return {"user": user, "client": client, "registration": registration, "other": other}


def test_the_export_holds_registrations_kita_wishes_follow_ups_and_payments(
    family: dict[str, Any],
) -> None:
    response = family["client"].get("/konto/meine-daten/")
    data = json.loads(response.content)["welcome"]

    assert [r["reference"] for r in data["registrations"]] == [family["registration"].reference]
    assert data["registrations"][0]["grant"]["status"] == "paid"
    assert len(data["kita_interests"]) == 2
    assert data["followups"][0]["email"] == family["registration"].email
    payment = data["cash_office_payments"][0]
    assert payment["number"] == "BG-2026-0001" and payment["kept_until"] == "2036-12-31"
    assert "cash office must keep payment records until" in payment["note"]
    assert family["other"].reference not in response.content.decode()


def test_deleting_the_account_deletes_the_welcome_data_but_keeps_counts_and_payments(
    family: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    registration = family["registration"]
    with django_capture_on_commit_callbacks(execute=True):
        response = family["client"].post("/konto/loeschen/", {"password": PASSWORD})
    assert response.status_code == 302

    assert not User.objects.filter(email=ADDRESS).exists()
    assert list(Registration.objects.all()) == [family["other"]]
    assert not KitaInterest.objects.exists()
    assert not FollowUp.objects.filter(registration__isnull=True).exists()
    assert not FollowUp.objects.exclude(registration=family["other"]).exists()
    payment = Payment.objects.get()
    assert payment.grant is None and payment.registration_reference == registration.reference
    kept = MonthlyCount.objects.get()
    assert (kept.registrations, kept.grants_paid, kept.language) == (1, 1, "tr")
