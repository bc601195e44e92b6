"""One registry of the personal data every app holds (DSGVO Art. 15, 17, 20).

Each app has a ``personal_data.py`` module (found by :func:`autodiscover` when core is
ready) that calls :func:`register` once per kind of data it holds about a person::

    from familienrathaus.core import personal_data

    def _export(person: personal_data.Person) -> list[dict]:
        return [{"name": r.name, "email": r.email} for r in Registration.objects.filter(
            person.email_q("email"))]

    def _erase(person: personal_data.Person) -> None:
        Registration.objects.filter(person.email_q("email")).delete()

    personal_data.register(
        "event_registrations", label=_("Event registrations"),
        models=[Registration], export=_export, erase=_erase,
    )

A :class:`Person` is matched by account (``person.user``) *and* by every e-mail address
of the account (``person.emails``): a registration made without logging in, with the
account's address, belongs to the person too. ``erase`` deletes or anonymises; it runs
inside the account deletion's transaction, before the user row goes. Private files are
deleted with their rows (``core.private_files``).

A model that holds nothing about a person although it has a field that looks like it (an
organisation's public e-mail address, the name of a category) is declared with
:func:`not_personal` and a reason. ``tests/test_personal_data.py`` fails for any model
with such a field that is neither registered nor declared.

:func:`export` (the account's download, JSON and HTML) and :func:`erase` (the account
deletion) walk the registry in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from familienrathaus.core.models import User


@dataclass(frozen=True)
class Person:
    """Whom an export or an erasure is about: the account and all its e-mail addresses."""

    user: User
    emails: tuple[str, ...] = field(default_factory=tuple)

    def email_q(self, field_name: str = "email") -> Q:
        """Rows whose ``field_name`` is one of the person's addresses (any case)."""
        query = Q(pk__in=[])
        for address in self.emails:
            query |= Q(**{f"{field_name}__iexact": address})
        return query

    def has_email(self, value: str | None) -> bool:
        return bool(value) and str(value).strip().lower() in self.emails


Exporter = Callable[[Person], Any]
Eraser = Callable[[Person], None]


@dataclass(frozen=True)
class Holding:
    key: str
    label: str | Promise
    models: tuple[str, ...]
    export: Exporter
    erase: Eraser
    order: int
    labels: Mapping[str, str | Promise]


_holdings: dict[str, Holding] = {}
_not_personal: dict[str, str] = {}
_discovered = False
_lock = threading.Lock()


def register(
    key: str,
    *,
    label: str | Promise,
    models: Iterable[type[models.Model] | str],
    export: Exporter,
    erase: Eraser,
    order: int = 100,
    labels: Mapping[str, str | Promise] | None = None,
) -> None:
    """Declare what an app holds about a person in ``models`` and how to export and
    erase it. ``order``: erasers run low to high (the account itself runs last).
    ``labels``: how the readable page names the export's own keys (``{"reductions":
    _("reductions")}``); keys that are field names or relations need none."""
    names = tuple(_label(model) for model in models)
    _holdings[key] = Holding(key, label, names, export, erase, order, dict(labels or {}))


def key_labels() -> dict[str, str | Promise]:
    """The labels the holdings gave their export's keys."""
    autodiscover()
    return {name: text for h in _holdings.values() for name, text in h.labels.items()}


def not_personal(model: type[models.Model] | str, reason: str) -> None:
    """Declare that ``model`` holds nothing about a person, and why."""
    _not_personal[_label(model)] = reason


def holdings() -> list[Holding]:
    autodiscover()
    return sorted(_holdings.values(), key=lambda h: (h.order, h.key))


def covered_models() -> dict[str, str]:
    """``{"app.model": key or "not personal: reason"}`` for every declared model."""
    autodiscover()
    covered = {label: f"not personal: {reason}" for label, reason in _not_personal.items()}
    for holding in _holdings.values():
        for label in holding.models:
            covered[label] = holding.key
    return covered


def autodiscover() -> None:
    """Import every installed app's ``personal_data`` module once."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            import_module(f"{__package__}.personal_holdings")  # core's own holdings
            autodiscover_modules("personal_data")
            _discovered = True


def person(user: User) -> Person:
    addresses = {user.email.strip().lower()} if user.email else set()
    addresses |= {
        address.strip().lower()
        for address in user.emailaddress_set.values_list("email", flat=True)  # type: ignore[attr-defined]
        if address
    }
    return Person(user=user, emails=tuple(sorted(addresses)))


def export(user: User, *, keys: Iterable[str] | None = None) -> dict[str, Any]:
    """Everything the apps hold about ``user`` (or only the holdings named in ``keys``),
    as plain JSON data, one key per holding."""
    who = person(user)
    wanted = set(keys) if keys is not None else None
    return {
        holding.key: plain(holding.export(who))
        for holding in holdings()
        if wanted is None or holding.key in wanted
    }


def export_sections(user: User) -> list[tuple[str, str, Any]]:
    """``(key, label, data)`` per holding, for the readable page."""
    data = export(user)
    return [(h.key, str(h.label), data[h.key]) for h in holdings()]


@transaction.atomic
def erase(user: User) -> None:
    """Delete or anonymise everything the apps hold about ``user`` (the account last)."""
    who = person(user)
    for holding in holdings():
        holding.erase(who)


# ------------------------------------------------------------------- helpers for apps


def references(
    model: type[models.Model], fields: Sequence[str], describe: Callable[[Any], Any] = str
) -> tuple[Exporter, Eraser]:
    """Export and erase for rows that only *point at* the account (``created_by``,
    ``checked_by``…): the export lists them, the erasure sets the fields to ``None``."""

    def _export(who: Person) -> list[Any]:
        query = Q(pk__in=[])
        for name in fields:
            query |= Q(**{name: who.user})
        return [describe(row) for row in model._default_manager.filter(query).distinct()]

    def _erase(who: Person) -> None:
        for name in fields:
            model._default_manager.filter(**{name: who.user}).update(**{name: None})

    return _export, _erase


def combine(*parts: tuple[Exporter, Eraser], keys: Sequence[str]) -> tuple[Exporter, Eraser]:
    """Several (export, erase) pairs under one holding: the export is a dict by ``keys``."""

    def _export(who: Person) -> dict[str, Any]:
        return {key: part[0](who) for key, part in zip(keys, parts, strict=True)}

    def _erase(who: Person) -> None:
        for part in parts:
            part[1](who)

    return _export, _erase


def plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, decimals as strings, lazy texts as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or None
    return str(value)


def _label(model: type[models.Model] | str) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower
