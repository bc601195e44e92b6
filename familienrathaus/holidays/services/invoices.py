"""Invoices: fees per family, issuing under the counter's lock, how to pay them.

Every invoice that asks for money carries the alliance's bank details (site settings),
a due date (the invoice date plus the site's days to pay, moved to a working day of the
alliance's state), a structured creditor reference (ISO 11649, "RF" + check digits +
the invoice number without its dashes; python-stdnum computes and checks the digits),
and an EPC QR code ("GiroCode", made by segno) that banking apps read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import segno
import segno.helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from familienrathaus.core import audit, capacity
from familienrathaus.core import calendar as work_calendar
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Booking,
    Child,
    Invoice,
    InvoiceCounter,
    Payment,
    Period,
    ReductionClaim,
)
from familienrathaus.holidays.services.common import CENT, Status, _mail

# ------------------------------------------------------------------- paying an invoice


# The invoice mail carries the invoice as PDF, GiroCode included (holidays/pdf.py).
INVOICE_PURPOSE = "invoice:"


def euro(value: Decimal | str | int) -> str:
    """An amount as Germans write it on an invoice: ``1.234,50 €`` (in every language,
    like the IBAN: the invoice is a German document)."""
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{cents} €"


def payment_reference(number: str) -> str:
    """The ISO 11649 creditor reference of an invoice number: ``FS-2026-00012`` →
    ``RF51FS202600012``. Banks check its digits when the payer types it."""
    base = re.sub(r"[^0-9A-Z]", "", number.upper())
    return "RF" + mod_97_10.calc_check_digits(base + "RF") + base


def number_of_reference(reference: str) -> str | None:
    """The invoice number an ``RF…`` reference stands for, or None if its check digits
    are wrong (a typo) or it is not one of ours."""
    compact = iso11649.compact(reference)
    if not iso11649.is_valid(compact):
        return None
    found = re.fullmatch(r"FS(\d{4})(\d{5})", compact[4:])
    return f"FS-{found.group(1)}-{found.group(2)}" if found else None


def due_date(issued: dt.date, days: int | None = None) -> dt.date:
    """``days`` (default: the site setting) after ``issued``; a weekend or public
    holiday of the alliance's state moves it to the next working day."""
    if days is None:
        days = core_selectors.site_settings().payment_days
    due = issued + dt.timedelta(days=days)
    while not work_calendar.is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def open_amount(invoice: Invoice) -> Decimal:
    """What is still to pay (0 for a credit note or a paid invoice)."""
    return max(invoice.total - invoice.paid_amount, Decimal("0"))


@dataclasses.dataclass(frozen=True)
class PaymentDetails:
    """What the PDF and the mail print under an invoice."""

    holder: str
    iban: str  # in groups of four, as printed
    bic: str
    amount: Decimal
    due_on: dt.date
    reference: str  # the RF reference, printed in groups of four
    qr_data_uri: str

    @property
    def amount_text(self) -> str:
        return euro(self.amount)


def payment_details(invoice: Invoice) -> PaymentDetails | None:
    """How to pay ``invoice``; None when nothing is to pay (credit note, paid) or the
    alliance has not entered its bank details yet."""
    site = core_selectors.site_settings()
    amount = open_amount(invoice)
    if invoice.kind == Invoice.Kind.CREDIT or amount <= 0 or not site.bank_iban:
        return None
    try:
        iban = IBAN(site.bank_iban)
    except SchwiftyException:
        return None
    reference = payment_reference(invoice.number)
    holder = site.bank_account_holder or site.alliance_name
    qr = segno.helpers.make_epc_qr(
        name=holder[:70],
        iban=str(iban.compact),
        amount=amount,
        reference=reference,
        bic=site.bank_bic or None,
        encoding="utf-8",
    )
    return PaymentDetails(
        holder=holder,
        iban=str(iban.formatted),
        bic=site.bank_bic,
        amount=amount,
        due_on=invoice.due_on or due_date(timezone.localtime(invoice.created_at).date()),
        reference=iso11649.format(reference),
        qr_data_uri=qr.png_data_uri(scale=4, border=4),
    )


# ------------------------------------------------------------------------- invoices


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclasses.dataclass
class _FamilyFees:
    """A family's fees in a period: the lines still to invoice and to credit."""

    charges: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    credits: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def charged(self) -> Decimal:
        return sum((Decimal(line["total"]) for line in self.charges), Decimal("0"))

    @property
    def credited(self) -> Decimal:
        return sum((Decimal(line["total"]) for line in self.credits), Decimal("0"))


def _line_key(line: dict[str, Any]) -> tuple[str, int] | None:
    if line.get("booking"):
        return ("booking", int(line["booking"]))
    if line.get("child"):
        return ("child", int(line["child"]))
    return None


def _family_fees(*, period: Period, family_ids: Iterable[int] | None = None) -> dict[int, Any]:
    """Per family (id): the lines of what it owes now that no invoice covers yet, and
    the credit lines for invoiced places that were cancelled since. A handful of
    queries for the whole period (the dashboard) or for some families (issuing)."""
    bookings_qs = Booking.objects.filter(occasion__activity__period=period)
    claims_qs = ReductionClaim.objects.filter(
        period=period, status=ReductionClaim.Status.APPROVED
    ).select_related("kind")
    invoices_qs = Invoice.objects.filter(period=period).exclude(status=Invoice.Status.CANCELLED)
    if family_ids is not None:
        ids = list(family_ids)
        bookings_qs = bookings_qs.filter(child__family_id__in=ids)
        claims_qs = claims_qs.filter(family_id__in=ids)
        invoices_qs = invoices_qs.filter(family_id__in=ids)
    bookings = list(
        bookings_qs.filter(status__in=[Status.CONFIRMED, Status.CANCELLED])
        .select_related("child", "occasion__activity")
        .prefetch_related("occasion__dates")
        .order_by("child__birth_date", "child_id", "pk")
    )
    family_of = {b.child_id: b.child.family_id for b in bookings}
    families = set(family_of.values())
    children = Child.objects.filter(family_id__in=families).order_by("birth_date", "pk")
    nth: dict[int, int] = {}
    seen: dict[int, int] = defaultdict(int)
    for child_id, family_id in children.values_list("pk", "family_id"):
        seen[family_id] += 1
        nth[child_id] = seen[family_id]
    claims: dict[int, list[ReductionClaim]] = defaultdict(list)
    for claim in claims_qs:
        claims[claim.family_id].append(claim)
    # What is invoiced now: a key counts while it has more charges than credits.
    invoiced: dict[int, dict[tuple[str, int], list[dict[str, Any]]]] = defaultdict(dict)
    for family_id, lines in invoices_qs.order_by("pk").values_list("family_id", "lines"):
        for line in lines or []:
            key = _line_key(line)
            if key is None:
                continue
            stack = invoiced[family_id].setdefault(key, [])
            if line.get("credit"):
                if stack:
                    stack.pop()
            else:
                stack.append(line)

    def best(
        family_id: int, child_id: int, amount: Decimal, reduced: Decimal | None
    ) -> tuple[Decimal, str]:
        price, label = amount, ""
        for claim in claims[family_id]:
            kind = claim.kind
            if kind.from_nth_child and nth.get(child_id, 0) < kind.from_nth_child:
                continue
            candidate = _money(amount * (100 - kind.percent) / 100)
            if reduced is not None and kind.from_nth_child is None:
                candidate = min(candidate, reduced)
            if candidate < price:
                price, label = candidate, kind.name
        return price, label

    result: dict[int, _FamilyFees] = defaultdict(_FamilyFees)
    confirmed = [b for b in bookings if b.status == Status.CONFIRMED]
    if period.fee_model == Period.FeeModel.FLAT:
        due: dict[tuple[str, int], Child] = {}
        for booking in confirmed:
            due.setdefault(("child", booking.child_id), booking.child)
        for (_k, child_id), child in sorted(due.items(), key=lambda i: nth.get(i[0][1], 0)):
            family_id = child.family_id
            if invoiced[family_id].get(("child", child_id)):
                continue
            price, label = best(family_id, child_id, period.flat_fee, None)
            result[family_id].charges.append(
                {
                    "text": _("Holiday pass for %(name)s") % {"name": child.first_name},
                    "amount": str(period.flat_fee),
                    "reduction": label,
                    "total": str(price),
                    "child": child_id,
                }
            )
    else:
        due = {("booking", b.pk): b.child for b in confirmed}
        for booking in confirmed:
            family_id = booking.child.family_id
            if invoiced[family_id].get(("booking", booking.pk)):
                continue
            price, label = best(
                family_id, booking.child_id, booking.fee, booking.occasion.reduced_fee
            )
            result[family_id].charges.append(
                {
                    "text": f"{booking.child.first_name}: {booking.occasion}",
                    "amount": str(booking.fee),
                    "reduction": label,
                    "total": str(price),
                    "booking": booking.pk,
                    "child": booking.child_id,
                }
            )
    for family_id, keys in invoiced.items():
        for key, stack in keys.items():
            if not stack or key in due:
                continue
            line = stack[-1]  # give back exactly what was charged
            result[family_id].credits.append(
                {
                    "text": _("Cancelled: %(text)s") % {"text": line["text"]},
                    "amount": str(-Decimal(line["amount"])),
                    "reduction": line.get("reduction", ""),
                    "total": str(-Decimal(line["total"])),
                    key[0]: key[1],
                    "credit": True,
                }
            )
    return dict(result)


def invoice_lines(*, period: Period, family: User) -> list[dict[str, Any]]:
    """What the family owes for the period and no invoice covers yet: one line per
    confirmed booking (or per child with the flat pass), each with the best approved
    reduction applied."""
    fees = _family_fees(period=period, family_ids=[family.pk]).get(family.pk)
    return list(fees.charges) if fees else []


def fees_not_invoiced(*, period: Period) -> tuple[Decimal, Decimal]:
    """(fees of confirmed places not invoiced yet, fees invoiced for places cancelled
    since and not credited yet) over every family of the period."""
    fees = _family_fees(period=period).values()
    return (
        sum((f.charged for f in fees), Decimal("0")),
        -sum((f.credited for f in fees), Decimal("0")),
    )


def issue_invoices(*, actor: User, period: Period) -> int:
    """Invoice what is not invoiced yet, per family: the first invoice, a supplementary
    invoice for places confirmed since, a credit note for invoiced places cancelled
    since. Issued invoices never change. Returns the number of documents issued.

    Each document is written in one transaction that holds the year's number counter
    (:class:`InvoiceCounter`); what is still to invoice is computed inside it, so
    two coordinators issuing at once neither share a number nor invoice a place twice.
    Raises :class:`familienrathaus.core.capacity.CapacityBusy` (try again)."""
    # A first look without the lock finds the families with something to do; inside
    # the lock each one is computed again (another coordinator may have been quicker).
    families = sorted(
        family_id
        for family_id, fees in _family_fees(period=period).items()
        if fees.charges or fees.credits
    )
    issued = 0
    counter_id = InvoiceCounter.objects.get_or_create(year=timezone.localdate().year)[0].pk
    for family_id in families:
        for credit in (False, True):
            # The year's counter row is locked until the document is written: issuers
            # queue up here, and a rollback gives the number back (no gaps).
            with capacity.locked(InvoiceCounter, counter_id) as counter:
                if _issue_one(
                    actor=actor, period=period, family_id=family_id, credit=credit, counter=counter
                ):
                    issued += 1
    return issued


def _issue_one(
    *, actor: User, period: Period, family_id: int, credit: bool, counter: InvoiceCounter
) -> bool:
    fees = _family_fees(period=period, family_ids=[family_id]).get(family_id)
    lines = (fees.credits if credit else fees.charges) if fees else []
    if not lines:
        return False
    family = User.objects.get(pk=family_id)
    total = sum((Decimal(line["total"]) for line in lines), Decimal("0"))
    if credit:
        kind = Invoice.Kind.CREDIT
    elif (
        Invoice.objects.filter(period=period, family_id=family_id)
        .exclude(status=Invoice.Status.CANCELLED)
        .exclude(kind=Invoice.Kind.CREDIT)
        .exists()
    ):
        kind = Invoice.Kind.SUPPLEMENT
    else:
        kind = Invoice.Kind.INVOICE
    invoice = Invoice(
        period=period,
        family=family,
        payer_name=family.name or family.email,
        payer_email=family.email,
        number=f"FS-{counter.year}-{counter.last + 1:05d}",
        kind=kind,
        lines=lines,
        total=total,
        status=Invoice.Status.PAID if total == 0 else Invoice.Status.OPEN,
        due_on=due_date(timezone.localdate()),
    )
    invoice.full_clean()
    invoice.save()
    counter.last += 1
    counter.save(update_fields=["last"])
    audit.record(
        actor=actor,
        action="holidays.invoice.issue",
        obj=invoice,
        changes={
            "kind": {"before": None, "after": kind},
            "total": {"before": None, "after": str(total)},
        },
    )
    _mail(
        "invoice",
        {"invoice": invoice, "pay": payment_details(invoice)},
        [family.email],
        f"{INVOICE_PURPOSE}{invoice.pk}",
        language=family.language,
    )
    return True


def recompute_paid(invoice: Invoice) -> None:
    """Set the invoice's paid amount and state from its payments (call it inside the
    transaction that added or removed one). A credit note is settled when its amount
    has been paid back (or set off); a cancelled invoice stays cancelled."""
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    invoice.paid_amount = paid
    if invoice.status != Invoice.Status.CANCELLED:
        settled = paid >= abs(invoice.total)
        invoice.status = Invoice.Status.PAID if settled else Invoice.Status.OPEN
    last = invoice.payments.order_by("-created_at").first()
    invoice.paid_at = last.created_at if (paid and last) else None
    invoice.full_clean()
    invoice.save(update_fields=["paid_amount", "status", "paid_at"])


def match_of(invoice: Invoice, amount: Decimal) -> str:
    """How a payment of ``amount`` fits what is still open on the invoice."""
    still_open = abs(invoice.total) - invoice.paid_amount
    if amount == still_open:
        return Payment.Match.EXACT
    return Payment.Match.PARTIAL if amount < still_open else Payment.Match.OVER


def mark_paid(*, actor: User, invoice: Invoice, amount: Decimal) -> Invoice:
    """The coordinator enters what has been paid in all (cash, or corrected by hand):
    the difference to the payments known so far is booked as a payment of its own, so
    that the cash office sees who entered what and when."""
    before = audit.snapshot(invoice, ["status", "paid_amount"])
    if amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        difference = amount - invoice.paid_amount
        if difference:
            Payment.objects.create(
                invoice=invoice,
                method=Payment.Method.CASH,
                match=match_of(invoice, difference),
                amount=difference,
                booked_on=timezone.localdate(),
                payer=invoice.payer_name,
                created_by=actor,
            )
        recompute_paid(invoice)
        audit.record(
            actor=actor,
            action="holidays.invoice.paid",
            obj=invoice,
            changes=audit.diff(before, audit.snapshot(invoice, ["status", "paid_amount"])),
        )
    return invoice
