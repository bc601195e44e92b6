"""Factories for the news app: categories and posts."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.news.models import Category, NewsPost


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")


class NewsPostFactory(DjangoModelFactory):
    """Published unless ``status`` says otherwise."""

    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"Neuigkeit Nummer {n}")
    slug = factory.Sequence(lambda n: f"neuigkeit-nummer-{n}")
    summary = "Eine kurze Zusammenfassung für Listen."
    text = "Der **ganze** Text der Neuigkeit."
    status = NewsPost.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    published_at = factory.LazyFunction(timezone.now)
