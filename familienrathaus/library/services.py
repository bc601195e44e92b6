"""Writes of the template library: publish, withdraw, copy.

Publishing stores the kind's ``export`` of the object; publishing the same object again
replaces title, description and payload, counts the version up and takes back a
withdrawal. Copying asks the kind to make a new draft in the *active* alliance from
the payload, records a :class:`TemplateCopy` there and counts the copy on the
publisher's entry (the one write across alliances, a single counter).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, library, tenancy
from familienrathaus.core.models import User
from familienrathaus.library import permissions, selectors
from familienrathaus.library.models import SharedTemplate, TemplateCopy


def _kind(user: User, key: str) -> library.TemplateKind:
    kind = library.kind(key)
    if kind is None or not permissions.can_handle(user, kind):
        raise PermissionDenied
    return kind


def _json_safe(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as it will read back from the database (fails on a non-JSON value)."""
    try:
        result: dict[str, Any] = json.loads(json.dumps(payload))
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("This object cannot be published.")) from exc
    return result


@transaction.atomic
def publish(
    *, actor: User, kind: str, obj: Any, title: str, description: str = ""
) -> SharedTemplate:
    """Publish ``obj`` (an object of the active alliance) to the library, or publish
    it again as the next version."""
    template_kind = _kind(actor, kind)
    payload = _json_safe({"format": library.PAYLOAD_FORMAT, **template_kind.export(obj)})
    entry = SharedTemplate.objects.select_for_update().filter(kind=kind, source_id=obj.pk).first()
    now = timezone.now()
    creating = entry is None
    if entry is None:
        entry = SharedTemplate(kind=kind, source_id=obj.pk, version=1)
    else:
        entry.version += 1
    entry.title = title
    entry.description = description
    entry.payload = payload
    entry.published_at = now
    entry.published_by = actor
    entry.withdrawn_at = None
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        action="library.publish",
        obj=entry,
        changes={"kind": kind, "source": obj.pk, "version": entry.version, "new": creating},
    )
    return entry


@transaction.atomic
def withdraw(*, actor: User, entry: SharedTemplate) -> SharedTemplate:
    """Take the alliance's ``entry`` out of the library: nobody copies it from now on;
    copies made before stay as they are."""
    _kind(actor, entry.kind)
    entry = SharedTemplate.objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_at is None:
        entry.withdrawn_at = timezone.now()
        entry.save(update_fields=["withdrawn_at"])
        audit.record(
            actor=actor,
            action="library.withdraw",
            obj=entry,
            changes={"kind": entry.kind, "version": entry.version},
        )
    return entry


@transaction.atomic
def copy(*, actor: User, uid: Any) -> tuple[TemplateCopy, Any]:
    """Copy the published template ``uid`` into the active alliance as a new draft.
    Raises ``SharedTemplate.DoesNotExist`` when it is withdrawn or gone."""
    entry = selectors.available(uid)
    if entry is None:
        raise SharedTemplate.DoesNotExist
    template_kind = _kind(actor, entry.kind)
    obj = template_kind.copy(entry.payload, actor)
    record = TemplateCopy(
        template_uid=entry.uid,
        kind=entry.kind,
        title=entry.title,
        publisher=entry.alliance.name,
        version=entry.version,
        object_id=obj.pk,
        copied_at=timezone.now(),
        copied_by=actor,
    )
    record.full_clean()
    record.save()
    with tenancy.unscoped():
        SharedTemplate.objects.filter(pk=entry.pk).update(copies=F("copies") + 1)
    audit.record(
        actor=actor,
        action="library.copy",
        obj=record,
        changes={
            "kind": entry.kind,
            "template": str(entry.uid),
            "publisher": entry.alliance.name,
            "version": entry.version,
            "object": obj.pk,
        },
    )
    return record, obj
