"""Factories for the newsletter: topics, subscribers and editions."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.newsletter import consent
from familienrathaus.newsletter.models import Edition, Subscriber, Topic


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class SubscriberFactory(DjangoModelFactory):
    """A confirmed subscriber with a consent record."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abo{n}@example.org")
    language = "de"
    status = Subscriber.Status.ACTIVE
    consent_requested_at = factory.LazyFunction(timezone.now)
    consent_version = consent.CURRENT_VERSION
    consent_text = "Ich möchte den Familien-Infobrief erhalten."
    confirmed_at = factory.LazyFunction(timezone.now)


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition

    subject = factory.Sequence(lambda n: f"Familien-Infobrief {n}")
    slug = factory.Sequence(lambda n: f"familien-infobrief-{n}")
    intro = "Liebe Familien,\n\nhier ist **der neue** Infobrief."
    rate_per_minute = 0


def edition_with(**kwargs: Any) -> Edition:
    news = kwargs.pop("news", [])
    offers = kwargs.pop("offers", [])
    edition: Edition = EditionFactory.create(**kwargs)
    edition.news.set(news)
    edition.offers.set(offers)
    return edition
