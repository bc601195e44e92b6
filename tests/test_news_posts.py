"""News posts: coordinators publish, partners submit for review; list, detail, RSS, Open Graph."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.news.models import NewsPost
from tests.factories import CategoryFactory, NewsPostFactory, OrganisationFactory, png_upload

pytestmark = pytest.mark.django_db


def post_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Familienfest im Stadtpark",
        "summary": "Am Sonntag feiern wir mit allen Partnern.",
        "text": "Spiele, **Musik** und Beratung.",
        "image_alt": "",
        "publish_at": (timezone.localtime() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(changes)
    return data


def test_coordinator_publishes_a_post_with_picture_and_it_previews_well(
    coordinator_client: Client, anon_client: Client
) -> None:
    category = CategoryFactory(name="Veranstaltungen", slug="veranstaltungen")
    data = post_data(
        image_upload=png_upload(size=(1200, 630)),
        image_alt="Kinder spielen im Park",
        categories=[category.pk],
        publish="1",
    )
    response = coordinator_client.post("/verwaltung/neuigkeiten/neu/", data)
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert post.status == "published"

    listing = anon_client.get("/aktuelles/").content.decode()
    assert "Familienfest im Stadtpark" in listing
    page = anon_client.get(post.get_absolute_url()).content.decode()
    assert "<strong>Musik</strong>" in page
    assert 'alt="Kinder spielen im Park"' in page
    assert '<meta property="og:title" content="Familienfest im Stadtpark">' in page
    assert (
        '<meta property="og:description" content="Am Sonntag feiern wir mit allen Partnern.">'
        in page
    )
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert og_image and og_image.group(1).startswith("http")
    assert og_image.group(1).endswith(".png")
    with translation.override("en"):  # the English page shares its own, English address
        english_url = post.get_absolute_url()
    assert english_url.startswith("/en/")
    assert f'<meta property="og:url" content="http://127.0.0.1:8000{english_url}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    filtered = anon_client.get("/aktuelles/?kategorie=veranstaltungen").content.decode()
    assert "Familienfest im Stadtpark" in filtered
    assert "Familienfest" not in anon_client.get("/aktuelles/?kategorie=andere").content.decode()


def test_a_picture_needs_alternative_text(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/verwaltung/neuigkeiten/neu/", post_data(image_upload=png_upload())
    )
    assert response.status_code == 200
    assert "Please describe the picture" in response.content.decode()
    assert "Familienfest im Stadtpark" in response.content.decode()  # what was typed stays
    assert not NewsPost.objects.exists()


def test_partner_submits_and_coordinator_approves(
    partner_client: Client,
    partner_user: User,
    coordinator: User,
    coordinator_client: Client,
    anon_client: Client,
) -> None:
    organisation = partner_user.memberships.get().organisation
    response = partner_client.post(
        "/verwaltung/neuigkeiten/neu/", post_data(organisation=organisation.pk)
    )
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert post.status == "draft"
    assert anon_client.get(post.get_absolute_url()).status_code == 404

    partner_client.post(f"/verwaltung/neuigkeiten/{post.pk}/status/", {"step": "submit"})
    post.refresh_from_db()
    assert post.status == "submitted"
    mails = OutboxMessage.objects.filter(purpose="news.submitted")
    assert any(coordinator.email in mail.to for mail in mails)
    # The partner cannot publish it: the one answer to a step not allowed.
    refused = partner_client.post(
        f"/verwaltung/neuigkeiten/{post.pk}/status/", {"step": "approve"}, follow=True
    )
    assert "This step is not possible" in refused.content.decode()
    post.refresh_from_db()
    assert post.status == "submitted"
    assert "Familienfest" not in anon_client.get("/aktuelles/").content.decode()

    coordinator_client.post(f"/verwaltung/neuigkeiten/{post.pk}/status/", {"step": "approve"})
    post.refresh_from_db()
    assert post.status == "published"
    assert "Familienfest im Stadtpark" in anon_client.get("/aktuelles/").content.decode()


def test_partner_cannot_post_for_another_organisation(partner_client: Client) -> None:

    other = OrganisationFactory(name="Andere Kita", slug="andere-kita")
    response = partner_client.post("/verwaltung/neuigkeiten/neu/", post_data(organisation=other.pk))
    assert response.status_code == 200  # not a choice the form offers
    assert not NewsPost.objects.exists()


def test_future_posts_and_drafts_stay_hidden(anon_client: Client) -> None:
    NewsPostFactory(title="Schon da")
    NewsPostFactory(title="Kommt morgen", publish_at=timezone.now() + timedelta(days=1))
    NewsPostFactory(title="Noch Entwurf", status="draft")
    listing = anon_client.get("/aktuelles/").content.decode()
    assert "Schon da" in listing
    assert "Kommt morgen" not in listing
    assert "Noch Entwurf" not in listing


def test_rss_feed_lists_published_posts(anon_client: Client) -> None:
    NewsPostFactory(title="Im Feed")
    NewsPostFactory(title="Nicht im Feed", status="draft")
    response = anon_client.get("/aktuelles/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Im Feed</title>" in body
    assert "Nicht im Feed" not in body


def test_start_page_shows_latest_news(anon_client: Client) -> None:
    NewsPostFactory(title="Neu auf der Startseite")
    assert "Neu auf der Startseite" in anon_client.get("/").content.decode()


def test_families_cannot_reach_the_news_back_office(family_client: Client) -> None:
    assert family_client.get("/verwaltung/neuigkeiten/").status_code == 403
    assert family_client.get("/verwaltung/neuigkeiten/social-media/").status_code == 403


def test_api_lists_published_posts(anon_client: Client) -> None:
    NewsPostFactory(title="Über die API")
    NewsPostFactory(title="Geheim", status="draft")
    data = anon_client.get("/api/v1/news/").json()
    assert [post["title"] for post in data] == ["Über die API"]
    assert data[0]["url"].startswith("http")
    assert anon_client.get("/api/v1/news/publications").json() == []


def test_partner_changes_to_a_published_post_are_reviewed(
    partner_client: Client, partner_user: User, coordinator_client: Client, anon_client: Client
) -> None:
    organisation = partner_user.memberships.get().organisation
    post = NewsPostFactory(organisation=organisation, title="Elterncafé am Dienstag")
    response = partner_client.post(
        f"/verwaltung/neuigkeiten/{post.pk}/",
        post_data(organisation=organisation.pk, title="Elterncafé auch am Samstag"),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Elterncafé am Dienstag"  # the published version stays
    assert post.pending_changes and post.pending_changes["state"] == "submitted"
    assert "Elterncafé am Dienstag" in anon_client.get(post.get_absolute_url()).content.decode()
    review_page = coordinator_client.get(f"/verwaltung/neuigkeiten/{post.pk}/").content.decode()
    assert "Elterncafé auch am Samstag" in review_page
    assert "Approve the changes" in review_page

    coordinator_client.post(
        f"/verwaltung/neuigkeiten/{post.pk}/status/", {"step": "approve_changes"}
    )
    post.refresh_from_db()
    assert post.title == "Elterncafé auch am Samstag"
    assert post.pending_changes is None
    assert post.status == "published"


def test_partner_submits_without_touching_the_publish_date(
    partner_client: Client, partner_user: User
) -> None:
    organisation = partner_user.memberships.get().organisation
    form = partner_client.get("/verwaltung/neuigkeiten/neu/").content.decode()
    prefilled = re.search(r'name="publish_at" value="([^"]+)"', form)
    assert prefilled is not None  # today, not an empty required field

    data = post_data(organisation=organisation.pk, title="Großes Familienfrühstück")
    data["publish_at"] = ""
    response = partner_client.post("/verwaltung/neuigkeiten/neu/", data)
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert abs(post.publish_at - timezone.now()) < timedelta(minutes=1)
    # German addresses: "ß" and umlauts are written out, not dropped.
    assert post.get_absolute_url() == "/aktuelles/grosses-familienfruehstueck/"


def test_reviewer_sees_proposed_changes_with_field_names(
    partner_client: Client, partner_user: User, coordinator_client: Client
) -> None:
    organisation = partner_user.memberships.get().organisation
    post = NewsPostFactory(organisation=organisation, title="Elterncafé am Dienstag")
    partner_client.post(
        f"/verwaltung/neuigkeiten/{post.pk}/",
        post_data(organisation=organisation.pk, title="Elterncafé auch am Samstag"),
    )
    page = coordinator_client.get(f"/verwaltung/neuigkeiten/{post.pk}/").content.decode()
    row = re.search(r'<th class="kern-table__cell" scope="row">Title</th>(.*?)</tr>', page, re.S)
    assert row and "Elterncafé auch am Samstag" in row.group(1)
    assert ">title<" not in page
