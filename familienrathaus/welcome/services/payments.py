"""Transfer files for the cash office: every approved grant to be paid by transfer and
not yet paid goes into one :class:`TransferBatch` with a payment each; the batch is
downloaded as a SEPA credit-transfer file (pain.001, :mod:`~familienrathaus.welcome.sepa`)
and as a CSV list for German Excel.

Two coordinators making a file at once: both run inside the money lock of
:mod:`~familienrathaus.welcome.services.grants` and each grant moves ``approved → paid``
by a conditional update, so a grant is in one file only; the second file gets what is
left (or nothing, and says so). A file is checked against the SEPA schema before the
batch is saved: a file that would not validate is never made.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, banking, capacity
from familienrathaus.core import calendar as work_calendar
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.welcome import sepa
from familienrathaus.welcome.models import Grant, Payment, Registration, TransferBatch
from familienrathaus.welcome.services import grants

Status = Grant.Status


class NothingToPay(grants.StepRefused):
    """No approved transfer grant is waiting (any more)."""


def debtor_account() -> sepa.Account:
    """The paying account from the site settings; ``sepa.SepaError`` with a message for
    the coordinator when it is missing."""
    site = core_selectors.site_settings()
    return sepa.debtor(
        name=site.bank_account_holder or site.municipality or site.alliance_name,
        iban=site.bank_iban,
        bic=site.bank_bic,
    )


def waiting_grants() -> Any:
    """Approved grants to be paid by transfer, not yet in a file (oldest first)."""
    return (
        Grant.objects.filter(
            status=Status.APPROVED, registration__payout=Registration.Payout.TRANSFER
        )
        .exclude(registration__iban="")
        .select_related("registration")
        .order_by("decided_at", "pk")
    )


def earliest_execution_date(today: dt.date | None = None) -> dt.date:
    """The next working day (the bank executes on working days)."""
    today = today or timezone.localdate()
    return work_calendar.add_working_days(today, 1)


def description(payment: Payment) -> str:
    """The transfer's reference line as the family sees it on the bank statement, in
    the site's language (the same file whoever downloads it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Welcome grant %(reference)s %(number)s") % {
            "reference": payment.registration_reference,
            "number": payment.number,
        }


def _message_id(now: dt.datetime) -> str:
    return f"BG{timezone.localtime(now):%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"


def create_batch(
    *, actor: User, execution_date: dt.date | None = None, only: Sequence[int] | None = None
) -> TransferBatch:
    """Put every waiting transfer grant (or those of ``only``, grant ids) into a new
    transfer file. Raises ``sepa.SepaError`` (no paying account, file not valid),
    :class:`NothingToPay`, ``capacity.CapacityBusy``."""
    account = debtor_account()
    execution_date = max(execution_date or dt.date.min, earliest_execution_date())
    if not capacity.is_protected():
        # The race the lock prevents: choose the grants, then write on a stale choice.
        chosen = list(_candidates(only))
        grants._between_check_and_write()
        with transaction.atomic():
            return _write_batch(
                actor=actor,
                account=account,
                execution_date=execution_date,
                chosen=chosen,
                conditional=False,
            )
    with grants.money_lock():
        return _write_batch(
            actor=actor,
            account=account,
            execution_date=execution_date,
            chosen=list(_candidates(only)),
            conditional=True,
        )


def _candidates(only: Sequence[int] | None) -> Iterable[Grant]:
    queryset = waiting_grants()
    if only is not None:
        queryset = queryset.filter(pk__in=list(only))
    return queryset


def _write_batch(
    *,
    actor: User,
    account: sepa.Account,
    execution_date: dt.date,
    chosen: list[Grant],
    conditional: bool,
) -> TransferBatch:
    now = timezone.now()
    batch = TransferBatch(
        message_id=_message_id(now),
        execution_date=execution_date,
        created_by=actor,
        created_at=now,
        keep_until=grants.keep_until(now),
    )
    batch.save()
    payments: list[Payment] = []
    for grant in chosen:
        if (
            conditional
            and Grant.objects.filter(pk=grant.pk, status=Status.APPROVED).update(status=Status.PAID)
            != 1
        ):
            continue  # paid meanwhile: it is in another file or was paid in cash
        registration = grant.registration
        payments.append(
            grants.new_payment(
                grant=grant,
                method=Payment.Method.TRANSFER,
                payee_name=registration.account_holder or registration.parent_names,
                iban=banking.clean_iban(registration.iban),
                bic=registration.bic or banking.bic_for(registration.iban),
                actor=actor,
                when=now,
                batch=batch,
            )
        )
    if not payments:
        raise NothingToPay(_("There are no approved grants waiting for a transfer."))
    batch.count = len(payments)
    batch.total = sum((p.amount for p in payments), Decimal("0"))
    batch.save(update_fields=["count", "total"])
    sepa_file(batch, account=account)  # the schema check: an invalid file rolls all back
    audit.record(
        actor=actor,
        action="welcome.transfer-file",
        obj=batch,
        changes={"count": batch.count, "total": str(batch.total)},
    )
    return batch


def sepa_file(batch: TransferBatch, *, account: sepa.Account | None = None) -> bytes:
    """The batch's pain.001 file, made anew from its payments (validated)."""
    payments = list(batch.payments.order_by("number"))
    return sepa.credit_transfer(
        message_id=batch.message_id,
        created=timezone.localtime(batch.created_at),
        execution_date=batch.execution_date,
        account=account or debtor_account(),
        transfers=[
            sepa.Transfer(
                name=payment.payee_name,
                iban=payment.iban,
                bic=payment.bic,
                amount=payment.amount,
                end_to_end_id=payment.number,
                description=description(payment),
            )
            for payment in payments
        ],
    )


def csv_header() -> list[str]:
    return [
        _("Receipt number"),
        _("Reference number"),
        _("Payee"),
        _("IBAN"),
        _("BIC"),
        _("Amount (EUR)"),
        _("Reference line"),
        _("Execution date"),
    ]


def german_amount(amount: Decimal) -> str:
    """``1234.5`` → ``"1234,50"``: a number German Excel reads as one."""
    return f"{amount:.2f}".replace(".", ",")


def csv_rows(batch: TransferBatch) -> list[list[str]]:
    return [
        [
            payment.number,
            payment.registration_reference,
            payment.payee_name,
            banking.formatted_iban(payment.iban),
            payment.bic,
            german_amount(payment.amount),
            description(payment),
            batch.execution_date.strftime("%d.%m.%Y"),
        ]
        for payment in batch.payments.order_by("number")
    ]
