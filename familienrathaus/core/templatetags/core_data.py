"""Filters for the readable page of a person's data (``core/account_data.html``)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.apps import apps
from django.db.models import Field
from django.utils import translation
from django.utils.functional import Promise

from familienrathaus.core import personal_data

register = template.Library()


@cache
def _field_labels() -> dict[str, str | Promise]:
    """Keys of the export → labels that are translated already: a model field's verbose
    name (``first_name``), a relation's model in the plural (``bookings``, ``api_tokens``)
    or a model's English plural written as a key (``email_addresses``). Our models
    decide first, where two share a name."""
    ours = [m for m in apps.get_models() if m.__module__.startswith("familienrathaus.")]
    others = [m for m in apps.get_models() if m not in ours]
    labels: dict[str, str | Promise] = {}
    for model in [*ours, *others]:
        for field in model._meta.get_fields():
            if field.auto_created and (field.one_to_many or field.many_to_many):
                accessor = field.get_accessor_name()  # type: ignore[union-attr]
                related = field.related_model
                if accessor and related is not None and not isinstance(related, str):
                    labels.setdefault(accessor, related._meta.verbose_name_plural or accessor)
            elif isinstance(field, Field) and field.verbose_name:
                labels.setdefault(field.name, field.verbose_name)
        with translation.override("en"):
            plural = str(model._meta.verbose_name_plural).lower()
        key = plural.replace(" ", "_").replace("-", "_")
        labels.setdefault(key, model._meta.verbose_name_plural or key)
    return labels


@register.filter
def is_mapping(value: Any) -> bool:
    return isinstance(value, dict)


@register.filter
def is_sequence(value: Any) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def data_label(key: Any) -> str:
    """A JSON key as a label in the reader's language: a model field's verbose name
    (``first_name`` → "Vorname"), else the key itself (``first_name`` → "First name")."""
    verbose = personal_data.key_labels().get(str(key)) or _field_labels().get(str(key))
    text = str(verbose) if verbose is not None else str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def is_local_link(value: Any) -> bool:
    """A path on this site (a proof file's download), shown as a link."""
    return isinstance(value, str) and value.startswith("/") and not value.startswith("//")
