"""Reports across rounds for the coordinators: the rounds in figures, certified employers
by sector and size band, the measures taken most often and the gaps found most often.

A "gap" is an item of a handed-in self-assessment scored "not in place" or "planned".
Items are counted by their ``key``, which stays the same across catalogue versions, so
rounds with different versions add up. Every figure counts employers (participations),
never names one: the reports can go to the Lenkungsgruppe as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from familienrathaus.employers.models import (
    Answer,
    Certificate,
    Criterion,
    Employer,
    Measure,
    Participation,
    Round,
)

TOP = 15
HANDED_IN = (
    Participation.Status.SUBMITTED,
    Participation.Status.EVALUATION,
    Participation.Status.CERTIFIED,
    Participation.Status.NOT_YET,
)
GAP_SCORES = (Answer.Score.NOT_IN_PLACE, Answer.Score.PLANNED)


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass(frozen=True)
class RoundRow:
    round: Round
    participants: int
    handed_in: int
    certified: int
    not_yet: int


@dataclass(frozen=True)
class Report:
    rounds: list[RoundRow]
    by_sector: list[Row]
    by_size: list[Row]
    measures: list[Row]
    gaps: list[Row]
    certified_total: int
    participants_total: int  # participations (not withdrawn): the base of the measures' shares
    handed_in_total: int  # handed-in assessments: the base of the gaps' shares


def rounds() -> QuerySet[Round]:
    return Round.objects.order_by("-starts_on", "name")


def _participations(selected: Sequence[Round]) -> QuerySet[Participation]:
    rows = Participation.objects.all()
    return rows.filter(round__in=selected) if selected else rows


def _by_choice(
    certificates: QuerySet[Certificate], field: str, choices: Iterable[tuple[str, object]]
) -> list[Row]:
    counts = dict(
        certificates.values_list(f"employer__{field}")
        .annotate(n=Count("employer", distinct=True))
        .order_by()
    )
    return [Row(str(label), counts.get(value, 0)) for value, label in choices]


def report(selected: Sequence[Round] = ()) -> Report:
    """The figures of the chosen rounds (all rounds if none is chosen)."""
    participations = _participations(selected)
    certificates = Certificate.objects.filter(participation__in=participations)
    round_rows = [
        RoundRow(
            round=round_,
            participants=round_.n_participants,
            handed_in=round_.n_handed_in,
            certified=round_.n_certified,
            not_yet=round_.n_not_yet,
        )
        for round_ in (
            Round.objects.filter(pk__in=[r.pk for r in selected]) if selected else rounds()
        )
        .annotate(
            n_participants=Count(
                "participations",
                distinct=True,
                filter=~Q(participations__status=Participation.Status.WITHDRAWN),
            ),
            n_handed_in=Count(
                "participations", distinct=True, filter=Q(participations__status__in=HANDED_IN)
            ),
            n_certified=Count("certificates", distinct=True),
            n_not_yet=Count(
                "participations",
                distinct=True,
                filter=Q(participations__status=Participation.Status.NOT_YET),
            ),
        )
        .order_by("-starts_on", "name")
    ]
    measures = (
        Measure.objects.filter(participation__in=participations)
        .exclude(status=Measure.Status.DROPPED)
        .values_list("title")
        .annotate(n=Count("participation", distinct=True))
        .order_by("-n", "title")[:TOP]
    )
    gaps = (
        Answer.objects.filter(
            participation__in=participations.filter(status__in=HANDED_IN),
            score__in=GAP_SCORES,
        )
        .values_list("criterion__key", "criterion__field__name")
        .annotate(n=Count("participation", distinct=True))
        .order_by("-n", "criterion__key")[:TOP]
    )
    texts = _criterion_texts([key for key, _field, _n in gaps])
    return Report(
        rounds=round_rows,
        by_sector=_by_choice(certificates, "sector", Employer.Sector.choices),
        by_size=_by_choice(certificates, "size", Employer.Size.choices),
        measures=[Row(title, n) for title, n in measures],
        gaps=[Row(f"{field}: {texts.get(key, key)}", n) for key, field, n in gaps],
        certified_total=certificates.values("employer").distinct().count(),
        participants_total=participations.exclude(status=Participation.Status.WITHDRAWN).count(),
        handed_in_total=participations.filter(status__in=HANDED_IN).count(),
    )


def _criterion_texts(keys: list[str]) -> dict[str, str]:
    """The newest wording of each item (its key is the same across versions)."""
    texts: dict[str, str] = {}
    for key, text in (
        Criterion.objects.filter(key__in=keys)
        .order_by("key", "-field__catalogue__version")
        .values_list("key", "text")
    ):
        texts.setdefault(key, text)
    return texts


def export_header() -> list[str]:
    return [_("Part of the report"), _("What"), _("Number of employers")]


def export_rows(data: Report) -> list[list[object]]:
    rows: list[list[object]] = []
    # The labels outside the f-strings: makemessages does not read calls inside them.
    labels = (_("participants"), _("handed in"), _("certified"), _("not yet certified"))
    for row in data.rounds:
        counts = (row.participants, row.handed_in, row.certified, row.not_yet)
        for label, count in zip(labels, counts, strict=True):
            rows.append([_("Round"), f"{row.round.name}: {label}", count])
    sections = [
        (_("Certified by sector"), data.by_sector),
        (_("Certified by size"), data.by_size),
        (_("Measures taken most often"), data.measures),
        (_("Gaps found most often"), data.gaps),
    ]
    for section, items in sections:
        rows.extend([section, item.label, item.count] for item in items)
    return rows
