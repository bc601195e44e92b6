"""``{{ amount|euro }}``: amounts on invoices as Germans write them (``1.234,50 €``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from familienrathaus.holidays.services.invoices import euro as _euro

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    try:
        return _euro(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return ""
