"""Retention: a registration's personal data goes ``retention_months`` after its last
step, its numbers stay as monthly counts; payments stay for the cash office until their
``keep_until`` and then go too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from familienrathaus.core import periodic
from familienrathaus.core.models import AuditEntry
from familienrathaus.welcome import retention
from familienrathaus.welcome.models import (
    FollowUp,
    Grant,
    KitaInterest,
    MonthlyCount,
    Payment,
    Registration,
    TransferBatch,
)
from familienrathaus.welcome.services import grants
from tests.factories.welcome import (
    FollowUpFactory,
    GrantFactory,
    KitaInterestFactory,
    RegistrationFactory,
    welcome_settings,
)

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 5, 3, 0))


def at(year: int, month: int, day: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 12, 0))


def paid_registration(*, last_step: dt.datetime) -> Registration:
    registration = RegistrationFactory(
        created_at=at(2025, 9),
        status=Registration.Status.DONE,
        done_at=at(2025, 10),
        language="tr",
        first_born=False,
        wants_grant=True,
        payout="cash",
    )
    grant = GrantFactory(registration=registration, status="approved", amount=Decimal("100.00"))
    grants.new_payment(
        grant=grant, method="cash", payee_name="Ayşe Yılmaz", actor=None, when=at(2025, 11)
    )
    Registration.objects.filter(pk=registration.pk).update(last_step_at=last_step)
    return registration


def test_a_registration_is_deleted_after_the_period_and_its_numbers_stay():
    old = paid_registration(last_step=at(2025, 11, 4))  # 13 months before NOW
    recent = RegistrationFactory(last_step_at=at(2026, 1, 10))  # 11 months: stays
    interest = KitaInterestFactory(registration=old, last_step_at=at(2025, 11, 4))
    pending = FollowUpFactory(registration=old)
    subscribed = RegistrationFactory(created_at=at(2025, 1), last_step_at=at(2025, 1))
    active = FollowUpFactory(registration=subscribed, status=FollowUp.Status.ACTIVE)

    result = retention.apply(now=NOW)

    assert result["registrations"] == 2
    assert result["kita_interests"] == 1
    assert not Registration.objects.filter(pk=old.pk).exists()
    assert Registration.objects.filter(pk=recent.pk).exists()
    assert not Grant.objects.filter(registration_id=old.pk).exists()
    assert not KitaInterest.objects.filter(pk=interest.pk).exists()
    assert not FollowUp.objects.filter(pk=pending.pk).exists()
    active.refresh_from_db()  # the family's own subscription lives on, detached
    assert (active.status, active.registration) == (FollowUp.Status.ACTIVE, None)

    # The payment stays for the cash office, without the registration.
    payment = Payment.objects.get()
    assert payment.grant is None
    assert payment.registration_reference == old.reference

    # Counts in the month of each step, under district, language and first-born only.
    counts = {
        (c.month, c.language, c.first_born): (
            c.registrations,
            c.packages,
            c.grants_paid,
            c.grants_sum,
        )
        for c in MonthlyCount.objects.all()
    }
    assert counts == {
        (dt.date(2025, 1, 1), "de", True): (1, 0, 0, Decimal("0")),
        (dt.date(2025, 9, 1), "tr", False): (1, 0, 0, Decimal("0")),
        (dt.date(2025, 10, 1), "tr", False): (0, 1, 0, Decimal("0")),
        (dt.date(2025, 11, 1), "tr", False): (0, 0, 1, Decimal("100.00")),
    }

    # The audit keeps that it happened, not about whom.
    entry = AuditEntry.objects.filter(action="welcome.retention-delete").get(
        changes__reference=old.reference
    )
    assert entry.actor_label == "system"
    assert entry.changes == {"reference": old.reference}
    earlier = AuditEntry.objects.filter(action="welcome.grant-paid").get()
    assert earlier.changes == {}

    # A second run finds nothing; the counts are not added twice.
    assert retention.apply(now=NOW)["registrations"] == 0
    assert MonthlyCount.objects.get(month=dt.date(2025, 9, 1)).registrations == 1


def test_counts_of_the_same_month_add_up_and_the_period_is_configurable():
    welcome_settings(retention_months=3)
    for _ in range(2):
        RegistrationFactory(created_at=at(2026, 5), last_step_at=at(2026, 8, 1))
    RegistrationFactory(created_at=at(2026, 5), last_step_at=at(2026, 10, 1))  # 2 months
    assert retention.apply(now=NOW)["registrations"] == 2
    assert MonthlyCount.objects.get().registrations == 2
    assert Registration.objects.count() == 1


def test_a_step_taken_meanwhile_keeps_the_registration():
    registration = RegistrationFactory(last_step_at=at(2025, 1))
    due = retention.due_registrations(now=NOW)
    Registration.objects.filter(pk=registration.pk).update(last_step_at=NOW)
    assert due == [registration.pk]
    assert retention.delete_registration(registration.pk, now=NOW) is False
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert not MonthlyCount.objects.exists()


def test_payments_and_transfer_files_go_after_their_keep_until():
    welcome_settings(payment_retention_years=10)
    registration = paid_registration(last_step=at(2025, 11))
    payment = Payment.objects.get()
    assert payment.keep_until == dt.date(2035, 12, 31)
    batch = TransferBatch.objects.create(
        message_id="BG-OLD", execution_date=dt.date(2015, 3, 2), keep_until=dt.date(2025, 12, 31)
    )
    Payment.objects.filter(pk=payment.pk).update(keep_until=dt.date(2026, 12, 31))

    assert retention.delete_payments(today=dt.date(2026, 12, 31)) == {
        "payments": 0,
        "transfer_files": 1,
    }
    assert Payment.objects.exists()
    assert not TransferBatch.objects.filter(pk=batch.pk).exists()
    assert retention.delete_payments(today=dt.date(2027, 1, 1))["payments"] == 1
    assert not Payment.objects.exists()
    assert Registration.objects.filter(pk=registration.pk).exists()  # its own period


def test_retention_runs_once_a_day():
    assert periodic.interval(retention.apply_retention) == periodic.DAY
