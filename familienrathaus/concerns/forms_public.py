"""Forms of the family's side: the concern, an addition, "did not help", the reference
lookup; and the coordinators' small settings form (emergency numbers, retention)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns.models import Concern, ConcernSettings
from familienrathaus.concerns.selectors import intake as selectors
from familienrathaus.concerns.services.intake import Upload, upload_kind
from familienrathaus.core import uploads
from familienrathaus.core.limits import TEXT_SHORT
from familienrathaus.core.models import District

PHONE = re.compile(r"^\+?[0-9 ()/\-]{5,40}$")

# One sentence per level, shown before sending.
PRIVACY_EXPLANATIONS = {
    Concern.Privacy.NAMED: _(
        "Your name and contact go along when we pass your concern on to a partner of the "
        "alliance or an office, so they can contact you directly."
    ),
    Concern.Privacy.OFFICE_ONLY: _(
        "Only the coordination office sees your name and contact; partners and offices "
        "get your concern without them."
    ),
    Concern.Privacy.ANONYMOUS: _(
        "We store neither your name nor your contact; you can follow your concern only "
        "with the reference code and the status link shown after sending."
    ),
}

ACCEPT = "image/png,image/jpeg,image/webp,application/pdf,.pdf,.png,.jpg,.jpeg,.webp"


def clean_upload(upload: UploadedFile | None) -> Upload | None:
    """A photo or PDF checked by ``core.uploads`` (content, not the name), or None."""
    if not upload:
        return None
    name = (upload.name or "").lower()
    if name.endswith(".pdf") or upload.content_type == "application/pdf":
        content = uploads.clean_pdf(upload)
    else:
        content = uploads.clean_image(upload)
    return Upload(content=content, kind=upload_kind(content))


class FileInput(forms.ClearableFileInput):
    def __init__(self) -> None:
        super().__init__(attrs={"accept": ACCEPT})


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=Concern.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what you would like to do.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=selectors.active_topics(),
        required=False,
        empty_label=_("I am not sure"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("No district / not sure"),
        help_text=_("Which part of town is it about? This helps us find the right people."),
    )
    text = forms.CharField(
        label=_("Your concern"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Please describe it in your own words. Please write no health details."),
        error_messages={"required": _("Please write down your concern.")},
    )
    file = forms.FileField(
        label=_("Photo or PDF"),
        required=False,
        widget=FileInput(),
        help_text=_("One photo (PNG, JPEG, WebP, up to 5 MB) or one PDF (up to 10 MB)."),
    )
    privacy = forms.ChoiceField(
        label=_("Who may see your name?"),
        choices=Concern.Privacy.choices,
        initial=Concern.Privacy.OFFICE_ONLY,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("We send you a confirmation and every answer there."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("If you would rather be called back."),
    )
    # The postcard the family came through (?karte=<code>), kept over a failed send.
    karte = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by robots.
    website = forms.CharField(label=_("Please leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload: Upload | None = None

    def privacy_options(self) -> list[tuple[Any, Any]]:
        """The radio options with the sentence that explains each."""
        return [
            (option, PRIVACY_EXPLANATIONS[Concern.Privacy(option.data["value"])])
            for option in self["privacy"]
        ]

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value and not PHONE.match(value):
            raise ValidationError(
                _("Please give a phone number with digits only, e.g. 02381 123456.")
            )
        return value

    def clean_file(self) -> Any:
        self.upload = clean_upload(self.cleaned_data.get("file"))
        return self.cleaned_data.get("file")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("privacy") == Concern.Privacy.ANONYMOUS:
            data["name"] = data["email"] = data["phone"] = ""
        elif data.get("privacy") and not (data.get("email") or data.get("phone")):
            self.add_error(
                "email",
                _(
                    "Please give an e-mail address or a phone number so we can answer you, "
                    "or choose “anonymous”."
                ),
            )
        return data

    @property
    def file_lost(self) -> bool:
        """A file was chosen but the form came back: browsers do not keep it."""
        return self.is_bound and bool(self.files.get("file")) and bool(self.errors)


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Add information"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write what you would like to add.")},
    )
    file = forms.FileField(
        label=_("Photo or PDF"),
        required=False,
        widget=FileInput(),
        help_text=_("One photo (PNG, JPEG, WebP, up to 5 MB) or one PDF (up to 10 MB)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.upload: Upload | None = None

    def clean_file(self) -> Any:
        self.upload = clean_upload(self.cleaned_data.get("file"))
        return self.cleaned_data.get("file")

    @property
    def file_lost(self) -> bool:
        return self.is_bound and bool(self.files.get("add-file")) and bool(self.errors)


class ReopenForm(forms.Form):
    text = forms.CharField(
        label=_("What is still missing?"),
        max_length=TEXT_SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference code"),
        max_length=20,
        help_text=_("As in your confirmation, e.g. A7K3-QF9M."),
        error_messages={"required": _("Please enter your reference code.")},
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConcernSettings
        fields = ["emergency_text", "redact_after_days", "delete_after_days"]
        widgets = {"emergency_text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "emergency_text": _(
                "Shown above the concerns form. One number per line as “Name: number”; "
                "on a phone the number can be called with one tap."
            ),
            "redact_after_days": _(
                "Counted from the last change of a closed concern: then name, contact, texts "
                "and files are removed; the numbers for reports stay."
            ),
            "delete_after_days": _("Counted from the redaction: then the concern is deleted."),
        }

    def clean_redact_after_days(self) -> int:
        return _days(self.cleaned_data["redact_after_days"])

    def clean_delete_after_days(self) -> int:
        return _days(self.cleaned_data["delete_after_days"])


def _days(value: int) -> int:
    if not 1 <= value <= 3650:
        raise ValidationError(_("Please give a number of days between 1 and 3650."))
    return value


class StaffEntryForm(ConcernForm):
    """A coordinator writes down a call or a visit on the family's behalf."""

    channel = forms.ChoiceField(
        label=_("How did the family get in touch?"),
        choices=[
            (Concern.Channel.PHONE, Concern.Channel.PHONE.label),
            (Concern.Channel.VISIT, Concern.Channel.VISIT.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose call or visit.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        del self.fields["karte"]
        self.fields["text"].label = _("The concern in the family's words")
        self.fields["text"].help_text = ""
        self.fields["privacy"].label = _("What did the family choose?")
