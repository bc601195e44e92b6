"""The registry of the shared template library (issue 23, point 5): kinds of templates
one alliance publishes and others copy.

An app registers a :class:`TemplateKind` in its ``AppConfig.ready()`` (in a small
``library`` module of its own); the ``library`` app stores what is published and asks
the kind for everything else. ``core`` knows no kind and no app.

``export(obj) -> dict``
    The object as JSON-safe data: its texts in every site language, its structure and
    settings. Never primary keys, people, answers or private files: the payload is read
    by every alliance of the install.
``copy(payload, actor) -> obj``
    A new draft in the *active* alliance made from a payload ``export`` wrote.
``publishable() -> QuerySet``
    The active alliance's objects a coordinator may publish (the library looks an
    object up by its pk in it).

:func:`texts` and :func:`set_texts` carry the per-language columns of
django-modeltranslation into and out of a payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.functional import Promise

from familienrathaus.core import parts
from familienrathaus.core.permissions import AnyUser

PAYLOAD_FORMAT = 1


@dataclass(frozen=True)
class TemplateKind:
    key: str
    label: str | Promise
    export: Callable[[Any], dict[str, Any]]
    copy: Callable[[dict[str, Any], Any], Any]
    publishable: Callable[[], QuerySet[Any]]
    allowed: Callable[[AnyUser], bool]
    # A template of the kind's app that shows a payload (context: ``payload``).
    preview_template: str
    # Where a coordinator edits an object of the kind (the new draft after a copy).
    edit_url: Callable[[Any], str]


_kinds: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> None:
    """Register ``kind`` (again with the same key replaces it)."""
    _kinds[kind.key] = kind


def _used(kind: TemplateKind) -> bool:
    """Whether the kind's app is a part of the site the active alliance uses (core.parts)."""
    return parts.module_used(kind.copy.__module__)


def kinds() -> list[TemplateKind]:
    """The kinds of the apps the active alliance uses, by label."""
    return sorted((k for k in _kinds.values() if _used(k)), key=lambda k: str(k.label))


def kind(key: str) -> TemplateKind | None:
    """The kind ``key``; None when unknown or its app is switched off here."""
    found = _kinds.get(key)
    return found if found is not None and _used(found) else None


# ------------------------------------------------------------------ links on apps' pages

PublishLink = Callable[[str, Any], tuple[str, str] | None]
_publish_links: list[PublishLink] = []


def provide_publish_link(provider: PublishLink) -> None:
    """Register what answers :func:`publish_link` (the library app; once)."""
    if provider not in _publish_links:
        _publish_links.append(provider)


def publish_link(key: str, obj: Any) -> tuple[str, str] | None:
    """(url, label) of "publish ``obj`` to the library", or None without a library."""
    for provider in _publish_links:
        link = provider(key, obj)
        if link is not None:
            return link
    return None


# ------------------------------------------------------------------ translated texts


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def texts(obj: Model, fields: Iterable[str]) -> dict[str, dict[str, str]]:
    """``{field: {language: text}}`` of ``obj``'s translated fields, empty ones left out."""
    result: dict[str, dict[str, str]] = {}
    for field in fields:
        values = {}
        for code in languages():
            value = getattr(obj, f"{field}_{code}", None)
            if value:
                values[code] = str(value)
        result[field] = values
    return result


def set_texts(obj: Model, values: dict[str, Any], fields: Iterable[str]) -> None:
    """Set ``obj``'s translated ``fields`` from :func:`texts`' output (missing: empty)."""
    for field in fields:
        given = values.get(field) or {}
        for code in languages():
            text = given.get(code, "") if isinstance(given, dict) else ""
            setattr(obj, f"{field}_{code}", str(text or ""))


def localized(values: Any) -> str:
    """The text of a :func:`texts` entry in the active language, else German, else any."""
    if not isinstance(values, dict):
        return str(values or "")
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return str(
        values.get(language)
        or values.get(settings.LANGUAGE_CODE)
        or next(iter(values.values()), "")
    )
