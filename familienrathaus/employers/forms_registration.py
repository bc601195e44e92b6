"""Forms of the employers' own pages: registration, details, team, applying."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits, uploads
from familienrathaus.employers.models import Employer, EmployerMember

MAX_LOGO_BYTES = 2 * 1024 * 1024


class EmployerForm(forms.ModelForm):
    """The employer's details; the logo is decoded and stored under a new name."""

    class Meta:
        model = Employer
        fields = [
            "name",
            "size",
            "sector",
            "street",
            "postcode",
            "city",
            "website",
            "email",
            "phone",
            "logo",
            "logo_alt",
            "public_text",
        ]
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}
        widgets = {
            "public_text": forms.Textarea(attrs={"rows": 4}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("For the coordination office's questions.")
        self.fields["name"].label = _("name of the employer")
        cast(forms.ChoiceField, self.fields["size"]).choices = [
            ("", _("Please choose")),
            *Employer.Size.choices,
        ]
        cast(forms.ChoiceField, self.fields["sector"]).choices = [
            ("", _("Please choose")),
            *Employer.Sector.choices,
        ]

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and logo != self.initial.get("logo"):  # a new upload: checked, renamed
            return uploads.clean_image(logo, MAX_LOGO_BYTES)
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("logo") and not data.get("logo_alt"):
            self.add_error("logo_alt", _("Please describe the logo for people who cannot see it."))
        return data


class RegistrationForm(EmployerForm):
    """Registration: the employer's details and the person registering."""

    member_name = forms.CharField(label=_("your name"), max_length=150)
    position = forms.CharField(
        label=_("your position"),
        max_length=150,
        required=False,
        help_text=_("E.g. head of human resources."),
    )
    consent = forms.BooleanField(
        label=_(
            "I may register this employer and agree that the coordination office stores "
            "these details for the programme."
        )
    )

    PERSON_FIELDS = ("member_name", "position", "consent")

    class Meta(EmployerForm.Meta):
        fields = [
            f for f in EmployerForm.Meta.fields if f not in ("logo", "logo_alt", "public_text")
        ]

    def employer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.PERSON_FIELDS]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))
    name = forms.CharField(label=_("name"), max_length=150)
    position = forms.CharField(label=_("job title"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("role"),
        choices=EmployerMember.Role.choices,
        initial=EmployerMember.Role.ASSESSOR,
        help_text=_("Contact persons also manage the team and the employer's details."),
    )


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("anything the coordination office should know"),
        max_length=limits.TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
