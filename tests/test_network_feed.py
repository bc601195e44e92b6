"""The workshop's feed (issue 17, point 6): a group's and the whole network's, posts and
comments by members, automatic entries once per event, sent Infobrief editions, the
member's Atom feed by a secret link, and the API's feed."""

from __future__ import annotations

from typing import Any

import pytest
from defusedxml import ElementTree
from django.test import Client

from familienrathaus.core import services as core_services
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Comment, GroupMember, MemberProfile, Post
from familienrathaus.network.services import feed
from familienrathaus.newsletter import services as newsletter_services
from familienrathaus.newsletter.models import Edition
from familienrathaus.newsletter.signals import edition_sent
from tests.conftest import english_client
from tests.factories import UserFactory, edition_with
from tests.factories.network import GroupFactory, PostFactory, member_of

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Frühe Hilfen", slug="fruehe-hilfen")


@pytest.fixture
def member(group: Any) -> Any:
    return member_of(group, name="Anna Schmidt", email="anna@example.org")


def test_members_post_and_comment_in_their_group(group: Any, member: Any) -> None:
    client = english_client(member)
    response = client.post(
        f"/werkstatt/{group.slug}/neuigkeiten/",
        {"title": "Raum für Mai gefunden", "text": "Im Familienzentrum Mitte."},
    )
    assert response.status_code == 302
    post = Post.objects.get(group=group)
    assert (post.kind, post.author) == (Post.Kind.POST, member)

    guest = member_of(group, GroupMember.Role.GUEST, name="Gerd Gast")
    guest_client = english_client(guest)
    page = guest_client.get(f"/werkstatt/{group.slug}/neuigkeiten/").content.decode()
    assert "Raum für Mai gefunden" in page
    assert "Write a post" not in page  # guests read and comment, they do not post
    assert (
        guest_client.post(f"/werkstatt/{group.slug}/neuigkeiten/", {"title": "x"}).status_code
        == 404
    )
    response = guest_client.post(f"/werkstatt/neuigkeiten/{post.pk}/", {"text": "Danke!"})
    assert response.status_code == 302
    assert Comment.objects.get().author == guest
    page = client.get(f"/werkstatt/neuigkeiten/{post.pk}/").content.decode()
    assert "Danke!" in page and "Gerd Gast" in page


def test_an_empty_post_is_refused_next_to_the_field_and_the_text_is_kept(
    group: Any, member: Any
) -> None:
    response = english_client(member).post(
        f"/werkstatt/{group.slug}/neuigkeiten/", {"title": "", "text": "Mein langer Text"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and "Mein langer Text" in page
    assert not Post.objects.exists()


def test_the_whole_network_feed_shows_all_my_groups_and_nothing_else(
    group: Any, member: Any
) -> None:
    other_group = GroupFactory(name="Kuratorium")
    PostFactory(group=group, title="Aus meiner Gruppe")
    PostFactory(group=other_group, title="Aus einer fremden Gruppe")
    feed.record(None, Post.Kind.POST, "An das ganze Bündnis", "")
    page = english_client(member).get("/werkstatt/neuigkeiten/").content.decode()
    assert "Aus meiner Gruppe" in page and "An das ganze Bündnis" in page
    assert "Aus einer fremden Gruppe" not in page and "Kuratorium" not in page

    outsider = member_of(other_group)
    foreign = PostFactory(group=group, title="Nur für Frühe Hilfen")
    assert english_client(outsider).get(f"/werkstatt/neuigkeiten/{foreign.pk}/").status_code == 404
    assert english_client(outsider).get(f"/werkstatt/{group.slug}/neuigkeiten/").status_code == 404
    assert (
        english_client(outsider)
        .post(f"/werkstatt/neuigkeiten/{foreign.pk}/", {"text": "Hallo"})
        .status_code
        == 404
    )
    assert not Comment.objects.exists()


def test_an_automatic_entry_is_written_once_per_source(group: Any) -> None:
    first = feed.record(
        group, Post.Kind.MINUTES, "Protokoll genehmigt", "/x/", source_key="minutes:5:approved"
    )
    again = feed.record(
        group, Post.Kind.MINUTES, "Protokoll genehmigt", "/x/", source_key="minutes:5:approved"
    )
    assert first.pk == again.pk
    assert Post.objects.filter(source_key="minutes:5:approved").count() == 1


def test_two_workers_recording_the_same_event_at_once_leave_one_entry_and_one_mail(
    group: Any, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    MemberProfile.objects.update_or_create(
        user=member, defaults={"notify": MemberProfile.Notify.IMMEDIATE}
    )
    first = feed.record(group, Post.Kind.DOCUMENT, "Neues Dokument", "/x/", source_key="doc:9")
    mails = OutboxMessage.objects.count()
    assert mails == 1
    # The second worker looked before the first one had written: its check found nothing.
    monkeypatch.setattr(feed, "_recorded", lambda source_key: None)
    second = feed.record(group, Post.Kind.DOCUMENT, "Neues Dokument", "/x/", source_key="doc:9")
    assert second.pk == first.pk
    assert Post.objects.filter(source_key="doc:9").count() == 1
    assert OutboxMessage.objects.count() == mails


def test_a_sent_infobrief_edition_appears_in_the_whole_network_feed_once(member: Any) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    edition = edition_with(subject="Infobrief Frühjahr")
    newsletter_services.schedule(actor=coordinator, edition=edition, at=None)
    for _ in range(3):  # the newsletter's ticks, as the worker runs them
        edition.refresh_from_db()
        if newsletter_services.supervise(edition.pk, edition.tick_token) == "sent":
            break
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    edition_sent.send(sender=Edition, edition=edition)  # heard twice: still one entry
    assert feed.record_sent_editions() == 0  # the hourly catch-up finds it there too
    post = Post.objects.get(kind=Post.Kind.EDITION)
    assert post.group is None and post.url == f"/infobrief/archiv/{edition.slug}/"
    page = english_client(member).get("/werkstatt/neuigkeiten/?nur=alle").content.decode()
    assert "Infobrief Frühjahr" in page


def test_the_atom_feed_by_secret_link_stops_for_a_renewed_link_and_a_removed_member(
    group: Any, member: Any
) -> None:
    PostFactory(group=group, title="Neue Termine")
    PostFactory(group=GroupFactory(), title="Fremde Gruppe")
    profile = MemberProfile.objects.create(user=member)
    url = f"/werkstatt/feed/{profile.feed_token}.atom"
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [
        e.findtext(f"{ATOM}title")
        for e in ElementTree.fromstring(response.content).iter(f"{ATOM}entry")
    ]
    assert titles == ["[Frühe Hilfen] Neue Termine"]

    settings_page = english_client(member).get("/werkstatt/benachrichtigungen/").content.decode()
    assert profile.feed_token in settings_page
    english_client(member).post("/werkstatt/benachrichtigungen/", {"action": "renew"})
    assert Client().get(url).status_code == 404
    profile.refresh_from_db()
    new_url = f"/werkstatt/feed/{profile.feed_token}.atom"
    assert Client().get(new_url).status_code == 200

    GroupMember.objects.filter(user=member).delete()
    assert Client().get(new_url).status_code == 404


def test_the_api_lists_the_feed_of_my_groups_only(group: Any, member: Any) -> None:
    PostFactory(group=group, title="Für uns")
    PostFactory(group=GroupFactory(slug="fremd"), title="Nicht für uns")
    key = core_services.create_api_token(user=member, name="App")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = api.get("/api/v1/network/feed").json()
    assert [entry["title"] for entry in body] == ["Für uns"]
    assert body[0]["group"] == {"slug": "fruehe-hilfen", "name": "Frühe Hilfen"}
    assert body[0]["url"].endswith(f"/werkstatt/neuigkeiten/{body[0]['id']}/")
    assert api.get("/api/v1/network/feed?group=fremd").status_code == 404
    assert Client().get("/api/v1/network/feed").status_code == 401


def test_the_author_or_a_lead_takes_a_post_down_others_cannot(group: Any, member: Any) -> None:
    post = feed.create_post(author=member, group=group, title="Versehen", text="")
    other = english_client(member_of(group))
    assert other.post(f"/werkstatt/neuigkeiten/{post.pk}/loeschen/").status_code == 404
    response = english_client(member).post(f"/werkstatt/neuigkeiten/{post.pk}/loeschen/")
    assert response.status_code == 302
    assert not Post.objects.exists()
