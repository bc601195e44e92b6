"""Factories for ideas of the Familienbeirat: ideas (published unless told otherwise),
supports, comments and progress notes."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage, Support
from tests.factories.core import UserFactory


class IdeaFactory(DjangoModelFactory):
    """A published idea in the stage "new" unless ``status``/``stage`` say otherwise."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idee Nummer {n}")
    text = "Mehr Bänke am Spielplatz, damit Eltern sich setzen können."
    status = Idea.Status.PUBLISHED
    stage = Stage.NEW
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)
    language = "de"


class SupportFactory(DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    text = "Gute Idee, das brauchen wir."


class ProgressNoteFactory(DjangoModelFactory):
    class Meta:
        model = ProgressNote

    idea = factory.SubFactory(IdeaFactory)
    text = "Erstes Gespräch mit dem Grünflächenamt."
    day = factory.LazyFunction(timezone.localdate)
