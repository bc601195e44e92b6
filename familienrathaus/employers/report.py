"""The strengths-and-weaknesses report of a self-assessment.

Per field of action the *level*: the points scored as a share of the points possible
(each item scores 0 "not in place" … 3 "fully in place"; an item without a score counts
as 0, so a half-done assessment does not look better than it is). Fields at or above
:data:`STRONG` are strengths, below :data:`WEAK` gaps; within each field the items fully
in place are named as strengths, those not in place or only planned as gaps, and
minimum requirements not fully in place are named on their own.

The round's average per field is shown only when at least :data:`MIN_COMPARISON`
employers of the round have handed in their assessment: with fewer, an average would
let a participant work out another employer's answers. The average is of each
employer's level (every employer weighs the same) and names nobody.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familienrathaus.core import charts
from familienrathaus.employers.models import Answer, Criterion, Participation, Round
from familienrathaus.employers.selectors import assessment as selectors

MAX_SCORE = 3
STRONG = 0.75
WEAK = 0.5
MIN_COMPARISON = 5


@dataclass
class FieldReport:
    name: str
    key: str
    level: float
    answered: int
    total: int
    average: float | None = None
    strengths: list[Criterion] = field(default_factory=list)
    gaps: list[Criterion] = field(default_factory=list)

    @property
    def percent(self) -> str:
        return charts.percent(self.level)

    @property
    def average_percent(self) -> str:
        return charts.percent(self.average) if self.average is not None else ""

    @property
    def strong(self) -> bool:
        return self.level >= STRONG

    @property
    def weak(self) -> bool:
        return self.level < WEAK

    @property
    def compared(self) -> str:
        """ "above", "below" or "" against the round's average (five points either way)."""
        if self.average is None:
            return ""
        if self.level >= self.average + 0.05:
            return "above"
        if self.level <= self.average - 0.05:
            return "below"
        return "same"


@dataclass
class Report:
    participation: Participation
    fields: list[FieldReport]
    minimum_gaps: list[Criterion]
    comparison_count: int  # employers of the round with a handed-in assessment
    complete: bool

    @property
    def with_average(self) -> bool:
        return self.comparison_count >= MIN_COMPARISON

    @property
    def level(self) -> float:
        return sum(f.level for f in self.fields) / len(self.fields) if self.fields else 0.0

    @property
    def strong_fields(self) -> list[FieldReport]:
        return sorted((f for f in self.fields if f.strong), key=lambda f: -f.level)

    @property
    def weak_fields(self) -> list[FieldReport]:
        return sorted((f for f in self.fields if f.weak), key=lambda f: f.level)

    @property
    def gap_keys(self) -> set[str]:
        return {f.key for f in self.fields if f.weak or f.gaps}

    def summary(self) -> list[str]:
        """The report in a few sentences."""
        sentences = [
            _("Overall, %(level)s of the possible points are reached.")
            % {"level": charts.percent(self.level)}
        ]
        if self.strong_fields:
            sentences.append(_("Strengths: %(fields)s.") % {"fields": _listing(self.strong_fields)})
        if self.weak_fields:
            sentences.append(_("Most to do: %(fields)s.") % {"fields": _listing(self.weak_fields)})
        if not self.strong_fields and not self.weak_fields:
            sentences.append(_("No field stands out as a clear strength or gap."))
        if self.minimum_gaps:
            sentences.append(
                ngettext(
                    "One minimum requirement is not yet fully in place.",
                    "%(count)s minimum requirements are not yet fully in place.",
                    len(self.minimum_gaps),
                )
                % {"count": len(self.minimum_gaps)}
            )
        if self.with_average:
            above = [f.name for f in self.fields if f.compared == "above"]
            below = [f.name for f in self.fields if f.compared == "below"]
            if above:
                sentences.append(
                    _("Above the round's average: %(fields)s.") % {"fields": ", ".join(above)}
                )
            if below:
                sentences.append(
                    _("Below the round's average: %(fields)s.") % {"fields": ", ".join(below)}
                )
        return sentences

    def chart(self, *, table_open: bool = False) -> charts.Chart:
        series = [_("Your organisation")]
        if self.with_average:
            series.append(_("Average of the round"))
        chart = charts.level_chart(
            title=_("Level reached per field of action"),
            series=series,
            rows=[
                (f.name, [f.level, f.average] if self.with_average else [f.level])
                for f in self.fields
            ],
        )
        chart.table_open = table_open
        return chart


def _listing(fields: list[FieldReport]) -> str:
    return ", ".join(f"{f.name} ({charts.percent(f.level)})" for f in fields)


def build(participation: Participation) -> Report:
    progress = selectors.progress(participation)
    average = round_average(participation.round)
    fields = []
    for fp in progress.fields:
        scores = [item.points for item in fp.items]
        level = sum(scores) / (MAX_SCORE * len(scores)) if scores else 0.0
        fields.append(
            FieldReport(
                name=fp.field.name,
                key=fp.field.key,
                level=level,
                answered=fp.answered,
                total=fp.total,
                average=average.levels.get(fp.field.key) if average.enough else None,
                strengths=[i.criterion for i in fp.items if i.points == MAX_SCORE],
                gaps=[i.criterion for i in fp.items if i.points <= Answer.Score.PLANNED],
            )
        )
    minimum = [
        item.criterion
        for fp in progress.fields
        for item in fp.items
        if item.criterion.minimum and item.points != MAX_SCORE
    ]
    return Report(
        participation=participation,
        fields=fields,
        minimum_gaps=minimum,
        comparison_count=average.count,
        complete=progress.complete,
    )


@dataclass
class RoundAverage:
    count: int
    levels: dict[str, float]

    @property
    def enough(self) -> bool:
        return self.count >= MIN_COMPARISON


def round_average(round_: Round) -> RoundAverage:
    """Each field's average level over the round's handed-in assessments; the levels
    only when at least :data:`MIN_COMPARISON` employers handed theirs in."""
    handed_in = Participation.objects.filter(
        round=round_, status__in=selectors.SUBMITTED, submitted_at__isnull=False
    )
    count = handed_in.values("employer").distinct().count()
    if count < MIN_COMPARISON:
        return RoundAverage(count=count, levels={})
    sizes = dict(
        Criterion.objects.filter(field__catalogue_id=round_.catalogue_id)
        .values_list("field__key")
        .annotate(n=Count("pk"))
    )
    per_field: dict[str, list[float]] = defaultdict(list)
    rows = (
        Answer.objects.filter(participation__in=handed_in)
        .values_list("participation", "criterion__field__key")
        .annotate(points=Sum("score"))
    )
    for _participation, key, points in rows:
        if sizes.get(key):
            per_field[key].append((points or 0) / (MAX_SCORE * sizes[key]))
    return RoundAverage(
        count=count,
        levels={key: sum(levels) / count for key, levels in per_field.items()},
    )
