"""Figures of the welcome for the coordinators and the council: registrations per month
and district, packages handed out, grants paid (number and sum), first-born share,
languages — for a chosen period.

Months are those of Europe/Berlin and, as the retention keeps them (``retention.py``):
a registration counts in the month it came in (declined ones too: "registrations
received"), a package in the month it was handed over, posted or brought on a visit, a
grant in the month it was paid — each under the registration's district, language and
first-born flag. The live rows and the counts kept after personal data was deleted
(:class:`MonthlyCount`) add up; payments whose registration is gone are counted only
through those counts, never twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from familienrathaus.core.models import District
from familienrathaus.core.periods import BERLIN, Period
from familienrathaus.welcome.models import MonthlyCount, Payment, Registration

ZERO = Decimal("0.00")


# --------------------------------------------------------------------------- periods


def report_years(*, today: dt.date) -> list[int]:
    """Years with registrations or kept counts, and the current one, newest first."""
    years = {today.year}
    years |= {d.year for d in Registration.objects.datetimes("created_at", "year", tzinfo=BERLIN)}
    years |= {d.year for d in MonthlyCount.objects.dates("month", "year")}
    return sorted(years, reverse=True)


# --------------------------------------------------------------------------- figures


@dataclass
class Figures:
    registrations: int = 0
    packages: int = 0
    grants_paid: int = 0
    grants_sum: Decimal = ZERO
    first_born: int = 0

    def add(self, other: Figures) -> None:
        self.registrations += other.registrations
        self.packages += other.packages
        self.grants_paid += other.grants_paid
        self.grants_sum += other.grants_sum
        self.first_born += other.first_born

    @property
    def first_born_share(self) -> float | None:
        return self.first_born / self.registrations if self.registrations else None


@dataclass(frozen=True)
class Key:
    month: dt.date
    district_id: int | None
    language: str
    first_born: bool


def _month_of(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(BERLIN).date().replace(day=1)
    return value.replace(day=1)


def _live(period: Period) -> Iterator[tuple[Key, Figures]]:
    """Registrations by the month they came in, packages by the month they were handed
    over, grants by the month they were paid (as the retention keeps them)."""
    keys = ("district_id", "language", "first_born")
    registered = (
        Registration.objects.filter(**period.between("created_at"))
        .annotate(month=TruncMonth("created_at", tzinfo=BERLIN))
        .values("month", *keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in registered:
        yield (
            Key(_month_of(row["month"]), row["district_id"], row["language"], row["first_born"]),
            Figures(registrations=row["n"], first_born=row["n"] if row["first_born"] else 0),
        )
    handed = (
        Registration.objects.filter(status=Registration.Status.DONE, **period.between("done_at"))
        .annotate(month=TruncMonth("done_at", tzinfo=BERLIN))
        .values("month", *keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in handed:
        yield (
            Key(_month_of(row["month"]), row["district_id"], row["language"], row["first_born"]),
            Figures(packages=row["n"]),
        )
    paid = (
        Payment.objects.filter(grant__registration__isnull=False, **period.between("paid_at"))
        .annotate(month=TruncMonth("paid_at", tzinfo=BERLIN))
        .values(
            "month",
            "grant__registration__district_id",
            "grant__registration__language",
            "grant__registration__first_born",
        )
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    for row in paid:
        yield (
            Key(
                _month_of(row["month"]),
                row["grant__registration__district_id"],
                row["grant__registration__language"],
                row["grant__registration__first_born"],
            ),
            Figures(grants_paid=row["n"], grants_sum=row["total"] or ZERO),
        )


def _kept(period: Period) -> Iterator[tuple[Key, Figures]]:
    rows = MonthlyCount.objects.filter(
        month__gte=period.start.replace(day=1), month__lte=period.end
    )
    for row in rows:
        yield (
            Key(row.month, row.district_id, row.language, row.first_born),
            Figures(
                registrations=row.registrations,
                packages=row.packages,
                grants_paid=row.grants_paid,
                grants_sum=row.grants_sum,
                first_born=row.registrations if row.first_born else 0,
            ),
        )


@dataclass
class Line:
    label: str
    figures: Figures
    key: Any = None


@dataclass
class Report:
    period: Period
    total: Figures = field(default_factory=Figures)
    by_month: list[Line] = field(default_factory=list)
    by_district: list[Line] = field(default_factory=list)
    by_language: list[Line] = field(default_factory=list)
    by_first_born: list[Line] = field(default_factory=list)
    kept: int = 0  # registrations that count only through the kept counts


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def _group(items: Iterable[tuple[Key, Figures]], key: Any) -> dict[Any, Figures]:
    grouped: dict[Any, Figures] = defaultdict(Figures)
    for item_key, figures in items:
        grouped[key(item_key)].add(figures)
    return grouped


def report(*, period: Period) -> Report:
    live = list(_live(period))
    kept = list(_kept(period))
    items = live + kept
    result = Report(period=period, kept=sum(f.registrations for _k, f in kept))
    for _key, figures in items:
        result.total.add(figures)

    months = _group(items, lambda k: k.month)
    result.by_month = [
        Line(formats.date_format(month, "YEAR_MONTH_FORMAT"), months.get(month, Figures()), month)
        for month in period.months()
    ]

    districts = _group(items, lambda k: k.district_id)
    names = dict(District.objects.values_list("pk", "name"))
    ordered = [pk for pk in District.objects.values_list("pk", flat=True) if pk in districts]
    result.by_district = [Line(names[pk], districts[pk], pk) for pk in ordered]
    if None in districts:
        result.by_district.append(Line(_("no district given"), districts[None], None))

    languages = _group(items, lambda k: k.language)
    known = _language_names()
    result.by_language = sorted(
        (Line(known.get(code, code), figures, code) for code, figures in languages.items()),
        key=lambda line: (-line.figures.registrations, line.label),
    )

    first = _group(items, lambda k: k.first_born)
    result.by_first_born = [
        Line(_("first child"), first.get(True, Figures()), True),
        Line(_("sibling"), first.get(False, Figures()), False),
    ]
    return result


# --------------------------------------------------------------------------- downloads


def money(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True)


def export_header() -> list[str]:
    return [
        _("Breakdown"),
        _("Value"),
        _("Registrations received"),
        _("Packages handed out"),
        _("Grants paid"),
        _("Sum paid (EUR)"),
        _("First children"),
    ]


def _cells(line: Line) -> list[Any]:
    f = line.figures
    return [
        f.registrations,
        f.packages,
        f.grants_paid,
        money(f.grants_sum),
        f.first_born,
    ]


def sections(data: Report) -> list[tuple[str, list[Line]]]:
    return [
        (_("Month"), data.by_month),
        (_("District"), data.by_district),
        (_("Language"), data.by_language),
        (_("First child"), data.by_first_born),
        (_("Total"), [Line(data.period.label, data.total)]),
    ]


def export_rows(data: Report) -> list[list[Any]]:
    """One table: a row per month, district, language, first child or not, and the total."""
    return [[name, line.label, *_cells(line)] for name, lines in sections(data) for line in lines]


def export_sheets(data: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The same figures as one sheet per breakdown (XLSX for the council's report)."""
    header = export_header()
    return [
        (name, header[1:], [[line.label, *_cells(line)] for line in lines])
        for name, lines in sections(data)
    ]
