"""Repairs the ``*_sane_values`` migrations make before they add the constraints of
:mod:`familienrathaus.core.limits`: rows that break a new rule are made sane first.

The functions take the historical model a migration gets from ``apps.get_model`` and
change only the rows that break the rule. Migrations import them, so they must keep
working with every past state of the models: change one only by adding a new function.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)
EARLIEST_MOMENT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST_MOMENT = datetime.datetime(2099, 12, 31, 12, tzinfo=datetime.UTC)


def clamp(model: Any, field: str, *, moment: bool = False) -> None:
    """Dates before 2000 or after 2099 become the nearest end of that range."""
    low, high = (EARLIEST_MOMENT, LATEST_MOMENT) if moment else (EARLIEST, LATEST)
    model.objects.filter(**{f"{field}__lt": low}).update(**{field: low})
    model.objects.filter(**{f"{field}__gt": high}).update(**{field: high})


def swap(model: Any, low: str, high: str) -> None:
    """Rows whose range ends before it starts get the two values swapped."""
    for row in model.objects.filter(**{f"{low}__gt": models.F(high)}):
        setattr(row, low, getattr(row, high))
        setattr(row, high, getattr(model.objects.get(pk=row.pk), low))
        row.save(update_fields=[low, high])


def not_negative(model: Any, field: str) -> None:
    model.objects.filter(**{f"{field}__lt": 0}).update(**{field: 0})


def at_most(model: Any, field: str, limit: int) -> None:
    model.objects.filter(**{f"{field}__gt": limit}).update(**{field: limit})


def constraints_now(schema_editor: Any) -> None:
    """PostgreSQL cannot alter a table with pending deferred trigger events from the
    rows just repaired: check those now, before the constraints are added."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
