"""Places and their kinds in every site language (django-modeltranslation).

German is the fallback.
"""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.places.models import Place, PlaceKind


@register(PlaceKind)
class PlaceKindTranslation(TranslationOptions):
    fields = ("name",)


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name", "description", "accessibility", "hours_note")


translated.german_writes(PlaceKind)
translated.german_writes(Place)
translated.register_kind(
    translated.Kind(
        "orte",
        Place,
        Place._meta.verbose_name_plural,
        lambda o: reverse("places:backoffice_edit", args=[o.pk]),
    )
)
translated.register_kind(
    translated.Kind(
        "ortsarten",
        PlaceKind,
        PlaceKind._meta.verbose_name_plural,
        lambda o: reverse("places:kind_edit", args=[o.pk]),
    )
)
