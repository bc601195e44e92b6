"""The demo's Familienbeirat: 15 published ideas in every stage with reasons, progress,
supports and comments, one linked to the workshop; loading twice changes nothing."""

from __future__ import annotations

import pytest

from familienrathaus.events import demo as events_demo
from familienrathaus.ideas import demo
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage, Support

pytestmark = pytest.mark.django_db


def test_fifteen_ideas_in_every_stage() -> None:
    events_demo.load()
    assert demo.load() == 16
    published = Idea.objects.filter(status=Idea.Status.PUBLISHED)
    assert published.count() == 15
    assert set(published.values_list("stage", flat=True)) == set(Stage.values)
    assert not published.exclude(stage=Stage.NEW).filter(stage_reason="").exists()
    assert ProgressNote.objects.count() >= 5
    assert Support.objects.count() >= 50
    assert Comment.objects.count() >= 8
    workshop = published.get(event__isnull=False)
    assert workshop.event.slug == "familienbeirat-werkstatt"  # type: ignore[union-attr]
    assert Idea.objects.filter(status=Idea.Status.SUBMITTED).count() == 1
    assert demo.load() == 0
    assert Idea.objects.count() == 16
