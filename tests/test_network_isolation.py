"""Who sees which group, on every address of the workshop (issue 17, "Isolation").

The walk goes over the network app's URLconf, so an address added later is checked
too. A group's content is for its members only: a member of another group, partner
staff without a group, a family and an anonymous visitor get 404 (or the login page)
for every address of the group, GET and POST, change nothing, and never see its name or
content on any page they may open (start page, my tasks, feed, search, their own
secret Atom and iCal links, the API). A removed member loses access at once, also to
the secret links and the API.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.network import models as network_models
from familienrathaus.network import search_index
from familienrathaus.network.models import GroupMember, MemberProfile
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.network import (
    AgendaItemFactory,
    CommentFactory,
    DecisionFactory,
    DocumentVersionFactory,
    FolderFactory,
    GroupFactory,
    InvitationFactory,
    MeetingFactory,
    MinutesFactory,
    MinutesSectionFactory,
    PostFactory,
    TaskFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

SECRET = "Geheimnisvoll"  # in the group's name and every text of its content
# Addresses that are not about one group: checked for leaks, not for a 404.
GENERAL = {
    "home",
    "groups",
    "group-create",
    "engagement",
    "handover",
    "my-tasks",
    "feed",
    "notifications",
    "search",
}
# Capability links: whoever holds the secret opens them (checked separately).
TOKENS = {"invitation", "ical-feed", "atom"}
# The segment before an <int:pk> names what it is.
PK_BY_SEGMENT = {
    "mitglieder": "membership",
    "einladungen": "invitation",
    "sitzungen": "meeting",
    "aufgaben": "task",
    "protokolle": "minutes",
    "neuigkeiten": "post",
    "dokumente": "document",
}


def network_patterns() -> list[URLPattern]:
    """The app's URL patterns (found through its namespace, also inside the language
    prefix of ``i18n_patterns``)."""
    resolvers = [e for e in get_resolver().url_patterns if isinstance(e, URLResolver)]
    while resolvers:
        entry = resolvers.pop(0)
        if entry.namespace == "network":
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
        if entry.namespace is None:
            resolvers += [e for e in entry.url_patterns if isinstance(e, URLResolver)]
    raise AssertionError("the network URLconf is not included")


def _pk_kind(route: str) -> str:
    found = re.search(r"/([a-z-]+)/<int:pk>", route)
    assert found, route
    return PK_BY_SEGMENT[found.group(1)]


def group_urls(world: dict[str, Any], *, slug: str | None = None) -> list[tuple[str, str]]:
    """Every address of the secret group (``slug``: with another group's address in
    front of the secret group's objects)."""
    urls = []
    for pattern in network_patterns():
        if pattern.name in GENERAL | TOKENS:
            continue
        route = str(pattern.pattern)
        values = {
            "slug": slug or world["group"].slug,
            "item_id": world["item"].pk,
            "meeting": world["meeting"].pk,
            "folder": world["folder"].pk,
            "number": 1,
        }
        names = list(pattern.pattern.regex.groupindex)
        if "pk" in names:
            values["pk"] = world[_pk_kind(route)].pk
        unknown = set(names) - set(values)
        assert not unknown, f"the walk does not know {unknown} of {route}: teach it"
        kwargs = {name: values[name] for name in names}
        urls.append((pattern.name or route, reverse(f"network:{pattern.name}", kwargs=kwargs)))
    return urls


@pytest.fixture
def world() -> dict[str, Any]:
    group = GroupFactory(name=f"{SECRET}e Lenkungsgruppe", purpose=f"{SECRET} Zweck")
    lead = member_of(group, role=GroupMember.Role.LEAD, email="lead@example.org")
    other = GroupFactory(name="Offene Arbeitsgruppe")
    neighbour = member_of(other, role=GroupMember.Role.LEAD, email="nachbar@example.org")
    meeting = MeetingFactory(group=group, title=f"{SECRET}e Sitzung")
    held = MeetingFactory(group=group, title=f"{SECRET}e Sitzung im Mai", held=True)
    minutes = MinutesFactory(meeting=held, approved=True)
    section = MinutesSectionFactory(minutes=minutes, body=f"Beschluss: {SECRET} beschlossen")
    decision = DecisionFactory(minutes=minutes, section=section, text=f"{SECRET} beschlossen")
    task = TaskFactory(group=group, title=f"{SECRET}e Aufgabe", owner=lead, overdue=True)
    folder = FolderFactory(group=group, name=f"{SECRET}er Ordner")
    version = DocumentVersionFactory(
        document__group=group,
        document__folder=folder,
        document__title=f"{SECRET}es Konzept",
        number=1,
        text=f"{SECRET} Text der Skizze",
    )
    post = PostFactory(group=group, title=f"{SECRET}e Neuigkeit", author=lead)
    CommentFactory(post=post, author=lead, text=f"{SECRET}er Kommentar")
    for user in (lead, neighbour):
        MemberProfile.objects.get_or_create(user=user)
    search_index.rebuild()
    return {
        "group": group,
        "other": other,
        "lead": lead,
        "neighbour": neighbour,
        "meeting": meeting,
        "held": held,
        "item": AgendaItemFactory(meeting=meeting, title=f"{SECRET}er Punkt"),
        "minutes": minutes,
        "decision": decision,
        "task": task,
        "folder": folder,
        "document": version.document,
        "post": post,
        "membership": group.members.get(user=lead),
        "invitation": InvitationFactory(group=group, email="eingeladen@example.org"),
    }


def outsiders(world: dict[str, Any]) -> dict[str, User | None]:
    return {
        "member of another group": world["neighbour"],
        "partner without groups": UserFactory(role=Role.PARTNER),
        "family": UserFactory(role=Role.FAMILY),
        "anonymous": None,
    }


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in vars(network_models).values()
        if isinstance(model, type) and issubclass(model, models.Model)
    } | {"mail": OutboxMessage.objects.count()}


def assert_hidden(response: Any, who: str, url: str, *, anonymous: bool) -> None:
    if anonymous and response.status_code == 302:
        assert "/konto/" in response["Location"], f"{who} {url}: {response['Location']}"
        return
    assert response.status_code in {404, 405}, f"{who} {url}: {response.status_code}"
    body = response.content.decode(errors="replace")
    assert SECRET not in body, f"{who} {url} shows the group's content"


def test_the_walk_knows_every_part_of_the_workshop(world: dict[str, Any]) -> None:
    names = {pattern.name for pattern in network_patterns()}
    assert {"group", "members", "meeting", "minutes-detail", "group-tasks", "decisions"} <= names
    assert len(group_urls(world)) >= 20


def test_outsiders_get_404_for_every_address_of_a_group_and_change_nothing(
    world: dict[str, Any],
) -> None:
    before = counts()
    for who, user in outsiders(world).items():
        client = english_client(user)
        for _name, url in group_urls(world):
            assert_hidden(client.get(url), who, url, anonymous=user is None)
            response = client.post(
                url, {"title": "x", "text": "x", "role": "lead", "status": "done"}
            )
            assert_hidden(response, who, url, anonymous=user is None)
    assert counts() == before


def test_another_group_s_address_does_not_open_this_group_s_objects(
    world: dict[str, Any],
) -> None:
    client = english_client(world["neighbour"])
    before = counts()
    for name, url in group_urls(world, slug=world["other"].slug):
        if name in {
            "group",
            "members",
            "meetings",
            "group-tasks",
            "minutes-list",
            "decisions",
            "documents",
            "group-feed",
            "meeting-create",
            "task-create",
            "document-upload",
            "folder-create",
            "group-edit",
            "group-archive",
            "member-add",
            "member-invite",
        }:
            continue  # the neighbour's own group: their own pages
        assert_hidden(client.get(url), "neighbour", url, anonymous=False)
        assert_hidden(client.post(url, {"status": "done"}), "neighbour", url, anonymous=False)
    assert counts() == before


def test_pages_outsiders_may_open_never_show_the_group(world: dict[str, Any]) -> None:
    for who, user in outsiders(world).items():
        client = english_client(user)
        urls = [reverse(f"network:{name}") for name in sorted(GENERAL)]
        # words of the group's minutes and document (the page repeats what was searched)
        urls += [reverse("network:search") + f"?q={word}" for word in ("Skizze", "beschlossen")]
        if user is not None:
            profile, _created = MemberProfile.objects.get_or_create(user=user)
            urls += [
                reverse("network:ical-feed", kwargs={"token": profile.feed_token}),
                reverse("network:atom", kwargs={"token": profile.feed_token}),
            ]
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 302, 404}, f"{who} {url}: {response.status_code}"
            assert SECRET not in response.content.decode(errors="replace"), f"{who} {url}"
    # The same search finds it for a member: the walk above is not blind.
    found = english_client(world["lead"]).get(reverse("network:search") + "?q=Skizze")
    assert SECRET in found.content.decode()


def test_the_api_shows_outsiders_nothing_of_the_group(world: dict[str, Any]) -> None:
    for who, user in outsiders(world).items():
        if user is None:
            continue
        auth = {"authorization": f"Bearer {create_api_token(user=user, name='test')[1]}"}
        api = Client()
        for url in (
            "/api/v1/network/meetings?all=true",
            "/api/v1/network/tasks?status=all",
            "/api/v1/network/feed",
        ):
            response = api.get(url, headers=auth)
            assert response.status_code == 200, f"{who} {url}"
            assert SECRET not in response.content.decode(), f"{who} {url}"
        assert (
            api.get(f"/api/v1/network/meetings/{world['meeting'].pk}", headers=auth).status_code
            == 404
        )
        response = api.patch(
            f"/api/v1/network/tasks/{world['task'].pk}",
            {"status": "done"},
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 404, who
        response = api.get(f"/api/v1/network/feed?group={world['group'].slug}", headers=auth)
        assert response.status_code == 404, who
    assert Client().get("/api/v1/network/meetings").status_code == 401


def test_a_removed_member_loses_pages_secret_links_and_api_at_once(
    world: dict[str, Any],
) -> None:
    member = member_of(world["group"], email="bald-weg@example.org")
    profile = MemberProfile.objects.create(user=member)
    token = create_api_token(user=member, name="test")[1]
    client = english_client(member)
    links = [
        reverse("network:group", kwargs={"slug": world["group"].slug}),
        reverse("network:ical-feed", kwargs={"token": profile.feed_token}),
        reverse("network:atom", kwargs={"token": profile.feed_token}),
    ]
    api = "/api/v1/network/meetings?all=true"
    auth = {"authorization": f"Bearer {token}"}
    assert client.get(links[0]).status_code == 200
    assert SECRET in Client().get(links[1]).content.decode()
    assert SECRET in Client().get(api, headers=auth).content.decode()

    GroupMember.objects.filter(user=member).delete()
    assert client.get(links[0]).status_code == 404
    for link in links[1:]:
        response = Client().get(link)
        assert response.status_code == 404 or SECRET not in response.content.decode(), link
    assert SECRET not in Client().get(api, headers=auth).content.decode()
