"""Registries through which ``core`` (and any app) reaches an app above it without
importing it. Layers run one way: core ← partners ← offers ← the rest; a lower layer
never imports a higher one, not even inside a function.

An app fills a registry in its ``AppConfig.ready()``; the lower layer asks the registry
and gets an empty answer when no app filled it. (The other registries of ``core`` live
next to what they serve: :mod:`.home`, :mod:`.navigation`, :mod:`.backoffice`,
:mod:`.personal_data`, :mod:`.periodic`, :mod:`.jobs`, :mod:`.imports`, :mod:`.outbox`.)

``organisations_of(user)``
    The partner organisations a person works for (the account page, ``/api/v1/me``).
    Filled by ``partners``.
``renamed(model, pk)``
    Called after a row whose name others are found by was renamed: a vocabulary entry
    (theme, audience, district, language) or a partner organisation. Filled by
    ``offers``, which reindexes the offers found by that name.
``located(layer)``
    Items with coordinates for a layer of the map (``.title``, ``.latitude``,
    ``.longitude``, ``.get_absolute_url()``, optionally ``.start``). ``places`` draws
    them; ``events`` fills the layer "events" with its next dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from familienrathaus.core import parts

OrganisationsProvider = Callable[[Any], Iterable[Any]]
RenameListener = Callable[[type[models.Model], Any], None]
LocatedProvider = Callable[[], Iterable[Any]]

_organisation_providers: list[OrganisationsProvider] = []
_rename_listeners: list[RenameListener] = []
_located_providers: dict[str, LocatedProvider] = {}


def provide_organisations(provider: OrganisationsProvider) -> None:
    """Register what answers :func:`organisations_of` (once; again is a no-op)."""
    if provider not in _organisation_providers:
        _organisation_providers.append(provider)


def organisations_of(user: Any) -> list[Any]:
    """The organisations ``user`` works for, from every registered provider."""
    return [org for provider in _organisation_providers for org in provider(user)]


def on_renamed(listener: RenameListener) -> None:
    """Register ``listener(model, pk)`` for :func:`renamed` (once; again is a no-op)."""
    if listener not in _rename_listeners:
        _rename_listeners.append(listener)


def renamed(model: type[models.Model], pk: Any) -> None:
    """Tell every listener that the row ``pk`` of ``model`` has a new name."""
    for listener in _rename_listeners:
        listener(model, pk)


def provide_located(layer: str, provider: LocatedProvider) -> None:
    """Register what answers :func:`located` for ``layer`` (one provider per layer)."""
    _located_providers[layer] = provider


def located(layer: str) -> list[Any]:
    """The items with coordinates of the map's ``layer``; none when no app provides it."""
    provider = _located_providers.get(layer)
    if provider is None or not parts.module_used(provider.__module__):
        return []
    return list(provider())
