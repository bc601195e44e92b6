"""The period of a report: a calendar year, or a range of days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.concerns.selectors.reports import Period
from familienrathaus.core.limits import EARLIEST_DATE, LATEST_DATE
from familienrathaus.core.widgets import DateInput

MAX_DAYS = 3 * 366  # a longer range is hardly readable by month


class PeriodForm(forms.Form):
    """GET form of the report pages. Without dates the year counts; with dates they do
    (a start alone runs to the end of its year, an end alone from the start of its year)."""

    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    von = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=DateInput())
    bis = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, years: list[int], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["jahr"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["jahr"].initial = today.year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("von", "bis"):
            day = data.get(name)
            if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(name, _("Please enter a date between 2000 and 2099."))
        start, end = data.get("von"), data.get("bis")
        if start and end and start > end:
            self.add_error("bis", _("The end must not be before the start."))
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error("bis", _("Please choose at most three years."))
        return data

    def period(self) -> Period:
        """The chosen period; the current year when the form is invalid or empty."""
        year = self.today.year
        if not self.is_bound or not self.is_valid():
            return Period.year(year)
        data = self.cleaned_data
        year = data.get("jahr") or year
        start, end = data.get("von"), data.get("bis")
        if not start and not end:
            return Period.year(year)
        if start and end:
            return Period(start, end)
        if start:
            return Period(start, dt.date(start.year, 12, 31))
        assert end is not None
        return Period(dt.date(end.year, 1, 1), end)


class YearForm(forms.Form):
    """GET form of the annual report."""

    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["jahr"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["jahr"].initial = today.year

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("jahr"):
            return int(self.cleaned_data["jahr"])
        return self.today.year
