from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models import Audience, Theme
from familienrathaus.guide.models import GuideBuild


class BuildForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What to print"), choices=GuideBuild.Scope.choices, initial=GuideBuild.Scope.ALL
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label="–",
        help_text=_("Only for “one theme”."),
    )
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.all(),
        required=False,
        empty_label="–",
        help_text=_("Only for “one audience”, e.g. Frühe Hilfen."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope == GuideBuild.Scope.THEME and not data.get("theme"):
            self.add_error("theme", _("Choose the theme to print."))
        if scope == GuideBuild.Scope.AUDIENCE and not data.get("audience"):
            self.add_error("audience", _("Choose the audience to print."))
        return data
