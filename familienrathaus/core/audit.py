"""The audit log: services of every app call :func:`record` for each change they make.

An entry names its actor by role and pseudonym (``coordinator:3f9a2c1b7d0e``, an HMAC of
the user id with ``SECRET_KEY``), never by e-mail address: the log outlives accounts
(``FRH_RETENTION_AUDIT_DAYS``), and when an account is deleted its entries keep only the
role and the pseudonym. E-mail addresses in the object's name or the recorded changes are
masked as well. While the account exists the audit page shows the person through the
``actor`` link.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db import models

from familienrathaus.core.models import AuditEntry, User

EMAIL = re.compile(r"[^\s@<>()\[\]\"',;:]+@[^\s@<>()\[\]\"',;:]+\.[A-Za-z]{2,}")
MASK = "[E-Mail]"


def pseudonym(user_id: int) -> str:
    """A stable pseudonym for a user id; without ``SECRET_KEY`` it cannot be reversed."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"audit-actor:{user_id}".encode(), hashlib.sha256).hexdigest()[:12]


def actor_label(user: User) -> str:
    return f"{user.role or 'account'}:{pseudonym(user.pk)}"


def mask_emails(value: Any) -> Any:
    """``value`` with every e-mail address replaced by ``[E-Mail]`` (also inside lists
    and dicts)."""
    if isinstance(value, str):
        return EMAIL.sub(MASK, value)
    if isinstance(value, dict):
        return {key: mask_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_emails(item) for item in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose values differ, as ``{field: {"before": …, "after": …}}``."""
    return {
        key: {"before": _plain(before.get(key)), "after": _plain(after.get(key))}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
    known = actor is not None and actor.is_authenticated and actor.pk is not None
    entry = AuditEntry(
        actor=actor if known else None,
        actor_label=actor_label(actor) if known and actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=mask_emails(str(obj))[:200] if obj is not None else "",
        changes=mask_emails(changes or {}),
    )
    entry.save()
    return entry


def forget(*, object_type: str, object_ids: list[Any]) -> None:
    """Entries about deleted objects of a person keep what happened, not whom it was
    about: their object name and recorded changes are emptied."""
    if object_ids:
        AuditEntry.objects.filter(
            object_type=object_type, object_id__in=[str(pk) for pk in object_ids]
        ).update(object_repr="", changes={})


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    return str(value)
