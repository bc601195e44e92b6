"""The annual report's year (the period form of the other report pages is
``core.periods.PeriodForm``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
