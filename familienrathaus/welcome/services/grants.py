"""The welcome grant: approve, refuse, pay in cash at the Rathaus.

requested → approved → paid (cash here, or by transfer in a SEPA file:
:mod:`~familienrathaus.welcome.services.payments`); requested or approved → refused
with a reason (the family is told by mail in its language when it gave an address).

**Never paid twice.** ``Payment.grant`` is one-to-one, so the database itself refuses a
second payment of a grant. Before that rule is ever reached, every payment (cash or a
transfer file) runs inside the *money lock*: the alliance's row of ``WelcomeSettings``
locked for one short transaction via :func:`core.capacity.locked` (``SELECT … FOR UPDATE``
with a lock timeout on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite). Inside it the grant is
checked and moved ``approved → paid`` by a conditional update, and the next receipt
number is taken. Two coordinators paying the same grant at once queue up; the second
finds it paid and gets :class:`AlreadyPaid` with the first one's receipt number: a
message, no second payment, no server error. One lock for all payments also keeps the
receipt numbers gapless and unique (``BG-YYYY-NNNN``, counted per calendar year and
alliance: each alliance has its own settings row, so its own lock and its own numbers).

``core.capacity.unprotected()`` switches the lock off (reads before the transaction,
as the race would): only ``tests/test_welcome_payments_concurrency.py`` uses it, to
show the race first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, banking, capacity, numbering, outbox
from familienrathaus.core.models import User
from familienrathaus.welcome.models import Grant, Payment, Registration, WelcomeSettings
from familienrathaus.welcome.selectors import settings as welcome_settings

Status = Grant.Status
AUDIT_FIELDS = ["status", "amount", "reason"]


class StepRefused(ValidationError):
    """The step does not follow from the grant's (or registration's) state."""


class AlreadyPaid(StepRefused):
    """The grant was paid meanwhile (e.g. by another coordinator a moment ago)."""


# --------------------------------------------------------------------------- the money lock


@contextmanager
def money_lock() -> Iterator[WelcomeSettings]:
    """One transaction in which payments are made and numbered (see the module doc).
    Raises :class:`core.capacity.CapacityBusy` when the lock is not granted in time."""
    row = welcome_settings.get()  # the alliance's row exists before anyone locks it
    with capacity.locked(WelcomeSettings, row.pk) as row:
        yield row


def _between_check_and_write() -> None:
    """A hook for the concurrency test to widen the race window when unprotected."""


def next_number(when: dt.datetime) -> str:
    """The next receipt number of ``when``'s year ("BG-2026-0007"); inside the money
    lock, so two payments never get the same number."""
    return numbering.next_yearly(
        Payment.objects.all(), "number", "BG", timezone.localtime(when).year
    )


def keep_until(when: dt.datetime, row: WelcomeSettings | None = None) -> dt.date:
    """The cash office keeps a payment to the end of its year plus the retention years."""
    row = row or welcome_settings.get()
    return dt.date(timezone.localtime(when).year + row.payment_retention_years, 12, 31)


def new_payment(
    *,
    grant: Grant,
    method: str,
    payee_name: str,
    actor: User | None,
    when: dt.datetime,
    iban: str = "",
    bic: str = "",
    batch: Any = None,
) -> Payment:
    """Write the payment of ``grant`` and mark the grant paid (inside the money lock,
    after the grant was found approved). Audited on the registration's history."""
    registration = grant.registration
    payment = Payment(
        number=next_number(when),
        grant=grant,
        registration_reference=registration.reference,
        amount=grant.amount,
        method=method,
        payee_name=payee_name[:200],
        iban=iban,
        bic=bic,
        paid_at=when,
        paid_by=actor,
        batch=batch,
        keep_until=keep_until(when),
        created_at=when,
    )
    payment.full_clean(exclude=["grant", "batch"])
    payment.save()
    Grant.objects.filter(pk=grant.pk).update(status=Status.PAID)
    grant.status = Status.PAID
    Registration.objects.filter(pk=registration.pk).update(last_step_at=when)
    audit.record(
        actor=actor,
        action="welcome.grant-paid",
        obj=registration,
        changes={
            "grant_status": {"before": Status.APPROVED.value, "after": Status.PAID.value},
            "payment": {"before": None, "after": payment.number},
            "method": {"before": None, "after": method},
            "amount": {"before": None, "after": str(payment.amount)},
        },
    )
    return payment


# --------------------------------------------------------------------------- decisions


def ensure_grant(registration: Registration) -> Grant:
    """The registration's grant, made with the configured amount when there is none yet."""
    grant, _created = Grant.objects.get_or_create(
        registration=registration,
        defaults={"amount": welcome_settings.get().grant_amount},
    )
    return grant


def _locked_grant(registration: Registration) -> Grant:
    ensure_grant(registration)
    return (
        Grant.objects.select_for_update()
        .select_related("registration")
        .get(registration_id=registration.pk)
    )


def _record(actor: User, grant: Grant, before: dict[str, Any], action: str) -> None:
    now = timezone.now()
    Registration.objects.filter(pk=grant.registration_id).update(last_step_at=now)
    audit.record(
        actor=actor,
        action=f"welcome.{action}",
        obj=grant.registration,
        changes={
            f"grant_{key}": value
            for key, value in audit.diff(before, audit.snapshot(grant, AUDIT_FIELDS)).items()
        },
    )


def approve(
    *,
    actor: User,
    registration: Registration,
    payout: str,
    account_holder: str = "",
    iban: str = "",
) -> Grant:
    """Approve the grant of an eligible registration. ``payout`` is cash or transfer;
    a transfer needs the account holder and a valid IBAN (the family's, as corrected
    by the coordinator if need be)."""
    row = welcome_settings.get()
    if not row.grant_enabled:
        raise StepRefused(_("The welcome grant is switched off in the settings."))
    errors: dict[str, str] = {}
    bic = ""
    if payout not in Registration.Payout.values:
        errors["payout"] = _("Choose how the grant is paid.")
    elif payout == Registration.Payout.TRANSFER:
        account_holder = account_holder.strip()
        if not account_holder:
            errors["account_holder"] = _("Enter the account holder for a transfer.")
        if not iban.strip():
            errors["iban"] = _("Enter the IBAN for a transfer.")
        else:
            try:
                iban = banking.clean_iban(iban)
                bic = banking.bic_for(iban)
            except ValidationError as exc:
                errors["iban"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if (
            current.eligibility != Registration.Eligibility.ELIGIBLE
            or current.status == Registration.Status.DECLINED
        ):
            raise StepRefused(_("Only a checked, eligible registration can get the grant."))
        grant = _locked_grant(current)
        if grant.status not in (Status.REQUESTED, Status.REFUSED):
            raise StepRefused(_("This grant has already been approved or paid."))
        before = audit.snapshot(grant, AUDIT_FIELDS)
        grant.status = Status.APPROVED
        grant.reason = ""
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.full_clean(exclude=["registration"])
        grant.save()
        current.wants_grant = True
        current.payout = payout
        if payout == Registration.Payout.TRANSFER:
            current.account_holder = account_holder[:70]
            current.iban = iban
            current.bic = bic or current.bic
        Registration.objects.filter(pk=current.pk).update(
            wants_grant=True,
            payout=current.payout,
            account_holder=current.account_holder,
            iban=current.iban,
            bic=current.bic,
        )
        _record(actor, grant, before, "grant-approve")
    return grant


def refuse(*, actor: User, registration: Registration, reason: str) -> Grant:
    """Refuse the grant with a reason. The family gets a mail in its language when it
    gave an e-mail address (queued in the same transaction)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the grant is refused.")})
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        grant = _locked_grant(current)
        if grant.status not in (Status.REQUESTED, Status.APPROVED):
            raise StepRefused(_("A paid or refused grant cannot be refused."))
        before = audit.snapshot(grant, AUDIT_FIELDS)
        grant.status = Status.REFUSED
        grant.reason = reason
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.full_clean(exclude=["registration"])
        grant.save()
        _record(actor, grant, before, "grant-refuse")
        if current.email:
            _mail_refusal(current, grant)
    return grant


def _mail_refusal(registration: Registration, grant: Grant) -> None:
    language = registration.language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "registration": registration,
            "grant": grant,
            "town": welcome_settings.town_name(),
        }
        subject = _("Your welcome grant: our decision")
        body = render_to_string("welcome/grants/mail/refused.txt", context)
    outbox.queue_mail(
        to=[registration.email],
        subject=subject,
        body_text=body,
        purpose="welcome.grant",
        language=language,
    )


# --------------------------------------------------------------------------- paying in cash


def _check_payable(grant: Grant) -> None:
    if grant.status == Status.PAID:
        payment = Payment.objects.filter(grant=grant).first()
        raise AlreadyPaid(
            _("This grant has already been paid (receipt %(number)s). Nothing was paid again.")
            % {"number": payment.number if payment else "–"}
        )
    if grant.status != Status.APPROVED:
        raise StepRefused(_("Only an approved grant can be paid."))


def pay_cash(*, actor: User, registration: Registration, payee_name: str) -> Payment:
    """Pay the approved grant in cash at the Rathaus: a payment with the next receipt
    number; the receipt PDF (``receipt_pdf.py``) is printed and signed.

    Raises :class:`AlreadyPaid` when it was paid meanwhile, :class:`StepRefused` when it
    is not approved, ``capacity.CapacityBusy`` when the lock is not granted in time."""
    payee_name = " ".join(payee_name.split())
    if not payee_name:
        raise ValidationError({"payee_name": _("Enter who receives the money.")})
    grant_id = ensure_grant(registration).pk
    if not capacity.is_protected():
        # The race the lock prevents: check, then write on what may be stale by then.
        grant = Grant.objects.select_related("registration").get(pk=grant_id)
        _check_payable(grant)
        _between_check_and_write()
        with transaction.atomic():
            return new_payment(
                grant=grant,
                method=Payment.Method.CASH,
                payee_name=payee_name,
                actor=actor,
                when=timezone.now(),
            )
    with money_lock():
        grant = Grant.objects.select_related("registration").get(pk=grant_id)
        _check_payable(grant)
        _between_check_and_write()
        if (
            Grant.objects.filter(pk=grant.pk, status=Status.APPROVED).update(status=Status.PAID)
            != 1
        ):
            _check_payable(Grant.objects.get(pk=grant.pk))
        return new_payment(
            grant=grant,
            method=Payment.Method.CASH,
            payee_name=payee_name,
            actor=actor,
            when=timezone.now(),
        )


def amount_of(registration: Registration) -> Decimal:
    """What the grant of this registration is (or would be) worth."""
    grant = Grant.objects.filter(registration=registration).first()
    return grant.amount if grant else welcome_settings.get().grant_amount
