"""Core texts in every site language (django-modeltranslation); German is the fallback.

The vocabularies' names (themes, audiences, districts, languages) and the legal pages'
title and translated summary. A legal page's body stays German: it is the binding text.
"""

from functools import partial
from typing import Any

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.core.models import Audience, District, Language, LegalPage, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Audience)
class AudienceTranslation(TranslationOptions):
    fields = ("name",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(LegalPage)
class LegalPageTranslation(TranslationOptions):
    fields = ("title", "summary")


for _model in (Theme, Audience, District, Language, LegalPage):
    translated.german_writes(_model)


def _vocabulary_edit_url(url_key: str, vocabulary: Any) -> str:
    return reverse("core:vocabulary_edit", args=[url_key, vocabulary.pk])


for _key, _model, _url_key in (
    ("themen", Theme, "themen"),
    ("zielgruppen", Audience, "zielgruppen"),
    ("ortsteile", District, "ortsteile"),
    ("sprachen", Language, "sprachen"),
):
    translated.register_kind(
        translated.Kind(
            _key,
            _model,
            _model._meta.verbose_name_plural,
            partial(_vocabulary_edit_url, _url_key),
        )
    )
translated.register_kind(
    translated.Kind(
        "seiten",
        LegalPage,
        LegalPage._meta.verbose_name_plural,
        lambda o: reverse("core:legal_page_edit", args=[o.kind]),
    )
)
