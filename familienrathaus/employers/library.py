"""The criteria catalogue in the shared template library (core.library): its name, its
fields of action and their statements (with their keys, minimum requirements and
whether evidence is wanted).

A copy becomes the next, editable version of the catalogue of that name in the active
alliance (version 1 when it has none), not based on a version of its own and not used by
any round yet: versions in use, their rounds and the certificates issued stay as they
are (see :mod:`.services.catalogue`). The coordinator chooses it for a round.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import audit, library
from familienrathaus.core.models import User
from familienrathaus.employers import permissions
from familienrathaus.employers.models import Catalogue, Criterion, FieldOfAction

FIELD_FIELDS = ("key", "name", "description")
CRITERION_FIELDS = ("key", "text", "help_text", "minimum", "evidence_wanted")


def export(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "name": catalogue.name,
        "version": catalogue.version,
        "fields": [
            {
                **{name: getattr(field, name) for name in FIELD_FIELDS},
                "criteria": [
                    {name: getattr(criterion, name) for name in CRITERION_FIELDS}
                    for criterion in field.criteria.all()
                ],
            }
            for field in catalogue.fields.prefetch_related("criteria")
        ],
    }


@transaction.atomic
def copy(payload: dict[str, Any], actor: User) -> Catalogue:
    """The catalogue of ``payload`` as a new, editable version in the active alliance."""
    name = str(payload.get("name") or _("Criteria catalogue"))
    latest = Catalogue.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
    catalogue = Catalogue(name=name, version=latest + 1, created_at=timezone.now())
    catalogue.full_clean()
    catalogue.save()
    for f_position, data in enumerate(payload.get("fields") or [], start=1):
        field = FieldOfAction(catalogue=catalogue, position=f_position * 10)
        for attribute in FIELD_FIELDS:
            setattr(field, attribute, data.get(attribute, ""))
        field.full_clean()
        field.save()
        for c_position, item in enumerate(data.get("criteria") or [], start=1):
            criterion = Criterion(field=field, position=c_position * 10)
            for attribute in CRITERION_FIELDS:
                if attribute in item:
                    setattr(criterion, attribute, item[attribute])
            criterion.full_clean()
            criterion.save()
    audit.record(
        actor=actor,
        action="employers.catalogue.version",
        obj=catalogue,
        changes={"from_library": True},
    )
    return catalogue


def _publishable() -> QuerySet[Catalogue]:
    return Catalogue.objects.order_by("name", "-version")


def _edit_url(catalogue: Catalogue) -> str:
    return reverse("employers:catalogue", kwargs={"pk": catalogue.pk})


library.register(
    library.TemplateKind(
        key="criteria_catalogue",
        label=_("Employers' criteria catalogue"),
        export=export,
        copy=copy,
        publishable=_publishable,
        allowed=permissions.can_manage,
        preview_template="employers/library_preview.html",
        edit_url=_edit_url,
    )
)
