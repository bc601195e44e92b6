"""Forms of the annual report: the year to show, and the texts of its sections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.reports.selectors import annual
from familienrathaus.reports.services.annual import TEXT_LIMIT


class YearForm(forms.Form):
    """GET form: which year's report to open."""

    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jahr"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, str(year)) for year in years]


class TextsForm(forms.Form):
    """One text per section (and the foreword); empty texts are left out of the PDF."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in annual.sections_outline():
            self.fields[key] = forms.CharField(
                label=_("Text for “%(section)s”") % {"section": title}
                if key != annual.FOREWORD
                else _("Foreword"),
                required=False,
                max_length=TEXT_LIMIT,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def bound_for(self, key: str) -> forms.BoundField:
        return self[key]
