from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import banking, colours, parts, translated_forms, uploads
from familienrathaus.core.models import (
    AccessibilityFeedback,
    ApiToken,
    LegalPage,
    SiteSettings,
    User,
)
from familienrathaus.core.models.site import hex_colour
from familienrathaus.core.models.taxonomy import Language, Theme, Vocabulary

MAX_LOGO_BYTES = 2 * 1024 * 1024


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: each message next to its field,
    or above the form when it names no field of this form (nothing typed is lost)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Sign-language video field → its captions field, and the files' names.
SIGN_VIDEOS = {
    "sign_video_home": "sign_video_home_captions",
    "sign_video_accessibility": "sign_video_accessibility_captions",
}
SIGN_VIDEO_NAMES = {
    "sign_video_home": "gebaerdensprache-startseite",
    "sign_video_accessibility": "gebaerdensprache-barrierefreiheit",
}


class SiteSettingsForm(forms.ModelForm):
    # SiteSettings.languages and .disabled_apps as checkboxes of what is offered and used.
    languages_offered = forms.MultipleChoiceField(
        label=_("Languages offered"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("German is always offered. Families can choose the languages ticked here."),
    )
    parts_used = forms.MultipleChoiceField(
        label=_("Parts used"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A part that is not ticked is hidden everywhere (menu, start page, back office, "
            "search) and its pages are not found."
        ),
    )
    # Sent with the two groups of checkboxes: a post without them changes neither.
    offered_shown = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)

    class Meta:
        model = SiteSettings
        fields = [
            "alliance_name",
            "municipality",
            "federal_state",
            "tagline",
            "logo",
            "logo_alt",
            "primary_colour",
            "contact_email",
            "contact_phone",
            "contact_address",
            "notification_email",
            "reply_to_email",
            "listed_in_directory",
            "bank_account_holder",
            "bank_iban",
            "bank_bic",
            "payment_days",
            "facebook_url",
            "instagram_url",
            "mastodon_url",
            "youtube_url",
            *SIGN_VIDEOS,
            *(captions for captions in SIGN_VIDEOS.values()),
        ]
        field_classes = {
            name: partial(forms.URLField, assume_scheme="https")
            for name in ("facebook_url", "instagram_url", "mastodon_url", "youtube_url")
        }
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "contact_address": forms.Textarea(attrs={"rows": 3}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            **{
                video: forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"})
                for video in SIGN_VIDEOS
            },
            **{
                captions: forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"})
                for captions in SIGN_VIDEOS.values()
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The browser offers what the model's validators accept (Django's number input
        # would say min="0" and no max for a PositiveSmallIntegerField).
        self.fields["payment_days"].widget.attrs.update(min=1, max=90)
        others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        languages = self.fields["languages_offered"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = [(code, get_language_info(code)["name_translated"]) for code in others]
        offered = self.instance.languages or others
        languages.initial = [code for code in others if code in offered]
        used = self.fields["parts_used"]
        assert isinstance(used, forms.MultipleChoiceField)
        used.choices = parts.choices()
        used.initial = [
            label for label, _name in used.choices if label not in self.instance.disabled_apps
        ]

    def _clean_offered(self, cleaned: dict[str, Any]) -> None:
        """The checkboxes into the model's lists: what is offered, what is not used."""
        if not cleaned.pop("offered_shown", False):
            cleaned.pop("languages_offered", None)
            cleaned.pop("parts_used", None)
        if "languages_offered" in cleaned:
            chosen = cleaned.pop("languages_offered")
            others = [c for c, _name in settings.LANGUAGES if c != settings.LANGUAGE_CODE]
            # Every language ticked: stored as "all", so does a language added later.
            cleaned["languages"] = (
                []
                if set(others) <= set(chosen)
                else [settings.LANGUAGE_CODE, *(code for code in others if code in chosen)]
            )
        if "parts_used" in cleaned:
            used = cleaned.pop("parts_used")
            cleaned["disabled_apps"] = [
                label for label, _name in parts.choices() if label not in used
            ]

    def clean_primary_colour(self) -> str:
        colour: str = self.cleaned_data["primary_colour"]
        hex_colour(colour)  # the format first: the contrast check needs #RRGGBB
        if colours.contrast(colour, "#ffffff") < colours.MIN_CONTRAST:
            raise forms.ValidationError(
                _(
                    "This colour is too light: white text on it would be hard to read. "
                    "Please choose a darker colour."
                )
            )
        return colour

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo may be at most 2 MB."))
        if logo and logo != self.initial.get("logo"):  # a new upload: decoded, renamed
            return uploads.clean_image(logo, MAX_LOGO_BYTES)
        return logo

    def clean_bank_iban(self) -> str:
        return banking.clean_iban(self.cleaned_data.get("bank_iban", ""))

    def clean_bank_bic(self) -> str:
        return banking.clean_bic(self.cleaned_data.get("bank_bic", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        iban = data.get("bank_iban")
        if iban and not data.get("bank_account_holder"):
            self.add_error("bank_account_holder", _("Please enter the account holder."))
        if iban and not data.get("bank_bic"):
            data["bank_bic"] = banking.bic_for(iban)  # from the bank code where known
        if data.get("logo") and not data.get("logo_alt"):
            self.add_error("logo_alt", _("Please describe the logo for people who cannot see it."))
        self._clean_sign_videos(data)
        self._clean_offered(data)
        return data

    def _clean_sign_videos(self, data: dict[str, Any]) -> None:
        """Each video is checked (MP4/WebM) and needs its captions (WebVTT), and the other
        way round; "clear" removes a file. New uploads get names we choose."""
        for video, captions in SIGN_VIDEOS.items():
            for name in (video, captions):
                if data.get(name) is False:  # the "clear" box
                    data[name] = ""
            if video in self.errors or captions in self.errors:
                continue
            new_video = data.get(video) and data[video] != self.initial.get(video)
            new_captions = data.get(captions) and data[captions] != self.initial.get(captions)
            try:
                if new_video:
                    data[video] = uploads.clean_video(data[video], SIGN_VIDEO_NAMES[video])
            except ValidationError as error:
                self.add_error(video, error)
                continue
            try:
                if new_captions:
                    data[captions] = uploads.clean_captions(data[captions], SIGN_VIDEO_NAMES[video])
            except ValidationError as error:
                self.add_error(captions, error)
                continue
            if data.get(video) and not data.get(captions):
                self.add_error(captions, _("Please add the captions (WebVTT) for this video."))
            elif data.get(captions) and not data.get(video):
                self.add_error(video, _("Please upload the video for these captions."))


class LegalPageForm(translated_forms.TranslationsMixin, forms.ModelForm):
    """The German title and binding text, a summary, and their translations."""

    class Meta:
        model = LegalPage
        fields = [
            "title",
            "body",
            "summary",
            *translated_forms.names(LegalPage, ("title", "summary")),
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 20}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(LegalPage)


class AccessibilityFeedbackForm(forms.ModelForm):
    # A field people do not see; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("So you know later what the token is for, e.g. “Website import”.")}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    text = forms.CharField(label=_("Search"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, choices: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["object_type"].choices = everything + [(c, c) for c in choices["object_types"]]  # type: ignore[attr-defined]
        self.fields["action"].choices = everything + [(c, c) for c in choices["actions"]]  # type: ignore[attr-defined]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class MailLanguageForm(forms.ModelForm):
    """The language of the mails, letters and notices a person gets (account page)."""

    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("Language of our mails to you")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name, as in the header's switch.
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]


# --------------------------------------------------------------------------- vocabularies


def vocabulary_form_class(model: type[Vocabulary]) -> type[forms.ModelForm]:
    """The form for an entry of a vocabulary: name, position and the model's extras.

    The slug is not in it: the services make it from the name on creation and keep it.
    """
    fields = ["name", "position"]
    if model is Theme:
        fields.append("description")
    if model is Language:
        fields.append("code")
    fields += translated_forms.names(model, ("name", "description"))
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "widgets": {"description": forms.Textarea(attrs={"rows": 4})},
            # Not the model's "position": its German translation is that of a person's role.
            "labels": {"position": _("Position in lists")},
            "help_texts": {
                "position": _("Lists show entries with smaller numbers first."),
                "code": _("The ISO 639 code, e.g. “de” or “uk”."),
            },
        },
    )
    return type(f"{model.__name__}Form", (VocabularyEntryForm,), {"Meta": meta})


class VocabularyEntryForm(translated_forms.TranslationsMixin, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(self._meta.model)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        model = self._meta.model
        others = model.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already an entry with this name. Please choose another one.")
            )
        return name


class TeamMemberForm(forms.Form):
    """Add a person to the alliance's team (core.views.team): e-mail and role."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If this person already has an account (also in another alliance), it gets the "
            "role here; otherwise a new account is made and they get a link to set a password."
        ),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.fields["email"].widget.attrs["autocomplete"] = "off"
