"""Texts of offers in every site language (django-modeltranslation); German is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from familienrathaus.core import translated
from familienrathaus.offers.models import Offer


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cost_note", "times_note")


translated.german_writes(Offer)
