"""Forms of the Kita interest: the family's wish, and the Kita office's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, validate_date
from familienrathaus.core.models import District
from familienrathaus.core.widgets import DateInput
from familienrathaus.places.models import Place
from familienrathaus.welcome.models import KitaInterest
from familienrathaus.welcome.selectors import kita as selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.selectors.kita import Filters
from familienrathaus.welcome.services import kita as services

RANKS = range(1, services.MAX_KITAS + 1)


class KitaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj.name} ({obj.district.name})" if obj.district is not None else obj.name


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class KitaInterestForm(forms.Form):
    """The family's wish. Everything typed comes back with a message at each field that
    does not fit (care before the birth, no Kita chosen, the same Kita twice …)."""

    child_first_name = forms.CharField(
        label=_("Child's first name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Child's date of birth"),
        widget=DateInput(),
        validators=[validate_date],
    )
    parent_names = forms.CharField(
        label=_("Parents' names"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("An e-mail address or a phone number, so that the Kita office can reach you."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("– not sure –"),
    )
    language = forms.ChoiceField(label=_("Language for the Kita office's answer"), choices=())
    care_from = forms.DateField(
        label=_("Care needed from"),
        widget=DateInput(),
        validators=[validate_date],
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours of care per week"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("For example 25, 35 or 45 hours."),
    )
    kita_1 = KitaChoice(
        label=_("First choice"),
        queryset=Place.objects.none(),
        empty_label="–",
        error_messages={"required": _("Please choose at least one Kita.")},
    )
    kita_2 = KitaChoice(
        label=_("Second choice"), queryset=Place.objects.none(), required=False, empty_label="–"
    )
    kita_3 = KitaChoice(
        label=_("Third choice"), queryset=Place.objects.none(), required=False, empty_label="–"
    )
    note = forms.CharField(
        label=_("Anything else the Kita office should know"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: siblings in a Kita already, a wish for a place near work."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that these details are passed on to the town's Kita office for my "
            "child's Kita place."
        ),
        error_messages={"required": _("Please agree, so that we may pass your wish on.")},
    )
    # The honeypot: hidden from people by CSS, filled in by robots.
    website = forms.CharField(label=_("Please leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        if not self.initial.get("language"):
            self.fields["language"].initial = (get_language() or "de")[:2]
        places = selectors.kitas().select_related("district")
        for rank in RANKS:
            self.fields[f"kita_{rank}"].queryset = places  # type: ignore[attr-defined]
        self.fields["kita_1"].help_text = _(
            "Choose up to three Kitas in the order you prefer them. The map shows where they are."
        )

    def places(self) -> list[Place]:
        chosen = [self.cleaned_data.get(f"kita_{rank}") for rank in RANKS]
        return [place for place in chosen if place is not None]

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        allowed = settings_selectors.get().postcode_list
        if allowed and postcode not in allowed:
            raise forms.ValidationError(
                _(
                    "This postcode is not one of our town (%(postcodes)s). The Kita office "
                    "can only pass on wishes of families who live here or are moving here; "
                    "if you are moving, please give your new postcode."
                )
                % {"postcodes": ", ".join(allowed)}
            )
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("birth_date") or not data.get("care_from"):
            return data
        wish = self.wish()
        for field, message in services.check(wish).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def wish(self) -> services.Wish:
        data = self.cleaned_data
        return services.Wish(
            child_first_name=data.get("child_first_name", ""),
            birth_date=data["birth_date"],
            parent_names=data.get("parent_names", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            postcode=data.get("postcode", ""),
            district=data.get("district"),
            language=data.get("language") or "de",
            care_from=data["care_from"],
            hours_per_week=data.get("hours_per_week") or 0,
            places=self.places(),
            note=data.get("note", ""),
        )


class OfficeFilterForm(forms.Form):
    """GET filters of the Kita office's list (a wrong date is shown, the rest applies)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kita = forms.ModelChoiceField(
        label=_("Kita"), queryset=Place.objects.none(), required=False, empty_label=_("all")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), required=False, empty_label=_("all")
    )
    von = forms.DateField(
        label=pgettext_lazy("care start", "Care from, earliest"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
    )
    bis = forms.DateField(
        label=pgettext_lazy("care start", "Care from, latest"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
    )
    doppelt = forms.BooleanField(label=_("Only possible duplicates"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            *KitaInterest.Status.choices,
        ]
        self.fields["kita"].queryset = selectors.kitas()  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        care_from: dt.date | None = data.get("von")
        care_to: dt.date | None = data.get("bis")
        return Filters(
            status=data.get("status") or "",
            place=data.get("kita"),
            district=data.get("district"),
            care_from=care_from,
            care_to=care_to,
            duplicates=bool(data.get("doppelt")),
        )
