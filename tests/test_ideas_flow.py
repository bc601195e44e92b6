"""Ideas of the Familienbeirat, from submission to "done", through HTTP: a family
submits, a coordinator publishes through the review kit, families support (once per
account) and comment, the coordinator moves the stage with a public reason and
progress notes, the author hears of it by mail in their language, and the public page
"Was aus Ihren Ideen wurde" shows it all."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.ideas.models import Idea, Stage, Support
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.events import make_event
from tests.factories.ideas import IdeaFactory
from tests.factories.surveys import SurveyFactory

pytestmark = pytest.mark.django_db


def _submit(client: Client, **data: Any) -> Any:
    values = {"title": "Bänke am Spielplatz", "text": "Am Spielplatz am Bach fehlen Bänke."}
    values.update(data)
    return client.post("/ideen/neu/", values)


def test_an_idea_goes_from_submission_to_done(
    family_client: Client, family_user: User, coordinator: User, fresh_cache: None
) -> None:
    response = _submit(family_client)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideen/{idea.pk}/"
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.created_by == family_user
    assert idea.language == "en"

    # Not public yet: the author sees it with a note, others do not.
    page = family_client.get(f"/ideen/{idea.pk}/").content.decode()
    assert "Only you and the family office see this idea" in page
    assert english_client().get(f"/ideen/{idea.pk}/").status_code == 404
    assert "Bänke am Spielplatz" not in english_client().get("/ideen/").content.decode()

    # The coordinator finds it in the queue and publishes it through the review kit.
    office = english_client(coordinator)
    assert "Bänke am Spielplatz" in office.get("/verwaltung/ideen/pruefen/").content.decode()
    response = office.post(f"/ideen/{idea.pk}/status/", {"step": "approve", "comment": ""})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.stage == Stage.NEW
    mails = OutboxMessage.objects.filter(purpose="ideas.published")
    assert [m.to for m in mails] == [["familie@example.org"]]

    # Everyone sees it now; a second family supports it once.
    listing = english_client().get("/ideen/").content.decode()
    assert "Bänke am Spielplatz" in listing
    neighbour = english_client(UserFactory())
    neighbour.post(f"/ideen/{idea.pk}/unterstuetzen/", {"unterstuetzen": "1"})
    page = neighbour.get(f"/ideen/{idea.pk}/").content.decode()
    assert "1 person supports this idea." in page
    assert "Take back my support" in page
    assert Support.objects.filter(idea=idea).count() == 1

    # A comment.
    response = neighbour.post(f"/ideen/{idea.pk}/kommentieren/", {"text": "Gern auch im Schatten"})
    assert response.status_code == 302
    assert "Gern auch im Schatten" in neighbour.get(f"/ideen/{idea.pk}/").content.decode()

    # The stage moves with a public reason; each step reaches the author by mail.
    for stage, reason in [
        ("under_review", "Wir fragen das Grünflächenamt."),
        ("planned", "Zwei Bänke kommen im Frühjahr."),
        ("in_progress", "Die Bänke sind bestellt."),
        ("done", "Die Bänke stehen."),
    ]:
        response = office.post(
            f"/verwaltung/ideen/{idea.pk}/phase/", {"stage": stage, "reason": reason}
        )
        assert response.status_code == 302, response.content.decode()
    office.post(
        f"/verwaltung/ideen/{idea.pk}/fortschritt/",
        {"day": "2026-11-20", "text": "Die Bänke wurden aufgestellt."},
    )
    idea.refresh_from_db()
    assert idea.stage == Stage.DONE
    assert idea.stage_reason == "Die Bänke stehen."
    stage_mails = OutboxMessage.objects.filter(purpose="ideas.stage").order_by("pk")
    assert stage_mails.count() == 4
    assert stage_mails.last().to == ["familie@example.org"]  # type: ignore[union-attr]
    # Submitted in English, so told in English.
    assert "new stage: done" in stage_mails.last().body_text  # type: ignore[union-attr]
    assert "Die Bänke stehen." in stage_mails.last().body_text  # type: ignore[union-attr]
    actions = list(
        AuditEntry.objects.filter(object_id=str(idea.pk), action__startswith="ideas.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions.count("ideas.stage") == 4
    assert "ideas.approve" in actions and "ideas.progress" in actions

    # The public page: under "done", with the reason and the progress.
    listing = english_client().get("/ideen/?phase=done").content.decode()
    assert "Bänke am Spielplatz" in listing
    assert "Die Bänke stehen." in listing
    assert "Die Bänke wurden aufgestellt." in listing
    assert (
        "Bänke am Spielplatz" not in english_client().get("/ideen/?phase=planned").content.decode()
    )
    page = english_client().get(f"/ideen/{idea.pk}/").content.decode()
    assert "Die Bänke wurden aufgestellt." in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )  # type: ignore[index]
    assert data["@type"] == "CreativeWork"
    assert data["creativeWorkStatus"] == "done"


def test_a_german_author_is_told_in_german(coordinator: User) -> None:
    idea = IdeaFactory(language="de", created_by=UserFactory(email="mama@example.org"))
    english_client(coordinator).post(
        f"/verwaltung/ideen/{idea.pk}/phase/", {"stage": "planned", "reason": "Kommt 2027."}
    )
    mail = OutboxMessage.objects.get(purpose="ideas.stage")
    assert mail.to == ["mama@example.org"]
    assert "geplant" in mail.subject, mail.subject
    assert "Kommt 2027." in mail.body_text


def test_support_is_one_per_account_and_can_be_taken_back(family_client: Client) -> None:
    idea = IdeaFactory()
    url = f"/ideen/{idea.pk}/unterstuetzen/"
    # A double click sends the form twice: still one support.
    family_client.post(url, {"unterstuetzen": "1"})
    family_client.post(url, {"unterstuetzen": "1"})
    assert Support.objects.filter(idea=idea).count() == 1
    page = family_client.get(f"/ideen/{idea.pk}/").content.decode()
    assert "1 person supports this idea." in page
    assert "You support this idea." in page
    family_client.post(url, {"unterstuetzen": "0"})
    family_client.post(url, {"unterstuetzen": "0"})
    assert Support.objects.filter(idea=idea).count() == 0
    assert "0 people support this idea." in family_client.get(f"/ideen/{idea.pk}/").content.decode()


def test_a_comment_sent_twice_is_stored_once(family_client: Client) -> None:
    idea = IdeaFactory()
    for _ in range(2):
        response = family_client.post(f"/ideen/{idea.pk}/kommentieren/", {"text": "Gute Idee!"})
        assert response.status_code == 302
    assert idea.comments.count() == 1


def test_the_list_groups_by_stage_and_shows_counts() -> None:
    IdeaFactory(title="Schattenplätze", stage=Stage.IN_PROGRESS, stage_reason="Bäume bestellt")
    IdeaFactory(title="Skatepark", stage=Stage.NOT_POSSIBLE, stage_reason="Denkmalschutz")
    IdeaFactory(title="Nicht veröffentlicht", status=Idea.Status.SUBMITTED)
    page = english_client().get("/ideen/").content.decode()
    assert page.index("Schattenplätze") < page.index("Skatepark")
    assert "Denkmalschutz" in page and "Bäume bestellt" in page
    assert "Nicht veröffentlicht" not in page
    assert "In progress (1)" in page and "Not possible (1)" in page
    assert "All (2)" in page


def test_the_workshop_and_the_survey_are_linked_on_the_page(coordinator: User) -> None:
    event = make_event(title="Werkstatt des Familienbeirats")
    survey = SurveyFactory(status="published")
    idea = IdeaFactory()
    response = english_client(coordinator).post(
        f"/verwaltung/ideen/{idea.pk}/verknuepfen/", {"event": event.pk, "survey": survey.pk}
    )
    assert response.status_code == 302
    page = english_client().get(f"/ideen/{idea.pk}/").content.decode()
    assert "Werkstatt des Familienbeirats" in page
    assert event.get_absolute_url() in page
    assert survey.get_absolute_url() in page
    assert AuditEntry.objects.filter(action="ideas.link", object_id=str(idea.pk)).exists()
    # With public results, the idea links to them.
    survey.public_results = True
    survey.save()
    page = english_client().get(f"/ideen/{idea.pk}/").content.decode()
    assert f"/befragungen/{survey.slug}/ergebnisse/" in page
    office = english_client(coordinator).get(f"/verwaltung/ideen/{idea.pk}/").content.decode()
    assert f"/verwaltung/befragungen/{survey.pk}/ergebnisse/" in office


def test_the_start_page_shows_answered_ideas() -> None:
    IdeaFactory(
        title="Wickeltisch in der Bibliothek",
        stage=Stage.DONE,
        stage_reason="Eingebaut.",
        stage_changed_at=timezone.now(),
    )
    page = english_client().get("/").content.decode()
    assert "What became of your ideas" in page
    assert "Wickeltisch in der Bibliothek" in page
    assert 'href="/ideen/"' in page
