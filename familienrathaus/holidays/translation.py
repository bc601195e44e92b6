"""Holiday programmes and activities in every site language (django-modeltranslation).

German is the fallback.
"""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.holidays.models import Activity, Period


@register(Period)
class PeriodTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "what_to_bring", "accessibility")


translated.german_writes(Period)
translated.german_writes(Activity)
translated.register_kind(
    translated.Kind(
        "ferienprogramme",
        Period,
        Period._meta.verbose_name_plural,
        lambda o: reverse("holidays:period_edit", args=[o.pk]),
    )
)
translated.register_kind(
    translated.Kind(
        "ferienangebote",
        Activity,
        Activity._meta.verbose_name_plural,
        lambda o: reverse("holidays:activity_edit", args=[o.pk]),
    )
)
