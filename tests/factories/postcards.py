"""Factories for the QR postcards."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from familienrathaus.postcards.models import Postcard


class PostcardFactory(DjangoModelFactory):
    class Meta:
        model = Postcard

    code = factory.Sequence(lambda n: f"test{n:02d}")
    target_path = "/angebote/"
    headline = "Frühe Hilfen für Ihre Familie"
    text = "Fragen rund um Schwangerschaft und Baby? Hier finden Sie Rat."
