"""Payments: bank statement imports matched to invoices, assigning by hand, undoing an
import, and reminders for overdue invoices.

An import is one transaction: the file is read first (any problem refuses it whole, with
the list of lines and why), then every line is booked inside ``transaction.atomic``.
Money received is matched to an invoice by its creditor reference (``RF…``) or its
invoice number in the purpose; without either, by the amount still open together with
the payer's name (one invoice only). A payment that leaves part open is a *partial*
payment, one that pays more an *overpayment*; a line no invoice fits is kept unassigned
for the coordinator. A bank transaction is booked once: lines whose (account, bank
reference) is already known are listed as already imported, and the database's unique
constraint holds against two imports at the same moment (the second fails whole).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.holidays.bank_statements import (
    StatementLine,
    StatementProblem,
    read_statement,
)
from familienrathaus.holidays.models import Invoice, InvoiceReminder, Payment, PaymentImport
from familienrathaus.holidays.services.common import _mail
from familienrathaus.holidays.services.invoices import (
    INVOICE_PURPOSE,
    match_of,
    number_of_reference,
    open_amount,
    payment_details,
    recompute_paid,
)

REFERENCE = re.compile(r"R\s?F\s?\d\s?\d(?:\s?[0-9A-Z]){1,21}", re.IGNORECASE)
NUMBER = re.compile(r"FS\s*-?\s*(\d{4})\s*-?\s*(\d{5})", re.IGNORECASE)

# Overdue stages: (stage, days after the due date). Each stage is reminded once.
REMINDER_STAGES = ((1, 1), (2, 15))


@dataclasses.dataclass
class Skipped:
    number: int
    reason: str


def find_invoice(line: StatementLine) -> Invoice | None:
    """The invoice a line pays: by RF reference, invoice number, or amount and name."""
    for found in REFERENCE.finditer(line.purpose):
        number = number_of_reference(re.sub(r"\s", "", found.group(0)))
        if number:
            invoice = Invoice.objects.filter(number=number).first()
            if invoice:
                return invoice
    for found in NUMBER.finditer(line.purpose):
        invoice = Invoice.objects.filter(number=f"FS-{found.group(1)}-{found.group(2)}").first()
        if invoice:
            return invoice
    payer = line.payer.casefold()
    if not payer:
        return None
    candidates = [
        invoice
        for invoice in Invoice.objects.filter(status=Invoice.Status.OPEN, total__gt=0)
        if open_amount(invoice) == line.amount
        and invoice.payer_name
        and invoice.payer_name.casefold() in payer
    ]
    return candidates[0] if len(candidates) == 1 else None


def import_statement(*, actor: User, content: bytes, file_name: str) -> PaymentImport:
    """Read and book a statement, all or nothing. Raises :class:`StatementProblem`."""
    statement = read_statement(content, file_name)
    account = statement.account or core_selectors.site_settings().bank_iban
    try:
        with transaction.atomic():
            batch = PaymentImport.objects.create(
                created_by=actor,
                file_name=file_name[:200],
                file_format=statement.file_format,
                account=account,
                lines_total=len(statement.lines),
            )
            skipped = [s.__dict__ for s in _book(batch, statement.lines, account, actor)]
            batch.lines_skipped = skipped
            batch.save(update_fields=["lines_skipped"])
            audit.record(
                actor=actor,
                action="holidays.payments.import",
                obj=batch,
                changes={
                    "payments": {"before": None, "after": batch.payments.count()},
                    "skipped": {"before": None, "after": len(skipped)},
                },
            )
    except IntegrityError:
        raise StatementProblem(
            [
                _(
                    "Lines of this statement were imported by someone else at the same "
                    "moment. Nothing was imported; please look at the imports and try again."
                )
            ]
        ) from None
    return batch


def _book(
    batch: PaymentImport, lines: list[StatementLine], account: str, actor: User
) -> list[Skipped]:
    skipped = []
    for line in lines:
        if line.amount <= 0:
            skipped.append(Skipped(line.number, _("outgoing payment")))
            continue
        if line.currency and line.currency != "EUR":
            skipped.append(Skipped(line.number, _("not in euro")))
            continue
        known = Payment.objects.filter(account=account, entry_ref=line.entry_ref).first()
        if known is not None:
            skipped.append(
                Skipped(
                    line.number,
                    _("already imported on %(date)s")
                    % {"date": timezone.localtime(known.created_at).strftime("%d.%m.%Y")},
                )
            )
            continue
        invoice = find_invoice(line)
        if invoice is not None:
            invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        Payment.objects.create(
            batch=batch,
            invoice=invoice,
            method=Payment.Method.IMPORT,
            match=match_of(invoice, line.amount) if invoice else Payment.Match.UNMATCHED,
            amount=line.amount,
            booked_on=line.booked_on,
            payer=line.payer,
            purpose=line.purpose,
            account=account,
            entry_ref=line.entry_ref,
            created_by=actor,
        )
        if invoice is not None:
            recompute_paid(invoice)
    return skipped


def assign_payment(*, actor: User, payment: Payment, invoice: Invoice) -> Payment:
    """Assign an unmatched statement line to an invoice (by the coordinator)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.invoice_id is not None:
            raise StatementProblem([_("This payment has already been assigned.")])
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        payment.invoice = invoice
        payment.method = Payment.Method.ASSIGNED
        payment.match = match_of(invoice, payment.amount)
        payment.save(update_fields=["invoice", "method", "match"])
        recompute_paid(invoice)
        audit.record(
            actor=actor,
            action="holidays.payment.assign",
            obj=payment,
            changes={"invoice": {"before": None, "after": invoice.number}},
        )
    return payment


def undo_import(*, actor: User, batch: PaymentImport) -> int:
    """Delete an import's payments and recompute the invoices they paid; the number of
    payments removed. Payments entered by hand are not touched."""
    with transaction.atomic():
        batch = PaymentImport.objects.select_for_update().get(pk=batch.pk)
        invoice_ids = set(batch.payments.exclude(invoice=None).values_list("invoice_id", flat=True))
        count = batch.payments.count()
        audit.record(
            actor=actor,
            action="holidays.payments.undo_import",
            obj=batch,
            changes={"payments": {"before": count, "after": 0}},
        )
        batch.payments.all().delete()
        for invoice in Invoice.objects.select_for_update().filter(pk__in=invoice_ids):
            recompute_paid(invoice)
        batch.delete()
    return count


# ------------------------------------------------------------------------ reminders


def overdue_stage(invoice: Invoice, today: dt.date) -> int:
    due = invoice.due_on or payment_due(invoice)
    stage = 0
    for number, days in REMINDER_STAGES:
        if today >= due + dt.timedelta(days=days):
            stage = number
    return stage


def payment_due(invoice: Invoice) -> dt.date:
    details = payment_details(invoice)
    if details is not None:
        return details.due_on
    return timezone.localtime(invoice.created_at).date() + dt.timedelta(days=14)


def send_overdue_reminders(*, today: dt.date | None = None) -> int:
    """Queue one reminder per overdue stage of each open invoice, never twice (a unique
    row per invoice and stage is written in the same transaction as the mail)."""
    today = today or timezone.localdate()
    sent = 0
    open_invoices = (
        Invoice.objects.filter(status=Invoice.Status.OPEN, total__gt=0)
        .exclude(kind=Invoice.Kind.CREDIT)
        .select_related("period", "family")
    )
    for invoice in open_invoices:
        if invoice.due_on and invoice.due_on >= today:
            continue
        stage = overdue_stage(invoice, today)
        if not stage or invoice.reminders.filter(stage__gte=stage).exists():
            continue
        try:
            with transaction.atomic():
                InvoiceReminder.objects.create(invoice=invoice, stage=stage)
                invoice.reminded_at = timezone.now()
                invoice.save(update_fields=["reminded_at"])
                _mail(
                    "invoice_reminder",
                    {
                        "invoice": invoice,
                        "stage": stage,
                        "pay": payment_details(invoice),
                    },
                    [invoice.payer_email],
                    f"{INVOICE_PURPOSE}{invoice.pk}",  # with the invoice PDF and its GiroCode
                    language=invoice.family.language if invoice.family else None,
                )
        except IntegrityError:
            continue  # another run reminded this stage a moment ago
        sent += 1
    return sent
