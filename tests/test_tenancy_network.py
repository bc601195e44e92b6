"""Two alliances on one install, in the partners' workshop (issue 23, "Isolation").

Musterstadt (the first alliance, on ``testserver``) and Beispieldorf (on
``beispieldorf.localhost``) each have a group with the SAME address (``lenkung``) and
the same kinds of content; every title of Musterstadt's says "Musterstadt-only", every
title of Beispieldorf's "Beispieldorf-only". Each alliance's members walk every address
of their group, the workshop's general pages, the search, their secret Atom and iCal
links, the API and the downloads: they see their own rows and never the other's. An
address of the other alliance's objects, or its secret link, answers 404 on this host.
A coordinator's lists and exports are their alliance's. The overdue-task reminders, the
digests and the invitation run inside Beispieldorf touch only its rows, and their mails
link to Beispieldorf's own host.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.network import notifications, search_index
from familienrathaus.network.models import Group, GroupMember, MemberProfile, Task
from familienrathaus.network.services import groups as group_services
from familienrathaus.network.services import tasks as task_services
from tests.conftest import alliance_client, english_client
from tests.factories import TOTP_SECRET, UserFactory
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
from tests.test_network_isolation import group_urls, network_patterns

pytestmark = pytest.mark.django_db

A = "Musterstadt-only"
B = "Beispieldorf-only"
SLUG = "lenkung"  # the same group address in both alliances
B_SITE = "http://beispieldorf.localhost"


def build(word: str, prefix: str) -> dict[str, Any]:
    """One alliance's workshop (call inside the alliance): a group ``lenkung`` with a
    meeting, approved minutes with a decision, an overdue task, a document, a post, an
    invitation; a member who wants a daily digest; a quiet second group."""
    group = GroupFactory(slug=SLUG, name=f"{word} Lenkungsgruppe", purpose=f"{word} Zweck")
    lead = member_of(group, role=GroupMember.Role.LEAD, email=f"lead-{prefix}@example.org")
    reader = member_of(group, email=f"leser-{prefix}@example.org")
    coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination-{prefix}@example.org")
    TOTP.activate(coordinator, TOTP_SECRET)
    meeting = MeetingFactory(group=group, title=f"{word} Sitzung")
    held = MeetingFactory(group=group, title=f"{word} Sitzung im Mai", held=True)
    minutes = MinutesFactory(meeting=held, approved=True)
    section = MinutesSectionFactory(minutes=minutes, body=f"{word} Skizze beschlossen")
    decision = DecisionFactory(minutes=minutes, section=section, text=f"{word} beschlossen")
    task = TaskFactory(group=group, title=f"{word} Aufgabe", owner=lead, overdue=True)
    folder = FolderFactory(group=group, name=f"{word} Ordner")
    version = DocumentVersionFactory(
        document__group=group,
        document__folder=folder,
        document__title=f"{word} Konzept",
        number=1,
        text=f"{word} Text der Skizze",
    )
    post = PostFactory(group=group, title=f"{word} Neuigkeit", author=lead)
    CommentFactory(post=post, author=lead, text=f"{word} Kommentar")
    GroupFactory(
        slug="ruhig",
        name=f"{word} Ruhige Gruppe",
        created_at=timezone.now() - timedelta(days=400),  # never met in over a year
    )
    profiles = {
        user.pk: MemberProfile.objects.get_or_create(user=user)[0] for user in (lead, reader)
    }
    profiles[reader.pk].notify = MemberProfile.Notify.DAILY
    profiles[reader.pk].save()
    search_index.rebuild()
    return {
        "group": group,
        "lead": lead,
        "reader": reader,
        "coordinator": coordinator,
        "meeting": meeting,
        "held": held,
        "item": AgendaItemFactory(meeting=meeting, title=f"{word} Punkt"),
        "minutes": minutes,
        "decision": decision,
        "task": task,
        "folder": folder,
        "document": version.document,
        "post": post,
        "membership": group.members.get(user=lead),
        "invitation": InvitationFactory(group=group, email=f"eingeladen-{prefix}@example.org"),
        "token": profiles[lead.pk].feed_token,
        "word": word,
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = build(A, "a")
    with tenancy.activate(second_alliance):
        b = build(B, "b")
    return {"a": a, "b": b, "second": second_alliance}


def clients(both: dict[str, Any], user_key: str) -> dict[str, tuple[Client, str, str]]:
    """Per alliance: a client on its host logged in as its ``user_key``, its own word
    and the other's."""
    return {
        "a": (english_client(both["a"][user_key]), A, B),
        "b": (alliance_client(both["second"], both["b"][user_key]), B, A),
    }


def text(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_the_same_group_address_in_both_alliances_shows_each_its_own_group(
    both: dict[str, Any],
) -> None:
    for key, (client, own, other) in clients(both, "lead").items():
        page = client.get(reverse("network:group", kwargs={"slug": SLUG}))
        assert page.status_code == 200, key
        assert f"{own} Lenkungsgruppe" in text(page), key
        assert other not in text(page), key


def test_every_address_of_the_group_shows_only_its_alliance_s_rows(
    both: dict[str, Any],
) -> None:
    for key, (client, own, other) in clients(both, "lead").items():
        urls = group_urls(both[key])
        assert len(urls) >= 20
        shown = 0
        for name, url in urls:
            response = client.get(url)
            # (no preview image is made in the tests: 404 there)
            expected = {200, 302, 405} | ({404} if name == "document-preview" else set())
            assert response.status_code in expected, f"{key} {name} {url}"
            body = text(response)
            assert other not in body, f"{key} {name} {url} shows the other alliance's row"
            shown += own in body
        assert shown >= 10, key  # the walk saw the group's content, it is not blind


def test_the_other_alliance_s_objects_answer_404_on_this_host(both: dict[str, Any]) -> None:
    """B's lead on B's host, with A's object numbers behind the shared group address
    (and the other way round): every address of an object is 404 and changes nothing."""
    routes = {p.name: str(p.pattern) for p in network_patterns()}
    for key, (client, _own, other) in clients(both, "lead").items():
        foreign = both["b" if key == "a" else "a"]
        checked = 0
        for name, url in group_urls(foreign):
            if "<int:" not in routes[name]:
                continue  # no object in it: this alliance's own group "lenkung"
            checked += 1
            response = client.get(url)
            assert response.status_code in {404, 405}, f"{key} {name} {url}"
            assert other not in text(response), f"{key} {name} {url}"
            response = client.post(url, {"title": "x", "text": "x", "status": "done"})
            assert response.status_code == 404, f"{key} POST {name} {url}"
        assert checked >= 20, key
    assert Task.objects.get(pk=both["a"]["task"].pk).status != Task.Status.DONE
    by_number = reverse("network:minutes", kwargs={"pk": both["a"]["minutes"].pk})
    assert alliance_client(both["second"], both["b"]["lead"]).get(by_number).status_code == 404


def test_general_pages_and_search_show_only_the_alliance_s_rows(both: dict[str, Any]) -> None:
    for key, (client, own, other) in clients(both, "lead").items():
        for name in ("home", "feed", "my-tasks", "notifications"):
            response = client.get(reverse(f"network:{name}"))
            assert response.status_code == 200, f"{key} {name}"
            assert other not in text(response), f"{key} {name}"
        assert own in text(client.get(reverse("network:feed"))), key
        assert own in text(client.get(reverse("network:my-tasks"))), key
        for word in ("Skizze", "beschlossen", "Konzept"):
            found = text(client.get(reverse("network:search") + f"?q={word}"))
            assert own in found, f"{key} search {word}"
            assert other not in found, f"{key} search {word}"


def test_secret_feed_links_resolve_only_on_their_alliance_s_host(both: dict[str, Any]) -> None:
    hosts = {"a": Client(), "b": alliance_client(both["second"])}
    for key, client in hosts.items():
        own, other = (both["a"], both["b"]) if key == "a" else (both["b"], both["a"])
        for name in ("atom", "ical-feed"):
            mine = client.get(reverse(f"network:{name}", kwargs={"token": own["token"]}))
            assert mine.status_code == 200, f"{key} {name}"
            assert own["word"] in text(mine), f"{key} {name}"
            assert other["word"] not in text(mine), f"{key} {name}"
            theirs = client.get(reverse(f"network:{name}", kwargs={"token": other["token"]}))
            assert theirs.status_code == 404, f"{key} {name} opens the other alliance's feed"
        invitation = reverse("network:invitation", args=[other["invitation"].token])
        assert client.get(invitation).status_code == 404, key
        assert (
            client.get(reverse("network:invitation", args=[own["invitation"].token])).status_code
            == 200
        ), key


def test_the_atom_feed_links_to_the_alliance_s_own_host(both: dict[str, Any]) -> None:
    client = alliance_client(both["second"])
    feed = text(client.get(reverse("network:atom", kwargs={"token": both["b"]["token"]})))
    assert "http://beispieldorf.localhost/" in feed
    assert "testserver" not in feed
    ical = text(client.get(reverse("network:ical-feed", kwargs={"token": both["b"]["token"]})))
    assert f"{B_SITE}:" in ical or f"{B_SITE}/" in ical


def test_the_api_shows_each_alliance_its_own_rows(both: dict[str, Any]) -> None:
    with tenancy.activate(both["second"]):
        token_b = create_api_token(user=both["b"]["lead"], name="test")[1]
    token_a = create_api_token(user=both["a"]["lead"], name="test")[1]
    apis = {
        "a": (Client(), token_a, token_b, A, B, both["b"]),
        "b": (alliance_client(both["second"]), token_b, token_a, B, A, both["a"]),
    }
    for key, (api, mine, theirs, own, other, foreign) in apis.items():
        auth = {"authorization": f"Bearer {mine}"}
        for url in (
            "/api/v1/network/meetings?all=true",
            "/api/v1/network/tasks?status=all",
            "/api/v1/network/feed",
            f"/api/v1/network/feed?group={SLUG}",
        ):
            response = api.get(url, headers=auth)
            assert response.status_code == 200, f"{key} {url}"
            assert own in text(response), f"{key} {url}"
            assert other not in text(response), f"{key} {url}"
        meeting = f"/api/v1/network/meetings/{foreign['meeting'].pk}"
        assert api.get(meeting, headers=auth).status_code == 404, key
        response = api.patch(
            f"/api/v1/network/tasks/{foreign['task'].pk}",
            {"status": "done"},
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 404, key
        # The other alliance's token does not open this host's API.
        other_auth = {"authorization": f"Bearer {theirs}"}
        assert api.get("/api/v1/network/feed", headers=other_auth).status_code == 401, key


def test_document_downloads_are_the_alliance_s_own(both: dict[str, Any]) -> None:
    for key, (client, _own, _other) in clients(both, "lead").items():
        mine = both[key]["document"]
        foreign = both["b" if key == "a" else "a"]["document"]
        for document, status in ((mine, 200), (foreign, 404)):
            url = reverse(
                "network:document-download",
                kwargs={"slug": SLUG, "pk": document.pk, "number": 1},
            )
            assert client.get(url).status_code == status, f"{key} {url}"


def test_a_coordinator_s_lists_and_exports_are_their_alliance_s(both: dict[str, Any]) -> None:
    for key, (client, own, other) in clients(both, "coordinator").items():
        groups = text(client.get(reverse("network:groups")))
        assert f"{own} Lenkungsgruppe" in groups, key
        assert other not in groups, key
        engagement = reverse("network:engagement")
        overview = client.get(engagement)
        assert overview.status_code == 200, key
        assert other not in text(overview), key
        quiet = text(client.get(engagement + "?format=csv&list=quiet"))
        assert f"{own} Ruhige Gruppe" in quiet, key
        assert other not in quiet, key
        xlsx = client.get(engagement + "?format=xlsx")
        assert xlsx.status_code == 200, key
        assert other.encode() not in _xlsx_text(xlsx), key
        handover = text(client.get(reverse("network:handover")))
        foreign_lead = both["b" if key == "a" else "a"]["lead"]
        assert foreign_lead.email not in handover, key
        assert both[key]["lead"].email in handover or both[key]["lead"].name in handover, key


def _xlsx_text(response: Any) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_a_new_group_in_the_second_alliance_may_take_an_address_the_first_uses(
    both: dict[str, Any],
) -> None:
    with tenancy.activate(both["second"]):
        group = group_services.create_group(
            actor=both["b"]["coordinator"], name="Lenkung", kind=Group.Kind.STEERING
        )
        assert group.slug != SLUG  # Beispieldorf's own "lenkung" exists already
        again = group_services.create_group(
            actor=both["b"]["coordinator"], name="Neue Runde", kind=Group.Kind.WORKING
        )
    assert again.slug == "neue-runde"
    first = group_services.create_group(
        actor=both["a"]["coordinator"], name="Neue Runde", kind=Group.Kind.WORKING
    )
    assert first.slug == "neue-runde"  # the same address in Musterstadt: its own group


def _mails(purpose: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose__startswith=purpose).order_by("pk"))


def test_reminders_run_inside_the_second_alliance_touch_and_link_only_its_rows(
    both: dict[str, Any],
) -> None:
    with tenancy.activate(both["second"]):
        assert task_services.remind_overdue() == 1
        mails = _mails("network.task")
        assert [m.to for m in mails] == [[both["b"]["lead"].email]]
        body = mails[0].body_text
        assert B in body
        assert f"{B_SITE}" in body
        assert A not in body
    assert _mails("network.task") == []  # Musterstadt's overdue task was not touched
    assert Task.objects.get(pk=both["a"]["task"].pk).reminder_sent_on is None


def test_digests_and_invitations_of_the_second_alliance_link_to_its_host(
    both: dict[str, Any],
) -> None:
    later = timezone.now() + timedelta(hours=1)
    with tenancy.activate(both["second"]):
        assert notifications.send_digests(now=later) == 1
        (digest,) = _mails(notifications.PURPOSE_DIGEST)
        assert digest.to == [both["b"]["reader"].email]
        assert B in digest.body_text
        assert A not in digest.body_text
        assert f"{B_SITE}" in digest.body_text
        assert "127.0.0.1" not in digest.body_text
        group_services.invite(
            actor=both["b"]["lead"],
            group=both["b"]["group"],
            email="neu-b@example.org",
            role=GroupMember.Role.MEMBER,
        )
        (invitation,) = _mails("network.invitation")
        assert f"{B_SITE}" in invitation.body_text
    assert _mails(notifications.PURPOSE_DIGEST) == []  # none for Musterstadt's reader


def test_reindex_network_for_one_alliance_leaves_the_other_s_index(
    both: dict[str, Any],
) -> None:
    out = io.StringIO()
    call_command("reindex_network", "--alliance", "beispieldorf", stdout=out)
    assert "beispieldorf: indexed" in out.getvalue()
    assert "buendnis" not in out.getvalue()
    for key, (client, own, other) in clients(both, "lead").items():
        found = text(client.get(reverse("network:search") + "?q=Konzept"))
        assert own in found, key
        assert other not in found, key
    out = io.StringIO()
    call_command("reindex_network", stdout=out)
    assert "buendnis: indexed" in out.getvalue()
    assert "beispieldorf: indexed" in out.getvalue()
