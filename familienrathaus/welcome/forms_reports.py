"""The period of the welcome's report: a calendar year, or a range of days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.limits import validate_date
from familienrathaus.core.widgets import DateInput
from familienrathaus.welcome.selectors.reports import Period

MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    """GET form: without dates the year counts; with both dates they do."""

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
        if bool(start) != bool(end) and not self.errors:
            missing = "bis" if start else "von"
            self.add_error(missing, _("Please give both dates, or neither (then the year counts)."))
        elif start and end and start > end:
            self.add_error("bis", _("The end must not be before the start."))
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error("bis", _("Please choose at most three years."))
        return data

    def period(self) -> Period:
        """The chosen period; the chosen (or current) year when the dates do not fit."""
        if not self.is_bound or not self.is_valid():
            year = self.today.year
            if self.is_bound and "jahr" not in self.errors:
                year = self.cleaned_data.get("jahr") or year
            return Period.year(year)
        data = self.cleaned_data
        if data.get("von") and data.get("bis"):
            return Period(data["von"], data["bis"])
        return Period.year(data.get("jahr") or self.today.year)
