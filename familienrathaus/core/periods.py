"""The period a report covers: a calendar year or a range of days, and the GET form that
chooses it (concerns, welcome, and any later report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.limits import validate_date
from familienrathaus.core.widgets import DateInput

BERLIN = ZoneInfo("Europe/Berlin")
MAX_DAYS = 3 * 366  # a longer range is hardly readable by month


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (local dates)."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def label(self) -> str:
        if self.is_calendar_year:
            return str(self.start.year)
        return (
            f"{formats.date_format(self.start, 'SHORT_DATE_FORMAT')} – "
            f"{formats.date_format(self.end, 'SHORT_DATE_FORMAT')}"
        )

    @property
    def slug(self) -> str:
        """For file names: ``2026`` or ``2026-02-01-2026-03-31``."""
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{self.start.isoformat()}-{self.end.isoformat()}"

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        found = []
        current = self.start.replace(day=1)
        while current <= self.end:
            found.append(current)
            current = (current + dt.timedelta(days=32)).replace(day=1)
        return found

    def between(self, field: str) -> dict[str, dt.datetime]:
        """Filter arguments for a moment field within the period (local days)."""
        return {
            f"{field}__gte": _midnight(self.start),
            f"{field}__lt": _midnight(self.end + dt.timedelta(days=1)),
        }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min).replace(tzinfo=BERLIN)


class PeriodForm(forms.Form):
    """GET form of a report page. Without dates the year counts; with dates they do (a
    start alone runs to the end of its year, an end alone from the start of its year)."""

    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    von = forms.DateField(
        label=pgettext_lazy("period", "From"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
    )
    bis = forms.DateField(
        label=pgettext_lazy("period", "To"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
    )

    def __init__(self, *args: Any, years: list[int], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["jahr"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["jahr"].initial = today.year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("von"), data.get("bis")
        if start and end and start > end:
            self.add_error("bis", _("The end must not be before the start."))
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error("bis", _("Please choose at most three years."))
        return data

    def period(self) -> Period:
        """The chosen period; the chosen (or current) year when the dates do not fit."""
        year = self.today.year
        if not self.is_bound or not self.is_valid():
            if self.is_bound and "jahr" not in self.errors:
                year = self.cleaned_data.get("jahr") or year
            return Period.year(year)
        data = self.cleaned_data
        year = data.get("jahr") or year
        start, end = data.get("von"), data.get("bis")
        if start and end:
            return Period(start, end)
        if start:
            return Period(start, dt.date(start.year, 12, 31))
        if end:
            return Period(dt.date(end.year, 1, 1), end)
        return Period.year(year)
