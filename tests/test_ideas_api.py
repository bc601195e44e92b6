"""The ideas part of the API: published ideas with stage, reason, progress and the
number of supports; nothing unpublished; named schemas in the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.ideas.models import Idea, Stage
from tests.factories.ideas import CommentFactory, IdeaFactory, ProgressNoteFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_published_ideas_with_stage_reason_and_supports(anon_client: Client) -> None:
    idea = IdeaFactory(title="Sonnensegel", stage=Stage.IN_PROGRESS, stage_reason="Bestellt.")
    SupportFactory(idea=idea)
    SupportFactory(idea=idea)
    CommentFactory(idea=idea)
    ProgressNoteFactory(idea=idea, text="Angebot eingeholt")
    IdeaFactory(title="Geheim", status=Idea.Status.SUBMITTED)
    IdeaFactory(title="Skatepark", stage=Stage.NOT_POSSIBLE)

    response = anon_client.get("/api/v1/ideas/")
    assert response.status_code == 200
    rows = {row["title"]: row for row in response.json()}
    assert set(rows) == {"Sonnensegel", "Skatepark"}
    row = rows["Sonnensegel"]
    assert row["stage"] == "in_progress"
    assert row["stage_label"] == "in progress"
    assert row["stage_reason"] == "Bestellt."
    assert row["support_count"] == 2
    assert row["comment_count"] == 1
    assert row["progress"][0]["text"] == "Angebot eingeholt"
    assert row["url"].endswith(f"/ideen/{idea.pk}/")

    only = anon_client.get("/api/v1/ideas/?stage=not_possible").json()
    assert [r["title"] for r in only] == ["Skatepark"]
    assert anon_client.get("/api/v1/ideas/?stage=nonsense").status_code == 422

    assert anon_client.get(f"/api/v1/ideas/{idea.pk}").json()["title"] == "Sonnensegel"
    hidden = Idea.objects.get(title="Geheim")
    assert anon_client.get(f"/api/v1/ideas/{hidden.pk}").status_code == 404


def test_the_openapi_document_names_the_idea_schema(anon_client: Client) -> None:
    document = anon_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ideas/" in document["paths"]
    assert "IdeaOut" in document["components"]["schemas"]
