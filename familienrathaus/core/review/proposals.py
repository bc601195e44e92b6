"""What a change proposal would change, for people: one row per changed field,
labelled with the field's ``verbose_name``, the published value and the proposed one
(never raw keys of the stored JSON). Shown by ``core/review/proposal.html``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from familienrathaus.core import translated


@dataclass
class Row:
    label: str | Promise
    before: str
    after: str
    # Image fields: ``before`` and ``after`` are URLs, described by these texts
    # (the model's ``<field>_alt``, as published and as proposed).
    image: bool = False
    before_alt: str = ""
    after_alt: str = ""
    # Multi-line text (descriptions): shown with its line breaks.
    long_text: bool = False
    # Pictures in the proposal for the reviewer to look at: (url, alt text, new?).
    pictures: list[tuple[str, str, bool]] = field(default_factory=list)


def rows(obj: Any) -> list[Row]:
    """The rows of ``obj``'s waiting change proposal (empty without one)."""
    values: dict[str, Any] = (obj.pending_changes or {}).get("values") or {}
    result = []
    for name, proposed in values.items():
        try:
            model_field: Any = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a value the model no longer has
            continue
        row = _row(obj, model_field, proposed, values)
        if row is not None:
            result.append(row)
    return result


def _row(obj: Any, model_field: Any, proposed: Any, values: dict[str, Any]) -> Row | None:
    label = capfirst(model_field.verbose_name)
    if model_field.many_to_many:
        related = model_field.related_model._default_manager
        current_ids = sorted(getattr(obj, model_field.name).values_list("pk", flat=True))
        proposed_ids = sorted(getattr(v, "pk", v) for v in proposed or [])
        if current_ids == proposed_ids:
            return None
        return Row(label, _objects(related, current_ids), _objects(related, proposed_ids))
    if isinstance(model_field, models.FileField):
        current_name = getattr(obj, model_field.name).name or ""
        if (proposed or "") == current_name:
            return None
        storage = model_field.storage
        alt = f"{model_field.name}_alt"
        return Row(
            label,
            storage.url(current_name) if current_name else "",
            storage.url(proposed) if proposed else "",
            image=True,
            before_alt=str(getattr(obj, alt, "")),
            after_alt=str(values.get(alt, getattr(obj, alt, ""))),
        )
    # The stored value (German for a translated field's plain name), never the
    # reviewer's page language: the proposal's "title" is the German title.
    current = translated.stored(obj, model_field.attname)
    before, after = shown(model_field, current), shown(model_field, proposed)
    if before == after:
        return None
    return Row(label, before, after, long_text=isinstance(model_field, models.TextField))


def _objects(manager: Any, ids: list[Any]) -> str:
    return ", ".join(str(o) for o in manager.filter(pk__in=ids)) or "–"


def shown(model_field: Any, value: Any) -> str:
    """A stored or proposed value as people read it."""
    if value in (None, ""):
        return "–"
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        if moment is None:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if isinstance(model_field, models.DecimalField):
        try:
            return formats.number_format(Decimal(str(value)).normalize())
        except InvalidOperation:
            return str(value)
    if isinstance(value, dt.time):
        return formats.time_format(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)
