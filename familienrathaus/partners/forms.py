from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import uploads
from familienrathaus.core.models import District
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.partners.models import Address, ContactPerson, Organisation
from familienrathaus.partners.services import (
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    COORDINATOR_FIELDS,
    PROFILE_FIELDS,
)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{3,40}$",
    _("Please enter a phone number with digits only, e.g. 01234 56789-0."),
)
postcode_validator = RegexValidator(r"^[0-9]{5}$", _("Please enter a postcode of five digits."))
UrlField = partial(forms.URLField, assume_scheme="https")


class OrganisationForm(TranslationsMixin, forms.ModelForm):
    """The profile as partner staff maintain it."""

    class Meta:
        model = Organisation
        fields = list(PROFILE_FIELDS)
        field_classes = {
            "logo": forms.FileField,  # checked by uploads.clean_image, not by the name
            "website": UrlField,
            "facebook_url": UrlField,
            "instagram_url": UrlField,
            "mastodon_url": UrlField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "description": _(
                "What your organisation does for families. You can use Markdown: "
                "**bold**, *italic*, lists with “-” and links."
            ),
            "logo": _("PNG, JPEG or WebP, at most 5 MB. We remove photo metadata."),
            "logo_alt": _("Required with a logo, e.g. “Logo of the Kita Regenbogen”."),
            "website": _("For example https://www.example.org"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Organisation)
        self.fields["phone"].validators.append(phone_validator)

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return uploads.clean_image(logo, uploads.IMAGE_MAX_BYTES)
        return logo

    # The model's clean() asks for the alternative text whenever a logo is kept or set.


class CoordinatorOrganisationForm(OrganisationForm):
    """Coordinators also decide whether it is shown and whether it is trusted."""

    class Meta(OrganisationForm.Meta):
        fields = list(PROFILE_FIELDS + COORDINATOR_FIELDS)


class CoordinateField(forms.DecimalField):
    """Degrees as typed or pasted from a map: ``51.4012`` or ``51,4012``."""

    def __init__(self, *, minimum: int, maximum: int, **kwargs: Any) -> None:
        super().__init__(
            max_digits=9,
            decimal_places=6,
            min_value=Decimal(minimum),
            max_value=Decimal(maximum),
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
            if value:
                try:
                    # Six decimal places are about 10 cm: more digits from a map are dropped.
                    value = Decimal(value).quantize(Decimal("0.000001"))
                except InvalidOperation:
                    raise forms.ValidationError(
                        self.error_messages["invalid"], code="invalid"
                    ) from None
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        return value


class AddressForm(forms.ModelForm):
    latitude = CoordinateField(
        minimum=-90,
        maximum=90,
        label=_("latitude"),
        help_text=_("In decimal degrees between -90 and 90, e.g. 51.4012."),
    )
    longitude = CoordinateField(
        minimum=-180,
        maximum=180,
        label=_("longitude"),
        help_text=_("In decimal degrees between -180 and 180, e.g. 7.1893."),
    )

    class Meta:
        model = Address
        fields = list(ADDRESS_FIELDS)
        help_texts = {"label": _("Only if the place has its own name, e.g. “Familiencafé”.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(postcode_validator)
        district = self.fields["district"]
        district.queryset = District.objects.order_by("position", "name")  # type: ignore[attr-defined]
        district.empty_label = _("not specified")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (latitude is None) != (longitude is None):
            message = _("Please enter both latitude and longitude, or neither.")
            self.add_error("latitude" if latitude is None else "longitude", message)
        return data


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = list(CONTACT_FIELDS)
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}
        help_texts = {
            "role": _("For example “Leitung” or “Beratung für Alleinerziehende”."),
            "is_public": _(
                "Only with the person's consent: then name, role, e-mail and phone appear "
                "on the public partner page and as a contact card (vCard) download."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=150,
        help_text=_("Only used when the person has no account yet."),
    )


YES_NO = [("", _("all")), ("yes", _("yes")), ("no", _("no"))]


def _kind_choices() -> list[tuple[str, Any]]:
    return [("", _("all kinds")), *Organisation.Kind.choices]


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_kind_choices)


class BackofficeFilterForm(PublicFilterForm):
    is_public = forms.ChoiceField(label=_("Shown publicly"), required=False, choices=YES_NO)
    is_trusted = forms.ChoiceField(label=_("Trusted"), required=False, choices=YES_NO)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        flags = {"yes": True, "no": False, "": None}
        return {
            "q": data["q"],
            "kind": data["kind"],
            "is_public": flags[data["is_public"]],
            "is_trusted": flags[data["is_trusted"]],
        }
