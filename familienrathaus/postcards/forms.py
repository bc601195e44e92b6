from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import tenancy
from familienrathaus.postcards.models import Postcard


class PostcardForm(forms.ModelForm):
    """Headline, text and the page the QR code leads to.

    A full address of this site (as copied from the browser) is accepted and reduced
    to its path; the model's validator refuses everything that is not a local page.
    """

    class Meta:
        model = Postcard
        fields = ["target_path", "headline", "text", "orientation"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 400}),
        }

    def __init__(self, *args: Any, own_origins: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_origins = [tenancy.site_url(), *(own_origins or [])]

    def clean_target_path(self) -> str:
        value: str = self.cleaned_data["target_path"].strip()
        for origin in self.own_origins:
            origin = origin.rstrip("/")
            if origin and value.lower().startswith(origin.lower() + "/"):
                return value[len(origin) :]
        if "://" in value.split("?", 1)[0] or value.startswith("//"):
            raise forms.ValidationError(
                _("Only pages of this site can be used, not addresses of other websites."),
                code="other_site",
            )
        return value
