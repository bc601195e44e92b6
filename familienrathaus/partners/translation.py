"""Partner profiles in every site language (django-modeltranslation); German is the fallback.

The organisation's name is a proper name and stays as it is.
"""

from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.partners.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


translated.german_writes(Organisation)
