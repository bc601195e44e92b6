"""Figures about concerns for the coordinators and the Kuratorium (reads only).

What counts:

- A concern counts in the period in which it **arrived** (``created_at``, on the town's
  clock, Europe/Berlin). Duplicates merged into another concern do not count again.
  Redacted concerns count: redaction keeps kind, topic, district, channel, dates and
  status (see :mod:`familienrathaus.concerns.retention`).
- **Times** are in **working days** (Monday to Friday, not a public holiday of the
  alliance's state, :mod:`familienrathaus.core.calendar`), counted as the due dates are
  (:mod:`familienrathaus.concerns.dues`): the day of arrival does not count, so an answer
  on the same day takes 0 working days and one on the next working day 1.
  The *first answer* is the first reply the family received; a concern closed without
  one counts as answered when it was closed. The median is the middle value (the mean of
  the two middle ones for an even count); the 90th percentile is the nearest rank: 90 %
  of the concerns took at most that many working days.
- **In time** compares the day of the (first) answer resp. of the closing with the due
  date stored on the concern (computed from its topic's target at submission). A concern
  without an answer whose due date has passed is late; one not yet due is still open
  and counts neither way.

Counts are aggregated in the database; the times need the working-day calendar and are
computed here from one query of dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from familienrathaus.concerns.models import Concern, Topic
from familienrathaus.core import calendar
from familienrathaus.core.models import District
from familienrathaus.core.periods import BERLIN, Period

# --------------------------------------------------------------------------- periods


def concerns_in(period: Period) -> QuerySet[Concern]:
    """The concerns that arrived in the period, without merged duplicates."""
    return Concern.objects.filter(
        **period.between("created_at"),
        merged_into__isnull=True,
    )


def report_years(*, today: dt.date | None = None) -> list[int]:
    """The years with concerns, newest first, always including the current one."""
    current = (today or dt.datetime.now(BERLIN).date()).year
    years = {day.year for day in Concern.objects.datetimes("created_at", "year", tzinfo=BERLIN)}
    return sorted(years | {current}, reverse=True)


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: ``key`` is the stored value (or ``""`` for none)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Durations:
    """Working days from arrival to an event, over the concerns that reached it."""

    count: int
    median: float | None
    p90: int | None

    @classmethod
    def of(cls, values: Sequence[int]) -> Durations:
        if not values:
            return cls(0, None, None)
        ordered = sorted(values)
        rank = math.ceil(0.9 * len(ordered))
        return cls(len(ordered), float(statistics.median(ordered)), ordered[rank - 1])

    @property
    def median_text(self) -> str:
        return number(self.median)

    @property
    def p90_text(self) -> str:
        return number(self.p90)


@dataclass(frozen=True)
class Punctuality:
    """How many were answered (resp. closed) by their due date."""

    in_time: int = 0
    late: int = 0
    pending: int = 0  # not yet answered, not yet due

    @property
    def decided(self) -> int:
        return self.in_time + self.late

    @property
    def share(self) -> float | None:
        return self.in_time / self.decided if self.decided else None

    @property
    def share_text(self) -> str:
        return share(self.share)


@dataclass(frozen=True)
class TopicRow:
    key: str
    label: str
    count: int
    first_answer_days: int | None  # the topic's target (working days)
    closing_days: int | None
    first_in_time: Punctuality
    close_in_time: Punctuality
    first_answer: Durations
    closing: Durations


@dataclass
class Report:
    period: Period
    anonymised: bool
    total: int = 0
    open: int = 0
    urgent: int = 0
    redacted: int = 0
    by_month: list[tuple[dt.date, int]] = field(default_factory=list)
    by_topic: list[Row] = field(default_factory=list)
    by_district: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_channel: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    passed_on: list[Row] = field(default_factory=list)  # partner / office / desk
    passed_to: list[Row] = field(default_factory=list)  # by name; empty when anonymised
    topics: list[TopicRow] = field(default_factory=list)
    first_answer: Durations = field(default_factory=lambda: Durations(0, None, None))
    closing: Durations = field(default_factory=lambda: Durations(0, None, None))
    first_in_time: Punctuality = field(default_factory=Punctuality)
    close_in_time: Punctuality = field(default_factory=Punctuality)


def _choice_rows(
    queryset: QuerySet[Concern], field_name: str, choices: Iterable[tuple[str, Any]]
) -> list[Row]:
    counts = dict(
        queryset.order_by()
        .values_list(field_name)
        .annotate(n=Count("pk"))
        .values_list(field_name, "n")
    )
    return [Row(value, str(label), counts.get(value, 0)) for value, label in choices]


def _topic_rows(queryset: QuerySet[Concern]) -> list[Row]:
    counts: dict[int | None, int] = dict(
        queryset.order_by().values_list("topic").annotate(n=Count("pk")).values_list("topic", "n")
    )
    rows = [
        Row(str(topic.pk), topic.name, counts.get(topic.pk, 0))
        for topic in Topic.objects.order_by("position", "name")
        if topic.active or counts.get(topic.pk)
    ]
    if counts.get(None):
        rows.append(Row("", _("No topic"), counts[None]))
    return rows


def _district_rows(queryset: QuerySet[Concern]) -> list[Row]:
    counts: dict[int | None, int] = dict(
        queryset.order_by()
        .values_list("district")
        .annotate(n=Count("pk"))
        .values_list("district", "n")
    )
    named = District.objects.filter(pk__in=[pk for pk in counts if pk is not None])
    rows = [Row(str(d.pk), d.name, counts[d.pk]) for d in named.order_by("name")]
    if counts.get(None):
        rows.append(Row("", _("No district given"), counts[None]))
    return rows


def _month_rows(queryset: QuerySet[Concern], period: Period) -> list[tuple[dt.date, int]]:
    counts = {
        month.date() if isinstance(month, dt.datetime) else month: n
        for month, n in queryset.order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=BERLIN))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    return [(month, counts.get(month, 0)) for month in period.months()]


def _passed_rows(queryset: QuerySet[Concern], *, anonymised: bool) -> tuple[list[Row], list[Row]]:
    totals = queryset.aggregate(
        to_partner=Count("pk", filter=Q(organisation__isnull=False)),
        to_office=Count("pk", filter=Q(organisation__isnull=True, office__isnull=False)),
        at_desk=Count("pk", filter=Q(organisation__isnull=True, office__isnull=True)),
    )
    summary = [
        Row("partner", _("passed on to a partner organisation"), totals["to_partner"]),
        Row("office", _("passed on to an office of the administration"), totals["to_office"]),
        Row("desk", _("handled by the coordination office"), totals["at_desk"]),
    ]
    if anonymised:
        return summary, []
    by_name: list[Row] = []
    partners = (
        queryset.filter(organisation__isnull=False)
        .order_by()
        .values_list("organisation__name")
        .annotate(n=Count("pk"))
        .values_list("organisation__name", "n")
    )
    offices = (
        queryset.filter(organisation__isnull=True, office__isnull=False)
        .order_by()
        .values_list("office__name")
        .annotate(n=Count("pk"))
        .values_list("office__name", "n")
    )
    by_name += [Row("partner", name, n) for name, n in sorted(partners)]
    by_name += [Row("office", name, n) for name, n in sorted(offices)]
    return summary, by_name


# --------------------------------------------------------------------------- times


class WorkingDays:
    """Counts working days between two local dates, from a list built once."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        state = calendar.federal_state()
        span = (last - first).days
        self.days = [
            day
            for day in (first + dt.timedelta(days=n) for n in range(span + 1))
            if calendar.is_working_day(day, state=state)
        ]

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 on the same day)."""
        if end <= start:
            return 0
        return bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start)


def _local(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BERLIN).date()


def _punctuality(
    answered_on: dt.date | None, due: dt.date | None, today: dt.date
) -> tuple[int, int, int]:
    """(in time, late, pending) for one concern."""
    if due is None:
        return (0, 0, 0)
    if answered_on is not None:
        return (1, 0, 0) if answered_on <= due else (0, 1, 0)
    return (0, 1, 0) if due < today else (0, 0, 1)


def _add(total: Punctuality, part: tuple[int, int, int]) -> Punctuality:
    return Punctuality(total.in_time + part[0], total.late + part[1], total.pending + part[2])


@dataclass
class _Times:
    first: list[int] = field(default_factory=list)
    closing: list[int] = field(default_factory=list)
    first_in_time: Punctuality = field(default_factory=Punctuality)
    close_in_time: Punctuality = field(default_factory=Punctuality)


def _times(queryset: QuerySet[Concern], today: dt.date) -> dict[int | None, _Times]:
    """Per topic id (and under the key ``-1`` for all together)."""
    rows = list(
        queryset.order_by()
        .annotate(answered_at=Coalesce(F("first_answer_at"), F("closed_at")))
        .values_list(
            "topic", "created_at", "answered_at", "closed_at", "first_answer_due", "close_due"
        )
    )
    result: dict[int | None, _Times] = defaultdict(_Times)
    if not rows:
        return result
    moments = [m for row in rows for m in row[1:4] if m is not None]
    counter = WorkingDays(min(_local(m) for m in moments), max(_local(m) for m in moments))
    for topic, created, answered, closed, first_due, close_due in rows:
        arrived = _local(created)
        answered_on = _local(answered) if answered else None
        closed_on = _local(closed) if closed else None
        for key in (topic, -1):
            times = result[key]
            if answered_on is not None:
                times.first.append(counter.between(arrived, answered_on))
            if closed_on is not None:
                times.closing.append(counter.between(arrived, closed_on))
            times.first_in_time = _add(
                times.first_in_time, _punctuality(answered_on, first_due, today)
            )
            times.close_in_time = _add(
                times.close_in_time, _punctuality(closed_on, close_due, today)
            )
    return result


# --------------------------------------------------------------------------- the report


def report(*, period: Period, anonymised: bool = False, today: dt.date | None = None) -> Report:
    """All figures of the period; ``anonymised`` leaves out the names of the partners and
    offices concerns were passed to (the annual report). No report has a family's name,
    contact or text."""
    today = today or dt.datetime.now(BERLIN).date()
    concerns = concerns_in(period)
    totals = concerns.aggregate(
        n_total=Count("pk"),
        n_open=Count("pk", filter=~Q(status=Concern.Status.CLOSED)),
        n_urgent=Count("pk", filter=Q(priority=Concern.Priority.URGENT)),
        n_redacted=Count("pk", filter=Q(redacted_at__isnull=False)),
    )
    data = Report(
        period=period,
        anonymised=anonymised,
        total=totals["n_total"],
        open=totals["n_open"],
        urgent=totals["n_urgent"],
        redacted=totals["n_redacted"],
    )
    data.by_month = _month_rows(concerns, period)
    data.by_topic = _topic_rows(concerns)
    data.by_district = _district_rows(concerns)
    data.by_kind = _choice_rows(concerns, "kind", Concern.Kind.choices)
    data.by_channel = _choice_rows(concerns, "channel", Concern.Channel.choices)
    data.by_status = _choice_rows(concerns, "status", Concern.Status.choices)
    data.passed_on, data.passed_to = _passed_rows(concerns, anonymised=anonymised)
    times = _times(concerns, today)
    overall = times.get(-1, _Times())
    data.first_answer = Durations.of(overall.first)
    data.closing = Durations.of(overall.closing)
    data.first_in_time = overall.first_in_time
    data.close_in_time = overall.close_in_time
    targets = {t.pk: t for t in Topic.objects.all()}
    for row in data.by_topic:
        topic = targets.get(int(row.key)) if row.key else None
        per = times.get(topic.pk if topic else None, _Times())
        data.topics.append(
            TopicRow(
                key=row.key,
                label=row.label,
                count=row.count,
                first_answer_days=topic.first_answer_days if topic else None,
                closing_days=topic.closing_days if topic else None,
                first_in_time=per.first_in_time,
                close_in_time=per.close_in_time,
                first_answer=Durations.of(per.first),
                closing=Durations.of(per.closing),
            )
        )
    return data


# --------------------------------------------------------------------------- download


def number(value: float | int | None, digits: int = 1) -> str:
    """A figure in the active language ("2,5" in German); "–" when there is none."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return formats.number_format(int(value), force_grouping=True)
    return formats.number_format(round(value, digits), digits, force_grouping=True)


def share(value: float | None) -> str:
    return "–" if value is None else f"{number(value * 100)} %"


def export_header() -> list[str]:
    return [
        pgettext("concerns report", "Section"),
        pgettext("concerns report", "Entry"),
        pgettext("concerns report", "Count"),
        pgettext("concerns report", "Share"),
    ]


def export_rows(data: Report) -> list[list[str]]:
    """The report as one table (section, entry, count, share) for CSV/XLSX."""
    rows: list[list[str]] = []
    total = data.total

    def block(section: str, entries: Iterable[Row]) -> None:
        for row in entries:
            rows.append(
                [section, row.label, number(row.count), share(row.count / total if total else None)]
            )

    overview = pgettext("concerns report", "Overview")
    rows.append([pgettext("concerns report", "Period"), data.period.label, "", ""])
    rows.append([overview, _("Concerns received"), number(total), ""])
    rows.append([overview, _("still open"), number(data.open), ""])
    rows.append([overview, _("urgent"), number(data.urgent), ""])
    rows.append([overview, _("redacted after the retention period"), number(data.redacted), ""])
    month_section = _("By month of arrival")
    for month, count in data.by_month:
        label = formats.date_format(month, "YEAR_MONTH_FORMAT")
        rows.append([month_section, label, number(count), share(count / total if total else None)])
    block(_("By topic"), data.by_topic)
    block(_("By district"), data.by_district)
    block(_("By kind"), data.by_kind)
    block(_("By channel"), data.by_channel)
    block(_("By status"), data.by_status)
    block(_("Passed on"), data.passed_on)
    if data.passed_to:
        block(_("Passed on to"), data.passed_to)
    for section, durations in (
        (_("Working days to the first answer"), data.first_answer),
        (_("Working days to closing"), data.closing),
    ):
        rows.append([section, _("concerns"), number(durations.count), ""])
        rows.append([section, _("median"), number(durations.median), ""])
        rows.append([section, _("90th percentile"), number(durations.p90), ""])
    for section, punctual in (
        (_("First answer in time"), data.first_in_time),
        (_("Closed in time"), data.close_in_time),
    ):
        rows.append([section, _("in time"), number(punctual.in_time), share(punctual.share)])
        rows.append([section, _("late"), number(punctual.late), ""])
        rows.append([section, _("not yet due"), number(punctual.pending), ""])
    topic_section = _("First answer in time, by topic")
    for topic in data.topics:
        rows.append(
            [
                topic_section,
                topic.label,
                number(topic.first_in_time.in_time),
                share(topic.first_in_time.share),
            ]
        )
    return rows
