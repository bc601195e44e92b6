"""The welcome page's and guide's texts in every site language (django-modeltranslation).

German is the fallback.
"""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.welcome.models import WelcomeSettings


@register(WelcomeSettings)
class WelcomeSettingsTranslation(TranslationOptions):
    # Not the consent text: it has a default, which modeltranslation would copy into
    # every language's column, and the German text is the one families consent to.
    fields = ("intro", "office_hours")


translated.german_writes(WelcomeSettings)
translated.register_kind(
    translated.Kind(
        "babybegruessung",
        WelcomeSettings,
        WelcomeSettings._meta.verbose_name_plural,
        lambda o: reverse("welcome:settings"),
    )
)
