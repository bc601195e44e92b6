"""Forms of the evaluation (talks, recommendation, decision), of the revocation, of the
public verification and of the public list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits
from familienrathaus.core.widgets import DateInput
from familienrathaus.employers.models import Employer, Evaluation, MeasureTemplate, Talk
from familienrathaus.employers.selectors import certificates as certificate_selectors


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["kind", "held_on", "participants", "notes"]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "participants": _("Who took part, e.g. 'Managing director, works council, jury'."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Please choose")), *Talk.Kind.choices]  # type: ignore[attr-defined]
        self.fields["held_on"].initial = certificate_selectors.today()

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        limits.validate_date(held_on)
        if held_on > certificate_selectors.today():
            raise forms.ValidationError(_("Record talks once they have been held."))
        return held_on


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["recommendation"]
        widgets = {"recommendation": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "recommendation": _("What the jury recommends, and why. The employer does not see it.")
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Evaluation.Decision.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=limits.TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The employer reads them. Required for 'not yet': say what is missing."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == Evaluation.Decision.NOT_YET
            and not data.get("reasons", "").strip()
        ):
            self.add_error(
                "reasons", _("Please give the reasons, so that the employer knows what is missing.")
            )
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revocation"),
        max_length=limits.TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the audit log and sent to the employer's team."),
    )


class VerifyForm(forms.Form):
    nummer = forms.CharField(
        label=_("Certificate number"),
        max_length=30,
        help_text=_("As printed on the certificate, e.g. %(example)s.")
        % {"example": certificate_selectors.EXAMPLE_NUMBER},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_nummer(self) -> str:
        number = certificate_selectors.normalise_number(self.cleaned_data["nummer"])
        if number is None:
            raise forms.ValidationError(
                _("This is not a certificate number. A number looks like %(example)s."),
                params={"example": certificate_selectors.EXAMPLE_NUMBER},
            )
        return number


class PublicFilterForm(forms.Form):
    branche = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Employer.Sector.choices],
    )
    groesse = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *Employer.Size.choices]
    )
    massnahme = forms.ModelChoiceField(
        label=_("Measure"),
        required=False,
        queryset=MeasureTemplate.objects.none(),
        empty_label=_("All measures"),
    )

    def __init__(self, *args: Any, measures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["massnahme"].queryset = measures  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The valid filters; a filter with a wrong value is left out (and marked)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "sector": data.get("branche") or "",
            "size": data.get("groesse") or "",
            "measure": data.get("massnahme"),
        }
