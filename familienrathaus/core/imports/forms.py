"""The upload form and the template download of an import (``core.imports``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core.imports.reading import MAX_BYTES, too_big_message
from familienrathaus.core.imports.specs import ImportSpec

# --------------------------------------------------------------------------- forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (as German Excel saves it, separated by semicolons or commas) or an Excel "
            "workbook (.xlsx); the first row names the columns."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _(
                    "This is a file in the old Excel format (.xls). Please save it as an "
                    "Excel workbook (.xlsx) or as CSV and upload it again."
                )
            )
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(
                _("Please upload a CSV file (.csv) or an Excel workbook (.xlsx).")
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload


def upload_form_class(spec: ImportSpec) -> type[UploadForm]:
    """The upload form with the spec's own options (e.g. the status of new offers)."""
    if spec.options_form is None:
        return UploadForm
    return type(f"{spec.resource.title()}UploadForm", (UploadForm, spec.options_form), {})


def options_from(spec: ImportSpec, cleaned_data: dict[str, Any]) -> dict[str, Any]:
    if spec.options_form is None:
        return {}
    return {name: cleaned_data.get(name) for name in spec.options_form.base_fields}


# --------------------------------------------------------------------------- downloads


def template_table(spec: ImportSpec) -> tuple[list[str], list[list[str]]]:
    """Header and example row of the template file a coordinator fills in."""
    example = spec.example_row()
    return [str(column.label) for column in spec.columns], [
        [example.get(column.key, "") for column in spec.columns]
    ]
