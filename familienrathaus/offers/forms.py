"""Forms of the offers app: the offer with its times, locations and files, the review,
the "Angabe veraltet?" notice and the coordinators' filter."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import translated_forms, uploads
from familienrathaus.core.models import District, Theme
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.offers.models import (
    Offer,
    OfferAttachment,
    OfferImage,
    OfferNotice,
    OfferTime,
)
from familienrathaus.partners.models import Organisation

TRANSLATED = ("title", "summary", "description", "cost_note", "times_note")


class OfferForm(TranslationsMixin, forms.ModelForm):
    """The offer's own fields. ``organisations``: whom the user may create offers for
    (only when creating; an offer never moves to another organisation here)."""

    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none(), required=False
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=Offer.Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "summary",
            "description",
            "themes",
            "audiences",
            "age_min",
            "age_max",
            "cost",
            "cost_note",
            "languages",
            "accessibility",
            "districts",
            "online_url",
            "phone",
            "email",
            "times_note",
            "valid_from",
            "valid_until",
            *translated_forms.names(Offer, TRANSLATED),
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "age_min": forms.NumberInput(attrs={"min": 0, "max": 120}),
            "age_max": forms.NumberInput(attrs={"min": 0, "max": 120}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "summary": _("One or two sentences: what is it, for whom? Shown in lists."),
            "description": _(
                "Formatting with Markdown: **bold**, *italic*, lists with “- ”, links as "
                "[text](https://…). Use “Show preview” to see how it looks."
            ),
            "themes": _("At least one."),
            "age_min": _("Leave empty if the offer is for every age."),
            "cost_note": _("E.g. “5 € per meeting, free with the Familienpass”."),
            "online_url": _("A website where the offer is described or booked."),
            "times_note": _("E.g. “not in the school holidays” or “by appointment”."),
            "valid_from": _("Leave empty if the offer runs permanently."),
        }
        field_classes = {"online_url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Offer)
        self.fields["themes"].queryset = Theme.objects.order_by("position", "name")  # type: ignore[attr-defined]
        self.fields["districts"].queryset = District.objects.order_by("position", "name")  # type: ignore[attr-defined]
        # Staff of one organisation are not asked which one.
        self.only_organisation = None
        if organisations is not None and organisations.count() == 1:
            self.only_organisation = organisations.get()
        if organisations is None or self.only_organisation is not None:
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            field.queryset = organisations  # type: ignore[attr-defined]
            field.required = True

    def chosen_organisation(self) -> Organisation:
        """The organisation a new offer belongs to (after ``is_valid()``)."""
        return self.only_organisation or self.cleaned_data["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("“Up to age” must not be lower than “from age”."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and start > end:
            self.add_error("valid_until", _("The end must not be before the start."))
        if data.get("cost") in {Offer.Cost.FEE, Offer.Cost.REDUCED} and not data.get("cost_note"):
            self.add_error("cost_note", _("Please say what it costs."))
        return data

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in self.Meta.fields:
            value = data.get(name)
            if name in {"themes", "audiences", "languages", "districts"}:
                value = sorted(item.pk for item in value or [])
            elif name in {"valid_from", "valid_until"}:
                value = value.isoformat() if value else None
            elif name == "accessibility":
                value = [key for key, _label in Offer.Accessibility.choices if key in (value or [])]
            elif value is None and name not in {"age_min", "age_max"}:
                value = ""
            values[name] = value
        return values


def initial_from_content(content: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in content.items() if key not in _ROW_KEYS}


_ROW_KEYS = {"times", "locations", "images", "attachments"}


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class TimeForm(forms.Form):
    """One regular time. Rows left empty are ignored; a row that is used needs all three."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "–"), *[(str(v), label) for v, label in OfferTime.Weekday.choices]],
        coerce=int,
        error_messages=_required(_("Please choose a weekday.")),
    )
    opens = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=_required(_("Please enter when it starts.")),
    )
    closes = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=_required(_("Please enter when it ends.")),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=150,
        required=False,
        help_text=_("E.g. “every 1st Tuesday of the month”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("The end must be after the start."))
        return data

    def row(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weekday": int(data["weekday"]),
            "opens": data["opens"].strftime("%H:%M"),
            "closes": data["closes"].strftime("%H:%M"),
            "note": data.get("note") or "",
        }


class LocationForm(forms.Form):
    """One place where the offer takes place. Rows left empty are ignored."""

    label = forms.CharField(
        label=_("Name of the place"),
        max_length=150,
        required=False,
        help_text=_("E.g. “Familienzentrum, 1st floor”."),
    )
    street = forms.CharField(
        label=_("Street and number"),
        max_length=150,
        error_messages=_required(_("Please enter the street.")),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        error_messages=_required(_("Please enter the postcode.")),
    )
    city = forms.CharField(
        label=_("Town"), max_length=100, error_messages=_required(_("Please enter the town."))
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("position", "name"), required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("For the map, e.g. 51.401234."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        help_text=_("E.g. 7.187654."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon and "latitude" not in self.errors and "longitude" not in self.errors:
            self.add_error(
                "longitude" if has_lat else "latitude",
                _("Please enter both coordinates, or neither."),
            )
        return data

    def row(self) -> dict[str, Any]:
        data = self.cleaned_data
        district = data.get("district")
        return {
            "label": data.get("label") or "",
            "street": data["street"],
            "postcode": data["postcode"],
            "city": data["city"],
            "district": district.pk if district else None,
            "latitude": _decimal_text(data.get("latitude")),
            "longitude": _decimal_text(data.get("longitude")),
        }


def _decimal_text(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class _UploadForm(forms.Form):
    """A stored file (from ``initial``) or a new upload, with its text. Stored files may
    be removed; their file field is not shown. Rows left empty are ignored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text_field = ""
    file_field = ""

    def __init__(self, *args: Any, existing: dict[int, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = existing or {}
        stored_id = self.initial.get("id")
        self.stored = existing.get(int(stored_id)) if stored_id else None
        if self.stored is not None:
            del self.fields[self.file_field]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Never trust the hidden id: the stored file comes from the initial data.
        data["id"] = self.stored.pk if self.stored is not None else None
        return data

    def row(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data or data.get("DELETE"):
            return None
        if self.stored is not None:
            return {"id": self.stored.pk, self.text_field: data[self.text_field]}
        if data.get(self.file_field):
            return {"upload": data[self.file_field], self.text_field: data[self.text_field]}
        return None


class ImageForm(_UploadForm):
    text_field = "alt_text"
    file_field = "image"

    image = forms.FileField(
        label=_("Picture"),
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        error_messages=_required(_("Please choose a picture, or leave the description empty.")),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
        error_messages=_required(_("Please describe the picture for people who cannot see it.")),
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload:
            return uploads.clean_image(upload, uploads.IMAGE_MAX_BYTES)
        return upload


class AttachmentForm(_UploadForm):
    text_field = "title"
    file_field = "file"

    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("At most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages=_required(_("Please choose a PDF file, or leave the title empty.")),
    )
    title = forms.CharField(
        label=_("Title of the document"),
        max_length=200,
        help_text=_("E.g. “Flyer” or “Registration form”."),
        error_messages=_required(_("Please give the document a title.")),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:  # parsed as a PDF, stored under our own "<slug>.pdf" name
            return uploads.clean_pdf(upload, uploads.PDF_MAX_BYTES)
        return upload


TimeFormSet = formset_factory(TimeForm, extra=2, can_delete=True, max_num=30, validate_max=True)
LocationFormSet = formset_factory(
    LocationForm, extra=1, can_delete=True, max_num=20, validate_max=True
)
ImageFormSet = formset_factory(ImageForm, extra=1, can_delete=True, max_num=10, validate_max=True)
AttachmentFormSet = formset_factory(
    AttachmentForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class OfferEditor:
    """The offer form with its four formsets, bound or not, as one unit for the view."""

    def __init__(
        self,
        *,
        content: dict[str, Any],
        offer: Offer | None = None,
        data: Any = None,
        files: Any = None,
        organisations: Any = None,
    ) -> None:
        images = {i.pk: i for i in OfferImage.objects.filter(offer=offer)} if offer else {}
        attachments = (
            {a.pk: a for a in OfferAttachment.objects.filter(offer=offer)} if offer else {}
        )
        self.form = OfferForm(
            data, initial=initial_from_content(content), organisations=organisations
        )
        self.times = TimeFormSet(data, initial=content.get("times") or [], prefix="times")
        self.locations = LocationFormSet(
            data, initial=content.get("locations") or [], prefix="locations"
        )
        self.images = ImageFormSet(
            data,
            files,
            initial=[row for row in content.get("images") or [] if row.get("id") in images],
            prefix="images",
            form_kwargs={"existing": images},
        )
        self.attachments = AttachmentFormSet(
            data,
            files,
            initial=[
                row for row in content.get("attachments") or [] if row.get("id") in attachments
            ],
            prefix="attachments",
            form_kwargs={"existing": attachments},
        )

    @property
    def parts(self) -> list[Any]:
        return [self.form, self.times, self.locations, self.images, self.attachments]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts])  # every part shows its errors

    def error_count(self) -> int:
        count = len(self.form.errors)
        for formset in self.parts[1:]:
            count += sum(len(errors) for errors in formset.errors) + len(formset.non_form_errors())
        return count

    def silence(self) -> None:
        """Show the typed values without error messages (for the preview)."""
        self.form._errors = ErrorDict()  # type: ignore[attr-defined]
        for formset in self.parts[1:]:
            formset._non_form_errors = formset.error_class()
            formset._errors = []
            for form in formset.forms:
                form._errors = ErrorDict()

    def content(self) -> dict[str, Any]:
        values = self.form.content()
        values["times"] = _rows(self.times)
        values["locations"] = _rows(self.locations)
        values["images"] = [row for form in self.images.forms if (row := form.row())]
        values["attachments"] = [row for form in self.attachments.forms if (row := form.row())]
        return values


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [
        form.row()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class NoticeForm(forms.ModelForm):
    # A field people do not see; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = OfferNotice
        fields = ["message", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def clean_message(self) -> str:
        message = (self.cleaned_data.get("message") or "").strip()
        if not message:
            raise ValidationError(_("Please tell us what is out of date."))
        return message


class OfferFilterForm(forms.Form):
    text = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.order_by("name"), required=False
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.order_by("position", "name"), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("position", "name"),
        required=False,
    )
    stale = forms.BooleanField(label=_("Only stale offers"), required=False)
    waiting = forms.BooleanField(label=_("Only offers waiting for review"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *Offer.Status.choices]  # type: ignore[attr-defined]
        for name in ("organisation", "theme", "district"):
            self.fields[name].empty_label = _("all")  # type: ignore[attr-defined]
