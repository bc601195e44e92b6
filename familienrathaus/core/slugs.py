"""The addresses (slugs) of records: umlauts spelt the German way, one free per model,
never a word a fixed path of the site or the API already uses.

Every slug of the project comes from here: :func:`unique_slug` for a form or a service
(asks the database), :func:`free_slug` for an import that keeps the slugs it knows in a
set. Both skip :func:`reserved_words`: the fixed path segments that stand where a slug
would stand (``/api/v1/offers/mine`` beside ``/api/v1/offers/<slug>``), read from the
URLconf, so a new fixed path is reserved the moment it is routed; there is no list to
keep up to date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf
from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
# A whole path segment that takes any text: a slug, a string or a path (Django's
# ``<slug:x>`` or ``<x>``; django-ninja writes ``{x}`` as ``<x>``).
_PLACEHOLDER = re.compile(r"^<(?:(?:slug|str|path):)?\w+>$")
_WORD = re.compile(r"^[-a-z0-9_]+$")


def german_slug(text: str) -> str:
    """ "Treff für Alleinerziehende" → "treff-fuer-alleinerziehende" (not "treff-fur-…")."""
    return slugify(text.translate(_GERMAN))


def slug_base(text: str, *, max_length: int, fallback: str) -> str:
    """The German slug of ``text`` cut to leave room for "-12345" in ``max_length``;
    ``fallback`` when the text has no letters."""
    return german_slug(text)[: max_length - 6].strip("-") or fallback


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
    text has no letters; never a reserved word (:func:`reserved_words`, plus
    ``reserved``)."""
    rows = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    base = slug_base(text, max_length=_max_length(rows.model), fallback=fallback)
    return next_free(base, lambda slug: slug in reserved or rows.filter(slug=slug).exists())


def free_slug(
    model: type[models.Model], text: str, *, fallback: str, is_taken: Callable[[str], bool]
) -> str:
    """:func:`unique_slug` for imports: ``is_taken`` answers from the set of slugs the
    import knows (asked of the database once), instead of one query per try."""
    return next_free(slug_base(text, max_length=_max_length(model), fallback=fallback), is_taken)


def _max_length(model: type[models.Model]) -> int:
    return getattr(model._meta.get_field("slug"), "max_length", None) or 50


def next_free(base: str, is_taken: Callable[[str], bool]) -> str:
    """``base``, or the first of "base-2", "base-3" … that is neither taken nor a
    reserved word."""
    reserved = reserved_words()
    slug, number = base, 2
    while slug in reserved or is_taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def reserved_words() -> frozenset[str]:
    """Every fixed path segment that stands beside a slug in the URLconf (pages and
    API): under a prefix that has ``<slug>``, each literal segment at the same place."""
    return _reserved_words(get_urlconf())


@functools.cache
def _reserved_words(urlconf: str | None) -> frozenset[str]:
    routes = [route.split("/") for route in _routes(get_resolver(urlconf).url_patterns)]
    prefixes = {
        tuple(parts[:index])
        for parts in routes
        for index, part in enumerate(parts)
        if _PLACEHOLDER.match(part)
    }
    return frozenset(
        parts[len(prefix)].lower()
        for parts in routes
        for prefix in prefixes
        if len(parts) > len(prefix)
        and tuple(parts[: len(prefix)]) == prefix
        and _WORD.match(parts[len(prefix)].lower())
    )


def _routes(patterns: Iterable[URLPattern | URLResolver], prefix: str = "") -> Iterable[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route
