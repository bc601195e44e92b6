"""News posts in every site language (django-modeltranslation); German is the fallback."""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.news.models import NewsPost


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "summary", "text")


translated.german_writes(NewsPost)
translated.register_kind(
    translated.Kind(
        "neuigkeiten",
        NewsPost,
        NewsPost._meta.verbose_name_plural,
        lambda o: reverse("news:manage_edit", args=[o.pk]),
    )
)
