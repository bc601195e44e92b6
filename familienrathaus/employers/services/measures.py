"""The measures plan: measures taken from the catalogue or written freely, their owner,
due date, status and evidence; and the annual check of their progress while a
certificate is valid (the team updates the measures, the coordinator marks the check
done)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from familienrathaus.core import audit, private_files
from familienrathaus.core.models import User
from familienrathaus.employers.models import (
    AnnualCheck,
    Certificate,
    FieldOfAction,
    Measure,
    MeasureTemplate,
    Participation,
)


@dataclass(frozen=True)
class MeasureInput:
    title: str
    description: str = ""
    field: FieldOfAction | None = None
    owner: str = ""
    due_on: date | None = None
    status: str = Measure.Status.PLANNED
    evidence_text: str = ""
    evidence_file: ContentFile | None = None  # a file checked by core.uploads
    remove_file: bool = False


FIELDS = ["title", "description", "field_id", "owner", "due_on", "status", "evidence_text"]


def _apply(measure: Measure, data: MeasureInput) -> None:
    measure.title = data.title
    measure.description = data.description
    measure.field = data.field
    measure.owner = data.owner
    measure.due_on = data.due_on
    measure.status = data.status
    measure.evidence_text = data.evidence_text
    if data.evidence_file is not None or data.remove_file:
        private_files.delete_file(measure.evidence_file)
        measure.evidence_file = data.evidence_file or ""


@transaction.atomic
def create(*, participation: Participation, actor: User, data: MeasureInput) -> Measure:
    measure = Measure(participation=participation)
    _apply(measure, data)
    measure.full_clean()
    measure.save()
    audit.record(actor=actor, action="employers.measure.create", obj=measure)
    return measure


@transaction.atomic
def adopt(*, participation: Participation, template: MeasureTemplate, actor: User) -> Measure:
    """A measure from the catalogue, in its field of action; the team adds owner and date."""
    field = (
        FieldOfAction.objects.filter(
            catalogue_id=participation.round.catalogue_id, key=template.field_key
        ).first()
        if template.field_key
        else None
    )
    measure = Measure(
        participation=participation,
        template=template,
        field=field,
        title=template.title,
        description=template.description,
    )
    measure.full_clean()
    measure.save()
    audit.record(actor=actor, action="employers.measure.create", obj=measure)
    return measure


@transaction.atomic
def update(*, measure: Measure, actor: User, data: MeasureInput) -> Measure:
    before = audit.snapshot(measure, FIELDS)
    _apply(measure, data)
    measure.full_clean()
    measure.save()
    audit.record(
        actor=actor,
        action="employers.measure.update",
        obj=measure,
        changes=audit.diff(before, audit.snapshot(measure, FIELDS)),
    )
    return measure


@transaction.atomic
def set_status(*, measure: Measure, actor: User, status: str) -> Measure:
    """The quick update of the annual check: only the status."""
    before = measure.status
    measure.status = status
    measure.full_clean()
    measure.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="employers.measure.update",
        obj=measure,
        changes={"status": {"before": before, "after": status}},
    )
    return measure


# --------------------------------------------------------------------------- annual check


@transaction.atomic
def complete_annual_check(
    *, certificate: Certificate, actor: User, notes: str, today: date | None = None
) -> AnnualCheck:
    """Mark the earliest open annual check of the certificate done; when none is planned
    (yet), record one for today."""
    today = today or timezone.localdate()
    check = (
        AnnualCheck.objects.select_for_update()
        .filter(certificate=certificate, done_on__isnull=True)
        .order_by("due_on")
        .first()
    ) or AnnualCheck(certificate=certificate, due_on=today)
    check.done_on = today
    check.notes = notes
    check.full_clean()
    check.save()
    audit.record(actor=actor, action="employers.annual_check.done", obj=check)
    return check
