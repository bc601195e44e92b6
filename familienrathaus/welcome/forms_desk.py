"""Forms of the coordinators' desk (registrations, stock, appointment slots) and the
family's appointment choice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.limits import TEXT_NOTE
from familienrathaus.core.models import District
from familienrathaus.core.widgets import DateInput, TimeInput
from familienrathaus.welcome.models import Registration, Slot, StockItem

MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))\s*$")


def language_choices(*, blank: str = "") -> list[tuple[str, str]]:
    """The site's languages (``settings.LANGUAGES``), each in its own name."""
    choices = [(code, str(name)) for code, name in settings.LANGUAGES]
    return [("", blank), *choices] if blank else choices


def language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)


# --------------------------------------------------------------------------- the list


class DeskFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Registration.Status.choices], required=False
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[("", _("all")), *Registration.Eligibility.choices],
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("all")
    )
    month = forms.CharField(
        label=_("Month of birth"),
        required=False,
        max_length=10,
        help_text=_("For example 2026-03 or 03.2026"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-03"}),
    )
    channel = forms.ChoiceField(
        label=_("How registered"),
        choices=[("", _("all")), *Registration.Channel.choices],
        required=False,
    )
    duplicates = forms.BooleanField(label=_("possible duplicates only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data.get("month") or ""
        if not value.strip():
            return None
        match = MONTH.match(value)
        if match:
            year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
            if 1 <= int(month) <= 12 and 1900 < int(year) < 2200:
                return dt.date(int(year), int(month), 1)
        raise forms.ValidationError(_("Enter the month as 2026-03 or 03.2026."))

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid field shows its error; the others still filter)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "eligibility": data.get("eligibility") or "",
            "district": data.get("district"),
            "month": data.get("month"),
            "channel": data.get("channel") or "",
            "duplicates": bool(data.get("duplicates")),
        }


# --------------------------------------------------------------------------- the steps


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("eligible")), ("not_eligible", _("not eligible"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the family is eligible.")},
    )
    proof_seen = forms.BooleanField(label=_("Proof seen"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the family is not eligible; the family may ask for it."),
    )

    def __init__(self, *args: Any, proof: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proof:
            self.fields["proof_seen"].label = _("Proof seen: %(proof)s") % {"proof": proof}


class PrepareForm(forms.Form):
    version = forms.ChoiceField(
        label=_("Package version"),
        choices=Registration.PackageVersion.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the package"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    handover = forms.ChoiceField(
        label=_("How did the package reach the family?"),
        choices=Registration.Handover.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the package reached the family.")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the registration is declined.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only coordinators see it; never shown to the family."),
    )


# --------------------------------------------------------------------------- stock


class StockItemForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    quantity = forms.IntegerField(
        label=_("In stock now"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("Later changes: book goods received or a correction."),
    )

    class Meta:
        model = StockItem
        fields = ["name", "version", "language", "per_package", "warn_below", "position", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(  # type: ignore[attr-defined]
            blank=str(_("every language"))
        )
        self.fields["language"].help_text = _("Only for a leaflet in one language.")
        if self.instance.pk:
            del self.fields["quantity"]


class ReceiveForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Pieces received"),
        min_value=1,
        max_value=100000,
        error_messages={"required": _("Enter how many pieces arrived (at least 1).")},
    )
    reason = forms.CharField(
        label=_("Note"), required=False, max_length=200, help_text=_("e.g. the delivery note")
    )


class CorrectForm(forms.Form):
    change = forms.IntegerField(
        label=pgettext_lazy("welcome desk", "Change"),
        min_value=-100000,
        max_value=100000,
        help_text=_("Negative for fewer, e.g. -3 when three were damaged."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": _("Say why the stock is corrected.")},
    )


# --------------------------------------------------------------------------- slots

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
]


class SlotPatternForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Slot.Kind.choices, widget=forms.RadioSelect, initial="pickup"
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[1, 3],
        error_messages={"required": _("Choose at least one weekday.")},
    )
    first_day = forms.DateField(label=_("From"), widget=DateInput())
    weeks = forms.IntegerField(label=_("For how many weeks"), min_value=1, max_value=26, initial=8)
    start = forms.TimeField(label=_("First appointment at"), widget=TimeInput(), initial="08:00")
    end = forms.TimeField(label=_("Office hours end at"), widget=TimeInput(), initial="18:00")
    minutes = forms.IntegerField(
        label=_("Minutes per appointment"), min_value=5, max_value=240, initial=20
    )
    capacity = forms.IntegerField(
        label=_("Families per appointment"), min_value=1, max_value=50, initial=1
    )
    place = forms.CharField(
        label=_("Place"), required=False, max_length=200, help_text=_("e.g. Rathaus, Raum 12")
    )
    note = forms.CharField(label=_("Note for the family"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_day"].initial = timezone.localdate() + dt.timedelta(days=1)

    def clean_first_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Appointments start today at the earliest."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start >= end:
            self.add_error("end", _("The office hours must end after the first appointment."))
        return data


class SlotChoiceForm(forms.Form):
    """The family's choice; the page draws the free slots as radio buttons by day, and
    the booking service decides whether the chosen one is (still) free."""

    slot = forms.IntegerField(
        label=_("Appointment"),
        min_value=1,
        error_messages={
            "required": _("Choose an appointment."),
            "invalid": _("Choose an appointment."),
        },
    )
