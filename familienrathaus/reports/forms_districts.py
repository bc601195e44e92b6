"""Forms of the districts' back office: the district (kind, reform year, note, centre),
its outline (drawn on the map or GeoJSON typed in), the figures of one year, and the
upload of a GeoJSON file with outlines."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.reports import geo
from familienrathaus.reports.models import BAND_KEYS, DistrictArea, DistrictPopulation, band_field
from familienrathaus.reports.services.districts import check_figures

MAX_GEOJSON_BYTES = 10 * 1024 * 1024
MAX_OUTLINE_CHARS = 2_000_000


class AreaForm(forms.ModelForm):
    class Meta:
        model = DistrictArea
        fields = ["kind", "joined_year", "note", "centre_latitude", "centre_longitude"]
        help_texts = {
            "joined_year": _("For Ortsteile that joined the town in a municipal reform."),
        }
        labels = {"centre_latitude": _("Latitude"), "centre_longitude": _("Longitude")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joined_year"].widget.attrs.update({"inputmode": "numeric", "min": 1800})
        for name in ("centre_latitude", "centre_longitude"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].localize = False

    def clean_joined_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("joined_year")
        if year is not None and not 1800 <= year <= timezone.localdate().year + 1:
            raise ValidationError(_("Please enter a year such as 2024."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("centre_latitude"), data.get("centre_longitude")
        if (lat is None) != (lon is None) and not self.errors:
            self.add_error(
                "centre_longitude" if lon is None else "centre_latitude",
                _("Please enter both latitude and longitude of the centre, or neither."),
            )
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("centre_latitude", _("A latitude lies between −90 and 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("centre_longitude", _("A longitude lies between −180 and 180."))
        return data


class OutlineForm(forms.Form):
    """The outline as GeoJSON text: written by the drawing script, or pasted by hand."""

    outline = forms.CharField(
        label=_("Outline as GeoJSON"),
        required=False,
        max_length=MAX_OUTLINE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "A Polygon or MultiPolygon in WGS84 coordinates [longitude, latitude], "
            "e.g. copied from the town's open data. Empty removes the outline."
        ),
    )

    def clean_outline(self) -> dict[str, Any] | None:
        text = self.cleaned_data["outline"].strip()
        if not text:
            return None
        try:
            return geo.parse_geometry(json.loads(text))
        except json.JSONDecodeError:
            raise ValidationError(
                _("This is not valid GeoJSON (the text cannot be read as JSON).")
            ) from None
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PopulationForm(forms.ModelForm):
    """The figures of one year; the year itself only when a new year is added."""

    class Meta:
        model = DistrictPopulation
        fields = ["year", "residents", *[band_field(k) for k in BAND_KEYS], "source"]
        help_texts = {"source": _("E.g. “Einwohnermeldeamt, 31.12.2025”.")}

    def __init__(self, *args: Any, district: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = district
        for name, field in self.fields.items():
            if name != "source":
                field.widget.attrs.update({"inputmode": "numeric", "min": 0})
        self.fields["year"].widget.attrs["min"] = 1900
        if self.instance.pk:
            del self.fields["year"]

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 1900 <= year <= timezone.localdate().year + 1:
            raise ValidationError(_("Please enter a year such as 2025."))
        exists = DistrictPopulation.objects.filter(district=self.district, year=year)
        if exists.exists():
            raise ValidationError(
                _("There are figures for %(year)s already; please change them there.")
                % {"year": year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_figures(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return data

    def validate_unique(self) -> None:
        """The year is checked in :meth:`clean_year`; the district is set by the view."""


class OutlineFileForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "A FeatureCollection with one area per district (.geojson or .json, WGS84), "
            "e.g. from the town's open data portal. At most 10 MB."
        ),
    )

    def clean_file(self) -> list[tuple[dict[str, Any], Any]]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GEOJSON_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValidationError(
                _("The file is not GeoJSON: it cannot be read as JSON text (UTF-8).")
            ) from None
        try:
            features = geo.features_of(data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not features:
            raise ValidationError(_("The file contains no areas."))
        return features


def property_form(choices: list[str], initial: str) -> forms.Form:
    """The choice of the property that holds each area's district name."""

    class PropertyForm(forms.Form):
        eigenschaft = forms.ChoiceField(
            label=_("Property holding the district's name"),
            choices=[(c, c) for c in choices],
            initial=initial,
        )

    return PropertyForm(initial={"eigenschaft": initial})
