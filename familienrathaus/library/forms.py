from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_SHORT


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title in the library"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the template is for and what others should adapt."),
    )
