"""Forms of the coordinators' programme pages: rounds, workshops, jury, catalogue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import limits
from familienrathaus.core.widgets import DateInput, TimeInput
from familienrathaus.employers.models import Catalogue, Criterion, FieldOfAction, Round


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "name",
            "catalogue",
            "starts_on",
            "ends_on",
            "application_until",
            "max_employers",
            "certificate_years",
            "signed_by",
            "description",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "application_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        catalogue = self.fields["catalogue"]
        catalogue.queryset = Catalogue.objects.order_by("name", "-version")  # type: ignore[attr-defined]
        catalogue.empty_label = None  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.status != Round.Status.PLANNED:
            catalogue.disabled = True
            catalogue.help_text = _("The round has begun: it keeps its catalogue version.")
        self.fields["max_employers"].widget.attrs.update(min=1, max=500)
        self.fields["certificate_years"].widget.attrs.update(min=1, max=10)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        until = data.get("application_until")
        for name in ("starts_on", "ends_on", "application_until"):
            value = data.get(name)
            if value and not limits.EARLIEST_DATE <= value <= limits.LATEST_DATE:
                self.add_error(name, _("Please give a date between 2000 and 2099."))
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The round must not end before it starts."))
        if until and ends and until > ends:
            self.add_error("application_until", _("Applications must close before the round ends."))
        return data


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    day = forms.DateField(label=_("day"), widget=DateInput())
    start_time = forms.TimeField(label=_("from"), widget=TimeInput())
    end_time = forms.TimeField(label=_("until"), widget=TimeInput())
    venue_name = forms.CharField(label=_("venue"), max_length=200, required=False)
    street = forms.CharField(label=_("street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("city"), max_length=100, required=False)
    places = forms.IntegerField(
        label=pgettext_lazy("seats", "places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Empty: no limit."),
    )
    description = forms.CharField(
        label=_("description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.TEXT_SHORT,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("day")
        if day and not limits.EARLIEST_DATE <= day <= limits.LATEST_DATE:
            self.add_error("day", _("Please give a date between 2000 and 2099."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The workshop must end after it starts."))
        return data


class JuryInviteForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))
    name = forms.CharField(label=_("name"), max_length=150, required=False)


class ApplicationNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (for the file)"),
        max_length=limits.TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CatalogueNameForm(forms.ModelForm):
    class Meta:
        model = Catalogue
        fields = ["name"]


class FieldForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["text", "help_text", "minimum", "evidence_wanted"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "help_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "minimum": _("Must be at least partly in place for a certificate."),
            "evidence_wanted": _("The employer is asked for a document or a description."),
        }
