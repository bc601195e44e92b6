"""The coordinator's settings of the welcome (eligibility rules, consent text, Kita
office, retention, follow-up ages, office hours)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import translated_forms
from familienrathaus.core.models import User
from familienrathaus.welcome.models import WelcomeSettings

_POSTCODE = re.compile(r"^[0-9A-Za-z-]{3,10}$")


class SettingsForm(translated_forms.TranslationsMixin, forms.ModelForm):
    GROUPS: list[tuple[Any, list[str]]] = [
        (_("Public page"), ["intro", "town_name", "office_hours"]),
        (_("Who can register"), ["postcodes", "age_limit_months", "moved_in_months"]),
        (_("Welcome grant"), ["grant_enabled", "grant_amount", "proof_required"]),
        (_("Consent"), ["consent_text"]),
        (
            _("Kita"),
            [
                "kita_deadline_months",
                "kita_registration_url",
                "kita_office_email",
                "kita_office_accounts",
            ],
        ),
        (
            _("Follow-up mails and data protection"),
            ["followup_ages", "retention_months", "payment_retention_years"],
        ),
    ]

    kita_office_accounts = forms.CharField(
        label=_("Accounts of the Kita office"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E-mail addresses of existing accounts, one per line. They see the list of Kita "
            "interests and its export, nothing else."
        ),
    )

    kita_registration_url = forms.URLField(
        label=_("the town's Kita portal"), required=False, assume_scheme="https"
    )

    class Meta:
        model = WelcomeSettings
        fields = [
            "intro",
            "town_name",
            "office_hours",
            "postcodes",
            "age_limit_months",
            "moved_in_months",
            "grant_enabled",
            "grant_amount",
            "proof_required",
            "consent_text",
            "kita_deadline_months",
            "kita_registration_url",
            "kita_office_email",
            "followup_ages",
            "retention_months",
            "payment_retention_years",
            *translated_forms.names(WelcomeSettings, ("intro", "office_hours")),
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "office_hours": forms.Textarea(attrs={"rows": 2}),
            "consent_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(WelcomeSettings)
        # "100,00" as a German coordinator types and reads it (the holiday payments do too)
        self.fields["grant_amount"].localize = True
        self.fields["grant_amount"].widget.is_localized = True
        if self.instance.pk and not self.is_bound:
            self.initial["kita_office_accounts"] = "\n".join(
                self.instance.kita_office_users.order_by("email").values_list("email", flat=True)
            )
        self.fields["consent_text"].help_text = _(
            "Changing the text starts a new version (now: %(version)s); every registration "
            "keeps the version its family agreed to."
        ) % {"version": self.instance.consent_version}

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_postcodes(self) -> str:
        value = str(self.cleaned_data.get("postcodes") or "")
        parts = [p.strip() for p in re.split(r"[,;\s]+", value) if p.strip()]
        wrong = [p for p in parts if not _POSTCODE.match(p)]
        if wrong:
            raise forms.ValidationError(
                _("These are not postcodes: %(wrong)s. Separate postcodes by commas."),
                params={"wrong": ", ".join(wrong)},
            )
        return ", ".join(dict.fromkeys(parts))

    def clean_followup_ages(self) -> str:
        value = str(self.cleaned_data.get("followup_ages") or "")
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if any(not p.isdigit() or not 0 < int(p) <= 72 for p in parts):
            raise forms.ValidationError(
                _("Please give ages in months from 1 to 72, separated by commas, e.g. 3,12,36.")
            )
        return ",".join(str(a) for a in sorted({int(p) for p in parts}))

    def clean_age_limit_months(self) -> int:
        value = int(self.cleaned_data["age_limit_months"])
        if not 1 <= value <= 72:
            raise forms.ValidationError(_("Please give a number of months from 1 to 72."))
        return value

    def clean_retention_months(self) -> int:
        value = int(self.cleaned_data["retention_months"])
        if not 1 <= value <= 120:
            raise forms.ValidationError(_("Please give a number of months from 1 to 120."))
        return value

    def clean_grant_amount(self) -> Any:
        value = self.cleaned_data.get("grant_amount")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Please give an amount of 0 or more."))
        return value

    def clean_kita_office_accounts(self) -> list[User]:
        lines = str(self.cleaned_data.get("kita_office_accounts") or "").split()
        emails = list(dict.fromkeys(e.strip().strip(",;").lower() for e in lines if e.strip()))
        users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise forms.ValidationError(
                _("There is no account with these addresses: %(unknown)s."),
                params={"unknown": ", ".join(unknown)},
            )
        return [users[e] for e in emails]
