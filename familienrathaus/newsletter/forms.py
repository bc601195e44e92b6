from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from familienrathaus.news.models import NewsPost
from familienrathaus.newsletter.models import Bounce, Edition, EditionTranslation, Topic
from familienrathaus.offers.models import Offer


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: what interests you most."),
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(label=_("I agree."))
    # The honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, consent_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consent_text:
            self.fields["consent"].label = consent_text


class PreferencesForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


class EditionTranslationForm(forms.ModelForm):
    """Subject and introduction of an edition in another language."""

    class Meta:
        model = EditionTranslation
        fields = ["subject", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 8})}


class EditionForm(forms.ModelForm):
    news = forms.ModelMultipleChoiceField(
        label=_("News posts"),
        queryset=NewsPost.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers = forms.ModelMultipleChoiceField(
        label=_("Offers"),
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Edition
        fields = [
            "subject",
            "intro",
            "news",
            "events_from",
            "events_until",
            "offers",
            "include_holidays",
            "topics",
            "rate_per_minute",
        ]
        widgets = {
            "events_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "events_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["news"]).queryset = NewsPost.objects.filter(
            status=NewsPost.Status.PUBLISHED
        ).order_by("-publish_at")
        chosen = list(self.instance.offers.values_list("pk", flat=True)) if self.instance.pk else []
        cast(Any, self.fields["offers"]).queryset = Offer.objects.filter(
            status=Offer.Status.PUBLISHED
        ).order_by(Case(When(pk__in=chosen, then=0), default=1), "title")  # chosen ones first
        self.fields["news"].label_from_instance = lambda post: post.title  # type: ignore[attr-defined]
        self.fields["offers"].label_from_instance = lambda offer: offer.title  # type: ignore[attr-defined]
        self.fields["topics"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("events_from"), data.get("events_until")
        if (start is None) != (end is None):
            self.add_error("events_until", _("Please give both dates of the event range."))
        elif start and end and end < start:
            self.add_error("events_until", _("The range ends before it starts."))
        return data


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to send now."),
    )


class BounceForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Bounce.Kind.choices)


class BounceImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A list of addresses (CSV or text, one per line; a column “soft” marks a "
            "temporary bounce) or a delivery status notification (DSN) as .eml file."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large: at most 2 MB."))
        return upload


class TopicForm(forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=100)
