"""Invoices: fees per family, issuing under the counter's lock, payments."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity
from familienrathaus.core.models import User
from familienrathaus.holidays.models import (
    Booking,
    Child,
    Invoice,
    InvoiceCounter,
    Period,
    ReductionClaim,
)
from familienrathaus.holidays.services.common import CENT, Status, _mail, my_bookings_url

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
    _mail("invoice", {"invoice": invoice, "url": my_bookings_url()}, [family.email], "invoice")
    return True


def mark_paid(*, actor: User, invoice: Invoice, amount: Decimal) -> Invoice:
    before = audit.snapshot(invoice, ["status", "paid_amount"])
    if amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    invoice.paid_amount = amount
    invoice.paid_at = timezone.now() if amount else None
    # A credit note is settled when its amount has been paid back (or set off).
    settled = amount >= abs(invoice.total)
    invoice.status = Invoice.Status.PAID if settled else Invoice.Status.OPEN
    invoice.full_clean()
    with transaction.atomic():
        invoice.save()
        audit.record(
            actor=actor,
            action="holidays.invoice.paid",
            obj=invoice,
            changes=audit.diff(before, audit.snapshot(invoice, ["status", "paid_amount"])),
        )
    return invoice
