"""The coordinators' side of ideas: filters, downloads, stage with a reason, progress
notes, hiding comments with a reason, the audit log, the dashboard tile; and bad input
everywhere answered next to the field with nothing typed lost."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage
from tests.conftest import english_client
from tests.factories import read_xlsx
from tests.factories.ideas import CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(coordinator: User) -> Client:
    return english_client(coordinator)


def test_the_list_filters_by_stage_and_downloads_as_csv_and_xlsx(office: Client) -> None:
    planned = IdeaFactory(title="Sprechstunde am Abend", stage=Stage.PLANNED, stage_reason="Ab Mai")
    SupportFactory(idea=planned)
    IdeaFactory(title="Skatepark", stage=Stage.NOT_POSSIBLE)
    IdeaFactory(title="Noch zu prüfen", status=Idea.Status.SUBMITTED)
    page = office.get("/verwaltung/ideen/?phase=planned").content.decode()
    assert "Sprechstunde am Abend" in page and "Skatepark" not in page
    page = office.get("/verwaltung/ideen/?status=submitted").content.decode()
    assert "Noch zu prüfen" in page and "Skatepark" not in page
    assert "1 idea waits for review." in page

    response = office.get("/verwaltung/ideen/?phase=planned&format=csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "Sprechstunde am Abend;" in text and "Ab Mai" in text
    assert "Skatepark" not in text
    header = text.splitlines()[0].lstrip("\ufeff").split(";")
    assert header[:4] == ["Title", "Idea", "Moderation", "Stage"]

    response = office.get("/verwaltung/ideen/?format=xlsx")
    rows = read_xlsx(response.content)
    titles = {row[0] for row in rows[1:]}
    assert {"Sprechstunde am Abend", "Skatepark", "Noch zu prüfen"} <= titles


def test_a_stage_needs_a_reason_and_keeps_what_was_typed(office: Client) -> None:
    idea = IdeaFactory()
    response = office.post(
        f"/verwaltung/ideen/{idea.pk}/phase/", {"stage": "planned", "reason": "  "}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page or "Please tell the families why" in page
    assert '<option value="planned" selected>' in page
    idea.refresh_from_db()
    assert idea.stage == Stage.NEW
    assert not OutboxMessage.objects.filter(purpose="ideas.stage").exists()

    response = office.post(
        f"/verwaltung/ideen/{idea.pk}/phase/", {"stage": "nonsense", "reason": "Weil"}
    )
    assert response.status_code == 400
    assert "Weil" in response.content.decode()


def test_an_unpublished_idea_gets_no_stage(office: Client) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED)
    response = office.post(
        f"/verwaltung/ideen/{idea.pk}/phase/", {"stage": "planned", "reason": "Kommt bald"}
    )
    assert response.status_code == 400
    assert "Only a published idea gets a stage" in response.content.decode()
    idea.refresh_from_db()
    assert idea.stage == Stage.NEW


def test_stage_changes_are_in_the_audit_log_without_the_authors_address(office: Client) -> None:
    idea = IdeaFactory(created_by__email="lena@example.org")
    office.post(
        f"/verwaltung/ideen/{idea.pk}/phase/",
        {"stage": "under_review", "reason": "Wir fragen nach."},
    )
    entry = AuditEntry.objects.get(action="ideas.stage", object_id=str(idea.pk))
    assert entry.changes["stage"] == {"before": "new", "after": "under_review"}
    assert entry.changes["stage_reason"]["after"] == "Wir fragen nach."
    assert "lena@example.org" not in str(entry.changes) + entry.object_repr + entry.actor_label


def test_progress_notes_with_a_bad_date_keep_the_text(office: Client) -> None:
    idea = IdeaFactory()
    response = office.post(
        f"/verwaltung/ideen/{idea.pk}/fortschritt/", {"day": "31.02.", "text": "Angebot eingeholt"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Angebot eingeholt" in page
    assert "Enter a valid date." in page
    assert not ProgressNote.objects.exists()
    office.post(
        f"/verwaltung/ideen/{idea.pk}/fortschritt/",
        {"day": "2026-11-02", "text": "Angebot eingeholt"},
    )
    note = ProgressNote.objects.get()
    assert note.day.isoformat() == "2026-11-02"
    assert "Angebot eingeholt" in english_client().get(f"/ideen/{idea.pk}/").content.decode()
    office.post(f"/verwaltung/ideen/fortschritt/{note.pk}/loeschen/")
    assert not ProgressNote.objects.exists()


def test_a_hidden_comment_shows_its_reason_instead(office: Client) -> None:
    comment = CommentFactory(text="Ruft Frau Meier an: 0171 1234567")
    response = office.post(
        f"/verwaltung/ideen/kommentare/{comment.pk}/ausblenden/", {f"c{comment.pk}-reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    office.post(
        f"/verwaltung/ideen/kommentare/{comment.pk}/ausblenden/",
        {f"c{comment.pk}-reason": "enthielt eine Telefonnummer"},
    )
    page = english_client().get(f"/ideen/{comment.idea.pk}/").content.decode()
    assert "0171 1234567" not in page
    assert "This comment was hidden by the family office: enthielt eine Telefonnummer" in page
    assert AuditEntry.objects.filter(action="ideas.comment_hide").exists()
    office.post(f"/verwaltung/ideen/kommentare/{comment.pk}/einblenden/")
    assert "0171 1234567" in english_client().get(f"/ideen/{comment.idea.pk}/").content.decode()


def test_bad_input_of_families_keeps_what_they_typed(
    family_client: Client, fresh_cache: None
) -> None:
    response = family_client.post("/ideen/neu/", {"title": "Bänke am Bach", "text": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bänke am Bach"' in page
    assert "This field is required." in page
    assert not Idea.objects.exists()
    response = family_client.post("/ideen/neu/", {"title": "x" * 151, "text": "Lang genug"})
    assert "Lang genug" in response.content.decode()
    assert "at most 150 characters" in response.content.decode()

    idea = IdeaFactory()
    response = family_client.post(f"/ideen/{idea.pk}/kommentieren/", {"text": "y" * 2001})
    page = response.content.decode()
    assert response.status_code == 400
    assert "y" * 2001 in page
    assert "at most 2000 characters" in page
    assert not Comment.objects.exists()


def test_the_dashboard_shows_the_tile_to_coordinators_only(
    office: Client, family_client: Client
) -> None:
    IdeaFactory(status=Idea.Status.SUBMITTED)
    page = office.get("/verwaltung/").content.decode()
    assert "Ideas of the family council" in page
    assert "1 idea waits for review." in page
    assert 'href="/verwaltung/ideen/"' in page
