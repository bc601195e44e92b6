from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits, translated_forms, uploads
from familienrathaus.core.models import District
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.places import hours, services
from familienrathaus.places.models import Amenity, Notinsel, Place, PlaceKind

HOURS_HINT = _("For example: Mo–Fr 9–18, Sa 9–13. Several times a day: Mo–Fr 8–12 14–18.")
COORDINATE_HINT = _(
    "Click the map below to set the pin, or type the coordinates (WGS 84, e.g. 51.40015)."
)


def _hours_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Opening hours"), max_length=300, required=required, help_text=HOURS_HINT
    )


def _clean_hours(value: str) -> str:
    if not value:
        return value
    try:
        hours.parse(value)
    except hours.HoursError as error:
        raise forms.ValidationError(str(error)) from error
    return value


class FilterForm(forms.Form):
    art = forms.ModelChoiceField(
        label=_("Kind of place"),
        queryset=PlaceKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All kinds"),
    )
    ortsteil = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )
    offen = forms.BooleanField(label=_("Open now"), required=False)


class NotinselApplicationForm(forms.ModelForm):
    opening_hours = _hours_field()
    rules = forms.BooleanField(
        label=_("I have read the Notinsel rules and agree to them."),
        required=True,
        error_messages={"required": _("Please agree to the Notinsel rules.")},
    )
    # A honeypot: hidden from people (CSS), filled in by robots that fill in everything.
    homepage = forms.CharField(
        label=_("Please leave this field empty"), required=False, max_length=200
    )

    class Meta:
        model = Notinsel
        fields = [
            "business_name",
            "street",
            "postcode",
            "city",
            "district",
            "opening_hours",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def clean_opening_hours(self) -> str:
        return _clean_hours(self.cleaned_data.get("opening_hours", ""))


class CoordinatesMixin:
    """Latitude and longitude as plain text inputs (a comma is accepted as decimal point)."""

    cleaned_data: dict[str, Any]

    def _coordinate(self, name: str, limit: int) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        if not -limit <= value <= limit:
            raise forms.ValidationError(
                _("Please give a value between -%(l)s and %(l)s.") % {"l": limit}
            )
        return Decimal(value).quantize(Decimal("0.000001"))

    def clean_latitude(self) -> Decimal | None:
        return self._coordinate("latitude", 90)

    def clean_longitude(self) -> Decimal | None:
        return self._coordinate("longitude", 180)


class NotinselEditForm(CoordinatesMixin, forms.ModelForm):
    opening_hours = _hours_field()

    class Meta:
        model = Notinsel
        fields = [*services.NOTINSEL_FIELDS, "note"]
        help_texts = {"latitude": COORDINATE_HINT}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_opening_hours(self) -> str:
        return _clean_hours(self.cleaned_data.get("opening_hours", ""))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, notinsel: Notinsel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = services.TRANSITIONS.get(notinsel.status, ())
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, Notinsel.Status(value).label) for value in allowed]


class CheckForm(forms.Form):
    CONTINUE, END = "continue", "end"
    business_name = forms.CharField(label=_("Name of the business"), max_length=200)
    street = forms.CharField(label=_("Street and number"), max_length=150)
    opening_hours = _hours_field()
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (CONTINUE, _("We remain a Notinsel (the details above are correct).")),
            (END, _("We no longer take part.")),
        ],
        widget=forms.RadioSelect,
        initial=CONTINUE,
    )

    def clean_opening_hours(self) -> str:
        return _clean_hours(self.cleaned_data.get("opening_hours", ""))


class PlaceForm(TranslationsMixin, CoordinatesMixin, forms.ModelForm):
    kinds = forms.ModelMultipleChoiceField(
        label=_("Kinds"),
        queryset=PlaceKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    amenities = forms.MultipleChoiceField(
        label=_("Amenities"),
        choices=Amenity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opening_hours = _hours_field(required=False)

    class Meta:
        model = Place
        fields = [
            "name",
            "description",
            "street",
            "postcode",
            "city",
            "district",
            "latitude",
            "longitude",
            "accessibility",
            "phone",
            "email",
            "website",
            "organisation",
            "photo",
            "photo_alt",
            "hours_note",
            "closed_on_public_holidays",
            "is_published",
            *translated_forms.names(Place, ("name", "description", "accessibility", "hours_note")),
        ]
        help_texts = {"latitude": COORDINATE_HINT}
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Place)
        place: Place | None = self.instance if self.instance.pk else None
        if place is not None:
            self.fields["kinds"].initial = list(place.kinds.all())
            self.fields["amenities"].initial = list(place.amenities)
            self.fields["opening_hours"].initial = hours.format_intervals(
                hours.Interval(h.weekday, h.opens, h.closes) for h in place.hours.all()
            )

    def clean_opening_hours(self) -> str:
        return _clean_hours(self.cleaned_data.get("opening_hours", ""))

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo != self.initial.get("photo"):
            return uploads.clean_image(photo, uploads.IMAGE_MAX_BYTES)
        return photo

    def intervals(self) -> list[hours.Interval]:
        text = self.cleaned_data.get("opening_hours") or ""
        return hours.parse(text) if text else []

    def place_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["amenities"] = list(self.cleaned_data.get("amenities") or [])
        return data


class ExceptionForm(forms.Form):
    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[limits.validate_date],
    )
    ends_on = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[limits.validate_date],
    )
    opens = forms.TimeField(
        label=_("Opens"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: closed."),
    )
    closes = forms.TimeField(
        label=_("Closes"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end lies before the start."))
        if (data.get("opens") is None) != (data.get("closes") is None):
            self.add_error("closes", _("Give both times for other hours, or neither for closed."))
        return data


ExceptionFormSet = forms.formset_factory(ExceptionForm, extra=2, can_delete=True)


class KindForm(TranslationsMixin, forms.ModelForm):
    class Meta:
        model = PlaceKind
        fields = [
            "name",
            "slug",
            "icon",
            "description",
            "position",
            *translated_forms.names(PlaceKind, ("name",)),
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(PlaceKind)


class BackofficeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    art = FilterForm.base_fields["art"]
    ortsteil = FilterForm.base_fields["ortsteil"]
