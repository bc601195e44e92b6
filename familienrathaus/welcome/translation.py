"""The welcome page's and guide's texts in every site language (django-modeltranslation).

German is the fallback.
"""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.welcome.models import WelcomeSettings


@register(WelcomeSettings)
class WelcomeSettingsTranslation(TranslationOptions):
    fields = ("intro", "office_hours", "consent_text")


translated.german_writes(WelcomeSettings)
translated.register_kind(
    translated.Kind(
        "babybegruessung",
        WelcomeSettings,
        WelcomeSettings._meta.verbose_name_plural,
        lambda o: reverse("welcome:settings"),
    )
)
