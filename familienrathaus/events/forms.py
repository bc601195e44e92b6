from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits, translated_forms, uploads
from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.core.widgets import DateInput, TimeInput
from familienrathaus.events.models import Event, EventStatus, Occurrence, Registration
from familienrathaus.events.recurrence import BERLIN
from familienrathaus.events.services.content import TRANSLATED
from familienrathaus.partners.models import Organisation


class FilterForm(forms.Form):
    von = forms.DateField(label=_("From"), required=False, widget=DateInput())
    bis = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    zielgruppe = forms.ChoiceField(label=_("Audience"), required=False)
    stadtteil = forms.ChoiceField(label=_("District"), required=False)
    kostenlos = forms.BooleanField(label=_("Free of charge"), required=False)
    online = forms.BooleanField(label=_("Online participation possible"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, Any]] = [("", _("All"))]
        for name, model in (("thema", Theme), ("zielgruppe", Audience), ("stadtteil", District)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + [(o.slug, o.name) for o in model.objects.all()]

    def clean_kostenlos(self) -> str:
        return "1" if self.cleaned_data.get("kostenlos") else ""

    def clean_online(self) -> str:
        return "1" if self.cleaned_data.get("online") else ""


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("For the confirmation, the reminder and the link to cancel."),
    )
    adults = forms.IntegerField(label=_("Number of adults"), min_value=0, max_value=20, initial=1)
    children = forms.IntegerField(
        label=_("Number of children"), min_value=0, max_value=20, initial=0
    )
    message = forms.CharField(
        label=_("Message to the organiser"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. if you need sign-language interpreting."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("adults") or 0) + (data.get("children") or 0) < 1:
            raise ValidationError(_("Please register at least one person."))
        return data


def _combine(day: date, at: time | None) -> datetime:
    return datetime.combine(day, at or time.min).replace(tzinfo=BERLIN)


def _sane_dates(form: forms.BaseForm, data: dict[str, Any], *fields: str) -> bool:
    """Refuse days before 2000 or after 2099 next to their field (``core.limits``)."""
    sane = True
    for field in fields:
        try:
            limits.validate_date(data.get(field))
        except ValidationError as error:
            form.add_error(field, error)
            sane = False
    return sane


class EventForm(TranslationsMixin, forms.ModelForm):
    """Dates and times are entered separately (local time, Europe/Berlin)."""

    start_date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begins at"), required=False, widget=TimeInput())
    end_date = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for events over several days."),
    )
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput())
    image_file = forms.ImageField(label=_("Image"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), required=False
    )
    online_url = forms.URLField(
        label=_("online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For hybrid or online events."),
    )

    class Meta:
        model = Event
        fields = [
            "organisation",
            "title",
            "summary",
            "description",
            "all_day",
            "frequency",
            "interval",
            "week_of_month",
            "repeat_until",
            "repeat_count",
            "pause_from",
            "pause_until",
            "venue_name",
            "room",
            "street",
            "postcode",
            "city",
            "district",
            "latitude",
            "longitude",
            "online_for_registered_only",
            "themes",
            "audiences",
            "languages",
            "age_min",
            "age_max",
            "cost",
            "price",
            "cost_note",
            "accessibility",
            "image_alt",
            "featured",
            "event_status",
            "registration_required",
            "capacity",
            "waiting_list",
            "registration_closes_hours",
            *translated_forms.names(Event, TRANSLATED),
        ]
        widgets = {
            "repeat_until": DateInput(),
            "pause_from": DateInput(),
            "pause_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, organisations: list[Organisation], coordinator: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Event)
        self.coordinator = coordinator
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        field.required = not coordinator
        if coordinator:
            field.empty_label = _("— the alliance itself (Familienbüro) —")  # type: ignore[attr-defined]
        elif len(organisations) == 1:
            field.initial = organisations[0].pk
        if not coordinator:
            del self.fields["featured"]
        instance = self.instance
        if instance.pk:
            start = timezone.localtime(instance.start)
            end = timezone.localtime(instance.end)
            self.initial.update(
                {
                    "start_date": start.date(),
                    "start_time": None if instance.all_day else start.time(),
                    "end_date": end.date() if end.date() != start.date() else None,
                    "end_time": None if instance.all_day else end.time(),
                    "online_url": instance.online_url,
                }
            )

    def clean_image_file(self) -> Any:
        upload = self.cleaned_data.get("image_file")
        if upload:
            return uploads.clean_image(upload)
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("start_date")
        if not day or not _sane_dates(self, data, "start_date", "end_date"):
            return data
        last = data.get("end_date") or day
        if data.get("all_day"):
            start = _combine(day, time.min)
            end = _combine(last, time(23, 59))
        else:
            if not data.get("start_time"):
                self.add_error("start_time", _("Please give the time, or tick “all day”."))
                return data
            start = _combine(day, data["start_time"])
            end = _combine(last, data.get("end_time") or data["start_time"])
        if end < start:
            self.add_error("end_time", _("The end must not be before the start."))
        data["start"], data["end"] = start, end
        if data.get("image_file") and not data.get("image_alt"):
            self.add_error(
                "image_alt", _("Please describe the image for people who cannot see it.")
            )
        if data.get("frequency") == Event.Frequency.MONTHLY and not data.get("week_of_month"):
            self.add_error("week_of_month", _("Please choose which week of the month."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields if name in data}
        values.pop("organisation", None)
        values.pop("image_alt", None)
        values["online_url"] = data.get("online_url") or ""
        values["start"], values["end"] = data["start"], data["end"]
        for name in ("themes", "audiences", "languages"):
            values[name] = [obj.pk for obj in data.get(name) or []]
        return values


class OccurrenceForm(forms.ModelForm):
    start_date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begins at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())

    class Meta:
        model = Occurrence
        fields = ["date_status", "title_override", "note", "capacity"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = timezone.localtime(self.instance.start)
        end = timezone.localtime(self.instance.end)
        self.initial.update(
            {"start_date": start.date(), "start_time": start.time(), "end_time": end.time()}
        )
        field = self.fields["date_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = EventStatus.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not _sane_dates(self, data, "start_date"):
            return data
        if data.get("start_date") and data.get("start_time") and data.get("end_time"):
            data["start"] = _combine(data["start_date"], data["start_time"])
            data["end"] = _combine(data["start_date"], data["end_time"])
            if data["end"] < data["start"]:
                self.add_error("end_time", _("The end must not be before the start."))
        return data


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), required=False
    )
    url = forms.URLField(
        label=_("Address of the calendar (iCal)"), required=False, assume_scheme="https"
    )
    file = forms.FileField(label=_("or an iCal file (.ics)"), required=False)
    nightly = forms.BooleanField(
        label=_("Import again every night"),
        required=False,
        help_text=_("Only for an address: changes and cancellations are carried over."),
    )

    def __init__(
        self, *args: Any, organisations: list[Organisation], coordinator: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        field.required = not coordinator
        if not coordinator and len(organisations) == 1:
            field.initial = organisations[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("file"):
            raise ValidationError(_("Please give an address or choose a file."))
        upload = data.get("file")
        if upload is not None and upload.size > 2 * 1024 * 1024:
            self.add_error("file", _("The calendar is larger than 2 MB."))
        if data.get("nightly") and not data.get("url"):
            self.add_error(
                "nightly", _("Only a calendar at an address can be imported every night.")
            )
        return data


class ParticipantStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Registration.Status.choices)
