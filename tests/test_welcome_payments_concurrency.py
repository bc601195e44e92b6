"""Two coordinators pay the same grant at the same moment; two make a transfer file at
the same moment.

The requests run in real threads, each with its own database connection and real
transactions (``transaction=True``), through the test client and the views, on SQLite
and on PostgreSQL. First the race is shown with the protection off
(``core.capacity.unprotected``: no money lock, no conditional update): both see the
grant approved and both go on to pay it; only the database's rules stop the second (one
payment per grant, one receipt per number: a server error or, by timing, a refused form).
Then with the protection: exactly one payment, and the other coordinator is told it was
paid already (no server error).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connections
from django.test import Client

from familienrathaus.core import capacity
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models.users import Role
from familienrathaus.welcome.models import Grant, Payment, Registration, TransferBatch
from familienrathaus.welcome.services import grants, payments
from tests.factories import TOTP_SECRET, UserFactory
from tests.factories.welcome import GrantFactory, RegistrationFactory
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/verwaltung/babybegruessung"


def coordinators(count: int) -> list[Client]:
    clients = []
    for number in range(count):
        client = LanguageClient("en", raise_request_exception=False)
        user = UserFactory(role=Role.COORDINATOR, email=f"koordination{number}@example.org")
        TOTP.activate(user, TOTP_SECRET)
        client.force_login(user)
        clients.append(client)
    return clients


def at_once(calls: list) -> list:  # type: ignore[type-arg]
    """Run the calls in threads released together; each closes its connection."""
    barrier = threading.Barrier(len(calls))

    def one(call):  # type: ignore[no-untyped-def]
        barrier.wait(timeout=30)
        try:
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def approved_cash_grant() -> Grant:
    registration = RegistrationFactory(
        wants_grant=True,
        payout="cash",
        eligibility=Registration.Eligibility.ELIGIBLE,
        status=Registration.Status.CHECKED,
    )
    return GrantFactory(registration=registration, status="approved")


def pay(client: Client, grant: Grant, *, protected: bool = True):  # type: ignore[no-untyped-def]
    def call():  # type: ignore[no-untyped-def]
        url = f"{BASE}/{grant.registration_id}/zuschuss/bar/"
        if not protected:
            with capacity.unprotected():
                return client.post(url, {"payee_name": "Anna Muster"})
        return client.post(url, {"payee_name": "Anna Muster"}, follow=True)

    return call


@pytest.fixture
def wide_window(monkeypatch):  # type: ignore[no-untyped-def]
    """Widen the gap between the check and the write, and count who got through it."""
    passed: list[int] = []

    def between() -> None:
        passed.append(1)
        time.sleep(0.3)

    monkeypatch.setattr(grants, "_between_check_and_write", between)
    return passed


def test_without_the_lock_both_coordinators_pay_the_same_grant(wide_window):
    """The proof that the test below can fail: unprotected, both find the grant
    approved and both write a payment; the second crashes on the database rule."""
    grant = approved_cash_grant()
    first, second = coordinators(2)
    responses = at_once([pay(first, grant, protected=False), pay(second, grant, protected=False)])
    assert len(wide_window) == 2  # both passed the "is it approved?" check
    # Only the database's rules stop the second: a server error when both reach the
    # database together, or the model's uniqueness check of the receipt number (400) when
    # the first committed between the second's numbering and its validation. Never a
    # second payment.
    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 302 and codes[1] in (400, 500), codes
    assert Payment.objects.count() == 1  # the one-to-one rule is the last net


def test_two_coordinators_pay_the_same_grant_once(wide_window):
    grant = approved_cash_grant()
    first, second = coordinators(2)
    responses = at_once([pay(first, grant), pay(second, grant)])
    assert [r.status_code for r in responses] == [200, 200]  # no server error
    payment = Payment.objects.get()
    assert payment.grant_id == grant.pk
    pages = sorted(r.content.decode() for r in responses)
    told = [page for page in pages if f"already been paid (receipt {payment.number})" in page]
    paid = [page for page in pages if "Print the receipt and have it signed." in page]
    assert (len(told), len(paid)) == (1, 1)
    assert len(wide_window) == 1  # the second never got past the check


def waiting_transfers(count: int) -> list[Grant]:
    site = core_selectors.site_settings()
    site.bank_account_holder = "Stadtkasse"
    site.bank_iban = "DE89370400440532013000"
    site.save()
    return [
        GrantFactory(
            registration=RegistrationFactory(
                wants_grant=True,
                payout="transfer",
                account_holder=f"Familie {n}",
                iban="DE02120300000000202051",
            ),
            status="approved",
        )
        for n in range(count)
    ]


def test_without_the_lock_two_transfer_files_choose_the_same_grants(wide_window):
    """The proof for the files: unprotected, both choose the same waiting grants, and
    the second file crashes on the one-payment-per-grant rule."""
    waiting_transfers(3)
    first, second = coordinators(2)
    day = payments.earliest_execution_date().isoformat()

    def make(client: Client):  # type: ignore[no-untyped-def]
        def call():  # type: ignore[no-untyped-def]
            with capacity.unprotected():
                return client.post(f"{BASE}/ueberweisungen/", {"execution_date": day})

        return call

    responses = at_once([make(first), make(second)])
    assert len(wide_window) == 2  # both chose their grants before either wrote
    codes = sorted(r.status_code for r in responses)  # refused as in the payment race above
    assert codes[0] == 302 and codes[1] in (400, 500), codes
    assert TransferBatch.objects.count() == 1
    assert Payment.objects.count() == 3


def test_two_transfer_files_at_once_never_hold_the_same_grant():
    waiting = waiting_transfers(5)
    first, second = coordinators(2)

    day = payments.earliest_execution_date().isoformat()

    def make_on(client: Client):  # type: ignore[no-untyped-def]
        return lambda: client.post(f"{BASE}/ueberweisungen/", {"execution_date": day}, follow=True)

    responses = at_once([make_on(first), make_on(second)])
    assert [r.status_code for r in responses] == [200, 200]
    assert TransferBatch.objects.count() == 1  # the second found nothing left
    assert any(
        "There are no approved grants waiting for a transfer." in r.content.decode()
        for r in responses
    )
    assert Payment.objects.filter(grant__in=waiting).count() == 5
    assert Payment.objects.values("grant").distinct().count() == 5
