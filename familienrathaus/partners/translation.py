"""Partner profiles in every site language (django-modeltranslation); German is the fallback.

The organisation's name is a proper name and stays as it is.
"""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.partners.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


translated.german_writes(Organisation)
translated.register_kind(
    translated.Kind(
        "partner",
        Organisation,
        Organisation._meta.verbose_name_plural,
        lambda o: reverse("partners:backoffice_edit", args=[o.pk]),
    )
)
