"""The criteria catalogue, versioned.

A catalogue that a round has opened or started with is *frozen* (``frozen_at``): its
employers answer exactly these statements, so it is never edited again. To change it,
a coordinator makes the next version (:func:`new_version`): a copy with the same keys
(``based_on`` points back), which rounds that are still planned switch to and new rounds
use. Rounds already under way keep their version.

Fields and criteria are edited only in a catalogue that is not frozen; every write here
checks that inside the transaction (:class:`Frozen`).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.core.slugs import german_slug
from familienrathaus.employers.models import Catalogue, Criterion, FieldOfAction, Round

# The migration's seed function, for a new alliance too (core.tenancy.on_create).
_SEEDING = import_module("familienrathaus.employers.migrations.0002_seed_catalogue")

FIELD_FIELDS = ["name", "description"]
CRITERION_FIELDS = ["text", "help_text", "minimum", "evidence_wanted"]


class Frozen(ValidationError):
    """The catalogue is in use by a round and cannot be changed."""


def _editable(catalogue: Catalogue) -> Catalogue:
    locked = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if locked.frozen_at is not None:
        raise Frozen(
            _("This version is used by a round and cannot be changed. Please make a new version.")
        )
    return locked


def _key(text: str, taken: set[str], *, max_length: int) -> str:
    base = (german_slug(text) or "eintrag")[: max_length - 4].strip("-") or "eintrag"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


# ------------------------------------------------------------------ versions


@transaction.atomic
def new_version(*, actor: User, catalogue: Catalogue) -> Catalogue:
    """The next version of ``catalogue`` as an editable copy (or the one already made
    and not yet in use). Planned rounds that use ``catalogue`` switch to it."""
    existing = (
        Catalogue.objects.filter(based_on=catalogue, frozen_at__isnull=True)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return existing
    if catalogue.frozen_at is None:
        return catalogue
    version = (
        Catalogue.objects.filter(name=catalogue.name).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    copy = Catalogue.objects.create(
        name=catalogue.name, version=version, based_on=catalogue, created_at=timezone.now()
    )
    for field in catalogue.fields.prefetch_related("criteria"):
        new_field = FieldOfAction.objects.create(
            catalogue=copy,
            position=field.position,
            name=field.name,
            description=field.description,
            key=field.key,
        )
        Criterion.objects.bulk_create(
            Criterion(
                field=new_field,
                position=c.position,
                text=c.text,
                help_text=c.help_text,
                minimum=c.minimum,
                evidence_wanted=c.evidence_wanted,
                key=c.key,
            )
            for c in field.criteria.all()
        )
    moved = Round.objects.filter(catalogue=catalogue, status=Round.Status.PLANNED).update(
        catalogue=copy
    )
    audit.record(
        actor=actor,
        action="employers.catalogue.version",
        obj=copy,
        changes={"based_on": str(catalogue), "planned_rounds_moved": moved},
    )
    return copy


@transaction.atomic
def rename(*, actor: User, catalogue: Catalogue, name: str) -> Catalogue:
    catalogue = _editable(catalogue)
    old = catalogue.name
    catalogue.name = name
    catalogue.full_clean()
    catalogue.save(update_fields=["name"])
    audit.record(
        actor=actor,
        action="employers.catalogue.update",
        obj=catalogue,
        changes={"name": {"old": old, "new": name}},
    )
    return catalogue


# ------------------------------------------------------------------ fields of action


@transaction.atomic
def save_field(
    *, actor: User, catalogue: Catalogue, field: FieldOfAction | None, values: dict[str, Any]
) -> FieldOfAction:
    catalogue = _editable(catalogue)
    creating = field is None
    if field is None:
        taken = set(catalogue.fields.values_list("key", flat=True))
        last = catalogue.fields.aggregate(p=Max("position"))["p"] or 0
        field = FieldOfAction(
            catalogue=catalogue,
            position=last + 10,
            key=_key(str(values.get("name", "")), taken, max_length=50),
        )
    elif field.catalogue_id != catalogue.pk:
        raise ValidationError(_("This field of action belongs to another catalogue."))
    before = audit.snapshot(field, FIELD_FIELDS) if not creating else {}
    for name in FIELD_FIELDS:
        if name in values:
            setattr(field, name, values[name])
    field.full_clean()
    field.save()
    audit.record(
        actor=actor,
        action="employers.field.create" if creating else "employers.field.update",
        obj=field,
        changes=audit.diff(before, audit.snapshot(field, FIELD_FIELDS)) if before else {},
    )
    return field


@transaction.atomic
def delete_field(*, actor: User, field: FieldOfAction) -> None:
    _editable(field.catalogue)
    audit.record(actor=actor, action="employers.field.delete", obj=field)
    field.delete()


# ------------------------------------------------------------------ criteria


@transaction.atomic
def save_criterion(
    *, actor: User, field: FieldOfAction, criterion: Criterion | None, values: dict[str, Any]
) -> Criterion:
    _editable(field.catalogue)
    creating = criterion is None
    if criterion is None:
        taken = set(
            Criterion.objects.filter(field__catalogue_id=field.catalogue_id).values_list(
                "key", flat=True
            )
        )
        last = field.criteria.aggregate(p=Max("position"))["p"] or 0
        criterion = Criterion(
            field=field,
            position=last + 10,
            key=_key(str(values.get("text", ""))[:60], taken, max_length=80),
        )
    elif criterion.field_id != field.pk:
        raise ValidationError(_("This statement belongs to another field of action."))
    before = audit.snapshot(criterion, CRITERION_FIELDS) if not creating else {}
    for name in CRITERION_FIELDS:
        if name in values:
            setattr(criterion, name, values[name])
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=actor,
        action="employers.criterion.create" if creating else "employers.criterion.update",
        obj=criterion,
        changes=audit.diff(before, audit.snapshot(criterion, CRITERION_FIELDS)) if before else {},
    )
    return criterion


@transaction.atomic
def delete_criterion(*, actor: User, criterion: Criterion) -> None:
    _editable(criterion.field.catalogue)
    audit.record(actor=actor, action="employers.criterion.delete", obj=criterion)
    criterion.delete()


@transaction.atomic
def move(*, actor: User, item: FieldOfAction | Criterion, up: bool) -> None:
    """Swap a field of action (or a statement) with its neighbour above or below."""
    catalogue = item.catalogue if isinstance(item, FieldOfAction) else item.field.catalogue
    _editable(catalogue)
    siblings: list[Any] = list(
        catalogue.fields.all() if isinstance(item, FieldOfAction) else item.field.criteria.all()
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position * 10:
            sibling.position = position * 10
            sibling.save(update_fields=["position"])


# ------------------------------------------------------------------ new alliances


def seed_alliance() -> None:
    """What a new alliance starts with (core.tenancy.create): catalogue v1 with its
    fields and criteria, and the catalogue of measures, as the migration seeded them."""
    _SEEDING.seed(django_apps, None)
