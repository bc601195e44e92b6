"""News posts in every site language (django-modeltranslation); German is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.news.models import NewsPost


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "summary", "text")


translated.german_writes(NewsPost)
