"""The GET form of the district gap report: theme, audience, age band, year and what the
map colours by. Every field is optional; a wrong value gets its message next to the
field and the report is shown without that filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models import Audience, Theme
from familienrathaus.reports.models import AGE_BANDS, band_label
from familienrathaus.reports.selectors.gaps import GapFilters, measure_label, measures

YEARS_BACK = 6


class GapForm(forms.Form):
    thema = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    zielgruppe = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All audiences"),
    )
    alter = forms.ChoiceField(label=_("Age"), required=False)
    jahr = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        help_text=_("The current year shows the last twelve months."),
    )
    kennzahl = forms.ChoiceField(label=_("The map shows"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["alter"]).choices = [
            ("", _("All ages")),
            *[(key, band_label(key)) for key, _low, _high in AGE_BANDS],
        ]
        cast(forms.ChoiceField, self.fields["jahr"]).choices = [
            (year, str(year)) for year in range(this_year, this_year - YEARS_BACK, -1)
        ]
        cast(forms.ChoiceField, self.fields["kennzahl"]).choices = [
            ("", _("Standard (offers per 1,000 children)")),
            *[(key, measure_label(key)) for key in measures()],
        ]

    def _value(self, name: str) -> Any:
        if not self.is_bound:
            return None
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        # A wrong field is dropped; the others still filter.
        return None if name in self.errors else self.cleaned_data.get(name) or None

    def filters(self) -> GapFilters:
        return GapFilters(
            theme=self._value("thema"),
            audience=self._value("zielgruppe"),
            band=self._value("alter"),
            year=self._value("jahr"),
        )

    def measure(self) -> str | None:
        value = self._value("kennzahl")
        return str(value) if value else None
