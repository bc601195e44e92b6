"""Texts of events in every site language (django-modeltranslation); German is the fallback."""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.events.models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cost_note", "accessibility")


translated.german_writes(Event)
translated.register_kind(
    translated.Kind(
        "veranstaltungen",
        Event,
        Event._meta.verbose_name_plural,
        lambda o: reverse("events:edit", args=[o.pk]),
    )
)
