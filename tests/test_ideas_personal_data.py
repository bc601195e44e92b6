"""A family's ideas, supports and comments in its data download, and what stays after
it deletes its account: published ideas stay as the alliance's public answer without
the author; unpublished ideas, supports and comments go."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from familienrathaus.core import personal_data
from familienrathaus.core.models import User
from familienrathaus.ideas.models import Comment, Idea, Stage, Support
from tests.factories import UserFactory
from tests.factories.ideas import CommentFactory, IdeaFactory, ProgressNoteFactory, SupportFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-Passwort-1"


@pytest.fixture
def mia() -> User:
    return UserFactory(email="mia@example.org", name="Mia Muster", password=PASSWORD)


def _data(mia: User) -> None:
    published = IdeaFactory(
        title="Wickeltisch in der Bibliothek", created_by=mia, stage=Stage.DONE, stage_reason="Da"
    )
    IdeaFactory(title="Noch nicht veröffentlicht", created_by=mia, status=Idea.Status.SUBMITTED)
    other = IdeaFactory(title="Idee der Nachbarin")
    SupportFactory(idea=other, user=mia)
    CommentFactory(idea=other, author=mia, text="Mias Kommentar")
    CommentFactory(idea=published, text="Kommentar eines anderen")


def test_the_download_lists_ideas_supports_and_comments(mia: User) -> None:
    _data(mia)
    client = Client()
    client.force_login(mia)
    data = json.loads(client.get(reverse("core:account_data")).content)["ideas"]
    assert {idea["title"] for idea in data["ideas"]} == {
        "Wickeltisch in der Bibliothek",
        "Noch nicht veröffentlicht",
    }
    assert [s["idea"] for s in data["supports"]] == ["Idee der Nachbarin"]
    assert [c["text"] for c in data["comments"]] == ["Mias Kommentar"]


def test_deleting_the_account_keeps_published_ideas_without_the_author(mia: User) -> None:
    _data(mia)
    client = Client()
    client.force_login(mia)
    response = client.post(reverse("core:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=mia.pk).exists()
    kept = Idea.objects.get(title="Wickeltisch in der Bibliothek")
    assert kept.created_by is None
    assert not Idea.objects.filter(title="Noch nicht veröffentlicht").exists()
    assert not Support.objects.filter(idea__title="Idee der Nachbarin").exists()
    assert list(Comment.objects.values_list("text", flat=True)) == ["Kommentar eines anderen"]
    # The public page still answers the idea.
    page = Client().get(kept.get_absolute_url()).content.decode()
    assert "Wickeltisch in der Bibliothek" in page


def test_a_coordinators_progress_notes_stay_without_them() -> None:
    coordinator = UserFactory(role="coordinator", password=PASSWORD)
    note = ProgressNoteFactory(created_by=coordinator)
    hidden = CommentFactory(hidden_by=coordinator, hidden_reason="Adresse")
    client = Client()
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("core:account_data")).content)["ideas_staff"]
    assert len(data["progress_notes"]) == 1 and len(data["hidden_comments"]) == 1
    personal_data.erase(coordinator)
    note.refresh_from_db()
    hidden.refresh_from_db()
    assert note.created_by is None and hidden.hidden_by is None
