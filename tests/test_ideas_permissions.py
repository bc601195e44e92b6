"""Who may do what with ideas: only coordinators review, answer and moderate; families
submit, support and comment when signed in; nobody sees an unpublished idea of another."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.ideas.models import Comment, Idea, Stage, Support
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.ideas import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def test_families_and_partners_may_not_moderate(family_client: Client, partner_user: User) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED)
    comment = CommentFactory(idea=IdeaFactory())
    for client in (family_client, english_client(partner_user)):
        assert client.get("/verwaltung/ideen/").status_code == 403
        assert client.get(f"/verwaltung/ideen/{idea.pk}/").status_code == 403
        assert client.get("/verwaltung/ideen/pruefen/").status_code == 403
        response = client.post(
            f"/verwaltung/ideen/{comment.idea.pk}/phase/", {"stage": "done", "reason": "x"}
        )
        assert response.status_code == 403
        client.post(
            f"/verwaltung/ideen/kommentare/{comment.pk}/ausblenden/", {f"c{comment.pk}-reason": "x"}
        )
        # The review step: whoever is not owner or reviewer does not even see the idea.
        assert client.post(f"/ideen/{idea.pk}/status/", {"step": "approve"}).status_code == 404
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert comment.idea.stage == Stage.NEW
    assert not comment.is_hidden


def test_the_author_cannot_publish_their_own_idea(family_client: Client, family_user: User) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED, created_by=family_user)
    response = family_client.post(f"/ideen/{idea.pk}/status/", {"step": "approve"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    page = family_client.get(f"/ideen/{idea.pk}/", follow=True).content.decode()
    assert "This step is not possible" in page


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    idea = IdeaFactory()
    client = english_client()
    response = client.get("/ideen/neu/")
    login = reverse("account_login")
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    response = client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response["Location"] == f"{login}?next=/ideen/{idea.pk}/"
    assert client.post(f"/ideen/{idea.pk}/kommentieren/", {"text": "Hallo"}).status_code == 302
    assert not Support.objects.exists() and not Comment.objects.exists()
    page = client.get(f"/ideen/{idea.pk}/").content.decode()
    assert "Log in to support this idea or to comment" in page


def test_an_unpublished_idea_cannot_be_supported_or_commented(
    family_client: Client, family_user: User
) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED, created_by=family_user)
    assert family_client.post(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 403
    assert family_client.post(f"/ideen/{idea.pk}/kommentieren/", {"text": "x"}).status_code == 403
    other = english_client(UserFactory())
    assert other.get(f"/ideen/{idea.pk}/").status_code == 404
    assert other.post(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 404


def test_only_the_author_changes_a_returned_idea(
    family_client: Client, family_user: User, coordinator: User
) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED, created_by=family_user)
    english_client(coordinator).post(
        f"/ideen/{idea.pk}/status/", {"step": "return", "comment": "Welcher Spielplatz?"}
    )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.RETURNED
    page = family_client.get(f"/ideen/{idea.pk}/").content.decode()
    assert "Welcher Spielplatz?" in page
    assert english_client(UserFactory()).get(f"/ideen/{idea.pk}/bearbeiten/").status_code == 403
    response = family_client.post(
        f"/ideen/{idea.pk}/bearbeiten/",
        {"title": "Bänke am Spielplatz am Bach", "text": "Am Bach."},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.title == "Bänke am Spielplatz am Bach"


def test_a_coordinator_may_reject_and_the_author_is_told(
    coordinator: User, family_user: User
) -> None:
    idea = IdeaFactory(status=Idea.Status.SUBMITTED, created_by=family_user)
    english_client(coordinator).post(
        f"/ideen/{idea.pk}/status/", {"step": "reject", "comment": "Enthält eine Adresse."}
    )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REJECTED
    assert OutboxMessage.objects.filter(
        purpose="ideas.rejected", to=["familie@example.org"]
    ).exists()
    assert english_client().get(f"/ideen/{idea.pk}/").status_code == 404


def test_the_decision_reaches_the_author_in_their_language(coordinator: User) -> None:
    idea = IdeaFactory(
        status=Idea.Status.SUBMITTED, language="de", created_by=UserFactory(email="oma@example.org")
    )
    english_client(coordinator).post(f"/ideen/{idea.pk}/status/", {"step": "approve"})
    mail = OutboxMessage.objects.get(purpose="ideas.published")
    assert mail.to == ["oma@example.org"]
    assert mail.subject == f"Veröffentlicht: Idee „{idea.title}“"
    assert f"/ideen/{idea.pk}/" in mail.body_text
