"""The welcome page's and guide's texts in every site language (django-modeltranslation).

German is the fallback.
"""

from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.welcome.models import WelcomeSettings


@register(WelcomeSettings)
class WelcomeSettingsTranslation(TranslationOptions):
    fields = ("intro", "office_hours", "consent_text")


translated.german_writes(WelcomeSettings)
