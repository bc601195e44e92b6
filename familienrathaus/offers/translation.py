"""Texts of offers in every site language (django-modeltranslation); German is the fallback."""

from django.urls import reverse
from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.offers.models import Offer


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cost_note", "times_note")


translated.german_writes(Offer)
translated.register_kind(
    translated.Kind(
        "angebote",
        Offer,
        Offer._meta.verbose_name_plural,
        lambda o: reverse("offers:edit", args=[o.pk]),
    )
)
