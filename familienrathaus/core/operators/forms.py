from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import Alliance
from familienrathaus.core.operators.services import OPERATOR_FIELDS


class AllianceCreateForm(forms.ModelForm[Alliance]):
    coordinator_email = forms.EmailField(
        label=_("E-mail address of the first coordinator"),
        help_text=_("The person gets a mail with a link to set a password."),
    )

    class Meta:
        model = Alliance
        fields = ["slug", "name", "domain"]


class AllianceOperatorForm(forms.ModelForm[Alliance]):
    class Meta:
        model = Alliance
        fields = OPERATOR_FIELDS


class DeleteConfirmForm(forms.Form):
    slug = forms.CharField(label=_("Short name of the alliance"))

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["slug"].help_text = _("Type %(slug)s to confirm.") % {"slug": alliance.slug}

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).strip()
        if slug != self.alliance.slug:
            raise forms.ValidationError(_("Please type the short name exactly as shown."))
        return slug
