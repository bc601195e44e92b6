"""Reads of the bank statement imports (the pages of :mod:`.views.payments`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from familienrathaus.holidays.models import Payment, PaymentImport


def imports() -> QuerySet[PaymentImport]:
    return PaymentImport.objects.select_related("created_by").annotate(
        payment_count=Count("payments"), amount=Sum("payments__amount")
    )


def import_overview(batch: PaymentImport) -> dict[str, Any]:
    payments = list(batch.payments.select_related("invoice").order_by("pk"))
    return {
        "matched": [p for p in payments if p.invoice_id is not None],
        "unmatched": [p for p in payments if p.invoice_id is None],
        "skipped": batch.lines_skipped or [],
        "flagged": [p for p in payments if p.match in {Payment.Match.PARTIAL, Payment.Match.OVER}],
    }
