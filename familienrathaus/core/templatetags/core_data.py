"""Filters for the readable page of a person's data (``core/account_data.html``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def is_mapping(value: Any) -> bool:
    return isinstance(value, dict)


@register.filter
def is_sequence(value: Any) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def data_label(key: Any) -> str:
    """A JSON key as a label: ``first_name`` → ``First name``."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def is_local_link(value: Any) -> bool:
    """A path on this site (a proof file's download), shown as a link."""
    return isinstance(value, str) and value.startswith("/") and not value.startswith("//")
