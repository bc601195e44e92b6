"""The addresses (slugs) of records: umlauts spelt the German way, one free per model."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django.db import models
from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """ "Treff für Alleinerziehende" → "treff-fuer-alleinerziehende" (not "treff-fur-…")."""
    return slugify(text.translate(_GERMAN))


def unique_slug(
    model: type[models.Model] | models.QuerySet[Any],
    text: str,
    *,
    fallback: str,
    exclude_pk: Any = None,
    reserved: Collection[str] = (),
) -> str:
    """A slug for ``text`` that no other row of ``model`` (or of the queryset) has yet:
    "familienfest", then "familienfest-2", "familienfest-3" …; ``fallback`` when the
    text has no letters, and never one of the ``reserved`` words its URLs use."""
    rows = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    field = rows.model._meta.get_field("slug")
    max_length = getattr(field, "max_length", None) or 50
    base = german_slug(text)[: max_length - 6].strip("-") or fallback  # room for "-12345"
    return next_free(base, lambda slug: slug in reserved or rows.filter(slug=slug).exists())


def next_free(base: str, is_taken: Callable[[str], bool]) -> str:
    """``base``, or the first of "base-2", "base-3" … that is not taken (imports pass the
    set of slugs they know, to ask the database only once)."""
    slug, number = base, 2
    while is_taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug
