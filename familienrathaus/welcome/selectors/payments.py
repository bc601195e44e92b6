"""Reads of the welcome grant: a registration's grant and payment, the payments list,
the transfer files and what waits for the next one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext_lazy

from familienrathaus.welcome.models import Grant, Payment, Registration, TransferBatch


def grant_of(registration: Registration) -> Grant | None:
    return Grant.objects.filter(registration=registration).first()


def payment_of(grant: Grant | None) -> Payment | None:
    if grant is None:
        return None
    return Payment.objects.filter(grant=grant).first()


def payments(*, method: str = "", year: int | None = None) -> QuerySet[Payment]:
    queryset = Payment.objects.select_related("batch", "paid_by", "grant__registration")
    if method:
        queryset = queryset.filter(method=method)
    if year:
        queryset = queryset.filter(paid_at__year=year)
    return queryset.order_by("-paid_at", "-pk")


def payment_years() -> list[int]:
    years = (
        Payment.objects.annotate(year=ExtractYear("paid_at"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({int(year) for year in years if year}, reverse=True)


def totals(queryset: QuerySet[Payment]) -> dict[str, Any]:
    result = queryset.aggregate(count=Count("pk"), total=Sum("amount"))
    return {"count": result["count"] or 0, "total": result["total"] or Decimal("0")}


def payment_or_404(number: str) -> Payment:
    payment = Payment.objects.select_related("paid_by").filter(number=number).first()
    if payment is None:
        raise Http404
    return payment


def batches() -> QuerySet[TransferBatch]:
    return TransferBatch.objects.select_related("created_by").order_by("-created_at", "-pk")


def batch_or_404(pk: int) -> TransferBatch:
    batch = TransferBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def waiting_for_transfer() -> dict[str, Any]:
    """Approved transfer grants not yet in a file: their number and sum."""
    waiting = Grant.objects.filter(
        status=Grant.Status.APPROVED, registration__payout=Registration.Payout.TRANSFER
    ).exclude(registration__iban="")
    result = waiting.aggregate(count=Count("pk"), total=Sum("amount"))
    return {"count": result["count"] or 0, "total": result["total"] or Decimal("0")}


def approved_for_cash() -> QuerySet[Grant]:
    """Approved grants to be paid in cash (the family comes to the Rathaus)."""
    return (
        Grant.objects.filter(
            status=Grant.Status.APPROVED, registration__payout=Registration.Payout.CASH
        )
        .select_related("registration")
        .order_by("decided_at", "pk")
    )


# --------------------------------------------------------------------------- history

HISTORY_ACTIONS = {
    "welcome.grant-approve": gettext_lazy("Grant approved"),
    "welcome.grant-refuse": gettext_lazy("Grant refused"),
    "welcome.grant-paid": gettext_lazy("Grant paid"),
}
"""The grant's steps in a registration's history (its audit entries)."""

_HISTORY_FIELDS: dict[str, tuple[Any, Any]] = {
    "grant_status": (gettext_lazy("Grant"), Grant.Status),
    "grant_reason": (gettext_lazy("Reason"), None),
    "grant_amount": (gettext_lazy("Amount"), None),
    "payment": (gettext_lazy("Receipt number"), None),
    "method": (gettext_lazy("Method"), Payment.Method),
    "amount": (gettext_lazy("Amount"), None),
}


def history_label(name: str) -> str | None:
    """The label of a change the grant's steps record, None for other changes."""
    entry = _HISTORY_FIELDS.get(name)
    return str(entry[0]) if entry else None


def history_value(name: str, value: Any) -> str | None:
    """A recorded value in words (a status, a method), None for other changes."""
    entry = _HISTORY_FIELDS.get(name)
    if entry is None:
        return None
    choices = entry[1]
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)
