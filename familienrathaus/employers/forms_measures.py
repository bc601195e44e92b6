"""Forms of the measures plan and the annual check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT, validate_date
from familienrathaus.core.widgets import DateInput
from familienrathaus.employers.forms_assessment import ACCEPT, FILE_HELP, clean_evidence
from familienrathaus.employers.models import FieldOfAction, Measure, Participation
from familienrathaus.employers.services.measures import MeasureInput


class MeasureForm(forms.Form):
    title = forms.CharField(
        label=_("Measure"),
        max_length=200,
        error_messages={"required": _("Please name the measure.")},
    )
    description = forms.CharField(
        label=_("What exactly is planned?"),
        max_length=TEXT_SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )
    owner = forms.CharField(
        label=_("Responsible"),
        max_length=150,
        required=False,
        help_text=_("A person or a department, e.g. “Human resources, Ms Beispiel”."),
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    evidence_text = forms.CharField(
        label=_("Evidence"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows that the measure is in place, e.g. the agreement's name."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=FILE_HELP,
    )
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    def __init__(
        self,
        *args: Any,
        participation: Participation,
        measure: Measure | None = None,
        **kwargs: Any,
    ) -> None:
        if measure is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": measure.title,
                "description": measure.description,
                "field": measure.field_id,
                "owner": measure.owner,
                "due_on": measure.due_on,
                "status": measure.status,
                "evidence_text": measure.evidence_text,
            }
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(  # type: ignore[attr-defined]
            catalogue_id=participation.round.catalogue_id
        ).order_by("position")
        self.measure = measure
        self.evidence: ContentFile | None = None
        if measure is None or not measure.evidence_file:
            del self.fields["remove_file"]

    def clean_due_on(self) -> Any:
        value = self.cleaned_data.get("due_on")
        if value is not None:
            validate_date(value)
        return value

    def clean_evidence_file(self) -> Any:
        self.evidence = clean_evidence(self.cleaned_data.get("evidence_file"))
        return self.cleaned_data.get("evidence_file")

    def to_input(self) -> MeasureInput:
        data = self.cleaned_data
        return MeasureInput(
            title=data["title"],
            description=data.get("description", ""),
            field=data.get("field"),
            owner=data.get("owner", ""),
            due_on=data.get("due_on"),
            status=data["status"],
            evidence_text=data.get("evidence_text", ""),
            evidence_file=self.evidence,
            remove_file=bool(data.get("remove_file")),
        )

    @property
    def file_lost(self) -> bool:
        return self.is_bound and bool(self.files.get("evidence_file")) and bool(self.errors)


class StatusForm(forms.Form):
    """The annual check's quick update of one measure."""

    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"m{measure.pk}")
        kwargs.setdefault("initial", {"status": measure.status})
        super().__init__(*args, **kwargs)
        self.measure = measure


class AnnualCheckForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes on the check"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
