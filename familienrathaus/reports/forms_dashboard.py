"""The dashboard's year switch (a GET form; without a valid year the current one counts)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["jahr"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["jahr"].initial = years[0]

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("jahr"):
            return int(self.cleaned_data["jahr"])
        return self.years[0]
