"""Reads of the template library.

The library itself (:func:`library`, :func:`available`) reads across alliances on
purpose (``tenancy.unscoped``): it shows what every *active* alliance published and has
not withdrawn, nothing else. Everything about the alliance's own entries and copies
reads through the scoped managers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from familienrathaus.core import library, tenancy
from familienrathaus.library import permissions
from familienrathaus.library.models import SharedTemplate, TemplateCopy


def _published() -> QuerySet[SharedTemplate]:
    return SharedTemplate.objects.filter(
        withdrawn_at__isnull=True, alliance__is_active=True
    ).select_related("alliance")


def library_entries(*, kind: str = "", query: str = "") -> list[SharedTemplate]:
    """The published templates of all active alliances, newest first; ``kind`` and a
    search ``query`` (title, description, publisher) narrow them."""
    known = [k.key for k in library.kinds()]
    with tenancy.unscoped():
        entries = _published().filter(kind__in=known)
        if kind:
            entries = entries.filter(kind=kind)
        for word in query.split()[:8]:
            entries = entries.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(alliance__name__icontains=word)
            )
        return list(entries.order_by("-published_at", "-pk")[:200])


def available(uid: UUID | str) -> SharedTemplate | None:
    """The published, not withdrawn template ``uid`` of an active alliance, or None."""
    with tenancy.unscoped():
        try:
            return _published().get(uid=uid)
        except (SharedTemplate.DoesNotExist, ValueError, ValidationError):
            return None


def own_entries() -> QuerySet[SharedTemplate]:
    """The active alliance's entries, withdrawn ones too."""
    return SharedTemplate.objects.select_related("published_by").order_by(
        "withdrawn_at", "-published_at", "-pk"
    )


def own_entry(*, kind: str, source_id: int) -> SharedTemplate | None:
    """The active alliance's entry of an object (published or withdrawn), if any."""
    return SharedTemplate.objects.filter(kind=kind, source_id=source_id).first()


def own_copies() -> QuerySet[TemplateCopy]:
    return TemplateCopy.objects.select_related("copied_by")


def publishable_by_kind(user: Any) -> list[tuple[library.TemplateKind, list[Any]]]:
    """Per kind the user may publish: the active alliance's objects of that kind."""
    return [
        (kind, list(kind.publishable()[:100]))
        for kind in library.kinds()
        if permissions.can_handle(user, kind)
    ]
