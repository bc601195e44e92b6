"""Forms of the minutes: the editor (all sections at once), comments, addenda, the
decision log's filter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.network.models import Addendum, MinutesComment, MinutesSection
from familienrathaus.network.selectors.minutes import fingerprint

_BODY_LIMIT = MinutesSection._meta.get_field("body").max_length
_HEADING_LIMIT = MinutesSection._meta.get_field("heading").max_length


class MinutesForm(forms.Form):
    """Every section's heading and text, and the version the editor opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    new_heading = forms.CharField(
        label=_("Heading of the new section"),
        required=False,
        max_length=_HEADING_LIMIT,
        help_text=_(
            "For example “Verschiedenes” or “Termine”. Your text is saved first, then "
            "the section is added at the end."
        ),
    )

    def __init__(self, *args: Any, sections: Sequence[MinutesSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            # What the section was when the editor opened it, to tell on a conflict
            # whose change is whose (see views_minutes._conflict).
            self.fields[f"base-{section.pk}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=fingerprint(section)
            )
            self.fields[f"heading-{section.pk}"] = forms.CharField(
                label=_("Heading"), max_length=_HEADING_LIMIT, initial=section.heading
            )
            self.fields[f"body-{section.pk}"] = forms.CharField(
                label=_("Text"),
                required=False,
                max_length=_BODY_LIMIT,
                strip=False,
                initial=section.body,
                widget=forms.Textarea(attrs={"rows": 12, "class": "frh-minutes__text"}),
            )

    def rows(self) -> Iterator[tuple[MinutesSection, forms.BoundField, forms.BoundField]]:
        for section in self.sections:
            yield section, self[f"heading-{section.pk}"], self[f"body-{section.pk}"]

    def bases(self) -> dict[int, str]:
        return {s.pk: str(self.data.get(f"base-{s.pk}", "")) for s in self.sections}

    def typed(self) -> dict[int, tuple[str, str]]:
        """What the editor sent, as typed (also when the form is invalid)."""
        found = {}
        for section in self.sections:
            heading = self.data.get(f"heading-{section.pk}", section.heading)
            body = self.data.get(f"body-{section.pk}", section.body).replace("\r\n", "\n")
            found[section.pk] = (str(heading).strip(), body)
        return found

    def cleaned_sections(self) -> dict[int, tuple[str, str]]:
        return {
            section.pk: (
                self.cleaned_data[f"heading-{section.pk}"],
                self.cleaned_data[f"body-{section.pk}"].replace("\r\n", "\n"),
            )
            for section in self.sections
        }


class CommentForm(forms.ModelForm):
    section = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MinutesComment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AddendumForm(forms.ModelForm):
    class Meta:
        model = Addendum
        fields = ["text"]
        labels = {"text": _("Correction or addition")}
        help_texts = {
            "text": _(
                "The approved minutes stay as they are; the addendum is shown below them "
                "with your name and the date, also in the PDF."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("All years")), *((y, str(y)) for y in years)]
