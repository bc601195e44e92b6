from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import translated_forms, uploads
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.news.models import Category, NewsPost, Publication
from familienrathaus.news.workflow import TRANSLATED
from familienrathaus.partners.models import Organisation


class PostForm(TranslationsMixin, forms.ModelForm):
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Location data in the file is removed."),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The post appears on the site from this time on, once it is published."),
    )

    class Meta:
        model = NewsPost
        fields = [
            "organisation",
            "title",
            "summary",
            "text",
            "image_alt",
            "categories",
            *translated_forms.names(NewsPost, TRANSLATED),
        ]
        widgets = {"categories": forms.CheckboxSelectMultiple, "text": forms.Textarea}

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(NewsPost)
        cast(Any, self.fields["categories"]).queryset = Category.objects.all()
        if organisations is None:
            cast(Any, self.fields["organisation"]).queryset = Organisation.objects.order_by("name")
            self.fields["organisation"].required = False
            self.fields["organisation"].help_text = _(
                "Leave empty for a post of the alliance itself."
            )
        else:
            cast(Any, self.fields["organisation"]).queryset = organisations
            self.fields["organisation"].required = True
        if self.instance.pk:
            self.initial["publish_at"] = self.instance.publish_at
        else:
            self.initial["publish_at"] = timezone.localtime().replace(second=0, microsecond=0)
        if not self.instance.image:
            del self.fields["remove_image"]

    def clean_image_upload(self) -> Any:
        upload = self.cleaned_data.get("image_upload")
        if upload:
            return uploads.clean_image(upload)
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_image = bool(data.get("image_upload")) or (
            bool(self.instance.image) and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Please describe the picture for people who cannot see it.")
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "title",
            "summary",
            "text",
            "image_alt",
            *translated_forms.names(NewsPost, TRANSLATED),
        ]
        values = {k: data[k] for k in names}
        # Left empty: as it was, or now for a new post.
        values["publish_at"] = data.get("publish_at") or (
            self.instance.publish_at if self.instance.pk else timezone.now()
        )
        return values


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "description", "language", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["language"]).choices = settings.LANGUAGES
        self.fields["file"].help_text = _("A PDF document, at most 10 MB.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:  # parsed as a PDF, stored under our own "<slug>.pdf" name
            return uploads.clean_pdf(upload)
        return upload


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=100)
