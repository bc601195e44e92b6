"""Reads of the measures plan: a participation's measures and their progress, the
catalogue's suggestions for its gaps, the progress of a round's employers (for the
coordinator and the jury), and the annual checks of a certificate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from familienrathaus.employers.models import (
    AnnualCheck,
    Certificate,
    Measure,
    MeasureTemplate,
    Participation,
    Round,
)
from familienrathaus.employers.selectors import assessment

Status = Measure.Status
ACTIVE = (Status.PLANNED, Status.IN_PROGRESS)


def measures_of(participation: Participation) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(participation=participation)
        .select_related("field", "template")
        .order_by("field__position", "due_on", "pk")
    )


def measure_of(participation: Participation, pk: int) -> Measure | None:
    return measures_of(participation).filter(pk=pk).first()


def is_overdue(measure: Measure, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(measure.status in ACTIVE and measure.due_on and measure.due_on < today)


@dataclass
class MeasureProgress:
    total: int
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int

    @property
    def counted(self) -> int:
        """The measures that count (dropped ones do not)."""
        return self.total - self.dropped

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def progress_of(measures: list[Measure], today: date | None = None) -> MeasureProgress:
    today = today or timezone.localdate()
    counts = Counter(m.status for m in measures)
    return MeasureProgress(
        total=len(measures),
        planned=counts[Status.PLANNED],
        in_progress=counts[Status.IN_PROGRESS],
        done=counts[Status.DONE],
        dropped=counts[Status.DROPPED],
        overdue=sum(1 for m in measures if is_overdue(m, today)),
    )


def suggestions(participation: Participation, gap_keys: set[str]) -> list[MeasureTemplate]:
    """Active catalogue measures for the fields with gaps, not yet in the plan."""
    taken = Measure.objects.filter(participation=participation, template__isnull=False).values(
        "template"
    )
    return list(
        MeasureTemplate.objects.filter(active=True, field_key__in=gap_keys)
        .exclude(pk__in=taken)
        .order_by("position", "title")
    )


def other_templates(
    participation: Participation, shown: list[MeasureTemplate]
) -> list[MeasureTemplate]:
    """The rest of the active catalogue, for a free choice."""
    taken = Measure.objects.filter(participation=participation, template__isnull=False).values(
        "template"
    )
    return list(
        MeasureTemplate.objects.filter(active=True)
        .exclude(pk__in=taken)
        .exclude(pk__in=[t.pk for t in shown])
        .order_by("position", "title")
    )


def template_of(pk: int) -> MeasureTemplate | None:
    return MeasureTemplate.objects.filter(pk=pk, active=True).first()


# --------------------------------------------------------------------------- round


@dataclass
class Row:
    participation: Participation
    fields_done: int
    fields_total: int
    measures: MeasureProgress


def round_progress(round_: Round) -> list[Row]:
    """Each participating employer's assessment and measures (withdrawn and merely
    applied ones left out)."""
    participations = list(
        Participation.objects.filter(round=round_, status__in=Participation.HOLDS_PLACE)
        .select_related("employer", "round")
        .order_by("employer__name")
    )
    by_participation: dict[int, list[Measure]] = {p.pk: [] for p in participations}
    for measure in Measure.objects.filter(participation__in=participations):
        by_participation[measure.participation_id].append(measure)
    today = timezone.localdate()
    rows = []
    for p in participations:
        progress = assessment.progress(p)
        rows.append(
            Row(
                participation=p,
                fields_done=progress.fields_done,
                fields_total=progress.fields_total,
                measures=progress_of(by_participation[p.pk], today),
            )
        )
    return rows


def round_of(pk: int) -> Round | None:
    return Round.objects.filter(pk=pk).first()


def rounds_with_employers() -> QuerySet[Round]:
    return Round.objects.exclude(status=Round.Status.PLANNED).order_by("-starts_on")


# --------------------------------------------------------------------------- annual check


def certificate_of(participation: Participation) -> Certificate | None:
    return Certificate.objects.filter(participation=participation).first()


def annual_checks(certificate: Certificate) -> list[AnnualCheck]:
    return list(AnnualCheck.objects.filter(certificate=certificate).order_by("due_on"))
