"""Reads of the package stock: the items, their history, which run low."""

from __future__ import annotations

from django.db.models import F, QuerySet

from familienrathaus.welcome.models import StockItem, StockMovement


def items() -> QuerySet[StockItem]:
    return StockItem.objects.order_by("-active", "position", "name", "pk")


def low_items() -> list[StockItem]:
    """The active items below their warning level (the desk's and back office's warning)."""
    return list(
        StockItem.objects.filter(active=True, quantity__lt=F("warn_below")).order_by(
            "quantity", "name"
        )
    )


def movements(item: StockItem, *, limit: int = 100) -> list[StockMovement]:
    return list(
        item.movements.select_related("registration", "by").order_by("-created_at", "-pk")[:limit]
    )
