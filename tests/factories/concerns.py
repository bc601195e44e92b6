"""Factories for concerns ("Anliegen"): topics, offices, concerns, messages, attachments.

Import them from this module (``from tests.factories.concerns import ConcernFactory``);
the name ``TopicFactory`` of the package belongs to the newsletter, so the concerns' one
is ``ConcernTopicFactory``. The seven topics and the settings row are seeded by the
migration; ``seeded_topic()`` returns one of them.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from familienrathaus.concerns.models import (
    AnswerTemplate,
    Attachment,
    Concern,
    Message,
    Office,
    Topic,
)


def seeded_topic(name: str = "Bildung und Betreuung") -> Topic:
    """One of the topics the data migration seeded."""
    return Topic.objects.get_or_create(name=name)[0]


class ConcernTopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    position = factory.Sequence(lambda n: 100 + n)


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Amt {n}")
    email = factory.Sequence(lambda n: f"amt{n}@stadt.example")


class ConcernFactory(DjangoModelFactory):
    """A concern from the web form at the default privacy level, with a contact."""

    class Meta:
        model = Concern

    kind = Concern.Kind.QUESTION
    topic = factory.SubFactory(ConcernTopicFactory)
    text = "Gibt es in der Südstadt eine Krabbelgruppe, die auch nachmittags trifft?"
    privacy = Concern.Privacy.OFFICE_ONLY
    name = factory.Sequence(lambda n: f"Familie {n}")
    email = factory.Sequence(lambda n: f"familie{n}@example.org")
    channel = Concern.Channel.FORM

    class Params:
        anonymous = factory.Trait(privacy=Concern.Privacy.ANONYMOUS, name="", email="", phone="")
        named = factory.Trait(privacy=Concern.Privacy.NAMED, phone="02381 12345")


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    concern = factory.SubFactory(ConcernFactory)
    kind = Message.Kind.REPLY
    public = True
    text = "Vielen Dank für Ihre Nachricht. Die Krabbelgruppe trifft sich dienstags um 15 Uhr."
    author_label = "Koordinierungsstelle"


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    concern = factory.SubFactory(ConcernFactory)
    file = factory.django.FileField(filename="foto.png", data=b"\x89PNG\r\n\x1a\n")
    kind = Attachment.Kind.IMAGE


class AnswerTemplateFactory(DjangoModelFactory):
    class Meta:
        model = AnswerTemplate

    title = factory.Sequence(lambda n: f"Vorlage {n}")
    text = "Vielen Dank für Ihr Anliegen. Wir kümmern uns darum und melden uns bei Ihnen."
