"""The API of a member's meetings and tasks (/api/v1/network) with a personal token:
only the member's groups, only their own tasks, a status change where allowed."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from familienrathaus.core.services import create_api_token
from familienrathaus.network.models import GroupMember, Reply, Task
from tests.factories.network import (
    AgendaItemFactory,
    GroupFactory,
    MeetingFactory,
    ReplyFactory,
    TaskFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    group = GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")
    person = member_of(group, name="Mia Mitglied")
    _token, key = create_api_token(user=person, name="Kalender-App")
    return group, person, key


def _api(key: str) -> Client:
    return Client(headers={"authorization": f"Bearer {key}"})


def test_meetings_of_my_groups_with_agenda_and_my_reply(world):
    group, person, key = world
    mine = MeetingFactory(group=group, title="Planungstreffen")
    AgendaItemFactory(meeting=mine, title="Zahlen aus dem Sommer", owner=person, position=1)
    ReplyFactory(meeting=mine, user=person, answer=Reply.Answer.MAYBE)
    foreign = MeetingFactory(title="Fremdes Treffen")

    response = _api(key).get("/api/v1/network/meetings")
    assert response.status_code == 200
    data = response.json()
    assert [m["title"] for m in data] == ["Planungstreffen"]
    assert data[0]["group"] == {"slug": "ferienbetreuung", "name": "Ferienbetreuung"}
    assert data[0]["my_reply"] == "maybe"
    assert data[0]["uid"] == mine.uid
    assert data[0]["agenda"][0]["title"] == "Zahlen aus dem Sommer"
    assert data[0]["agenda"][0]["owner"] == "Mia Mitglied"

    assert _api(key).get(f"/api/v1/network/meetings/{mine.pk}").json()["title"] == (
        "Planungstreffen"
    )
    assert _api(key).get(f"/api/v1/network/meetings/{foreign.pk}").status_code == 404
    assert Client().get("/api/v1/network/meetings").status_code == 401


def test_my_tasks_and_a_status_change(world):
    group, person, key = world
    task = TaskFactory(group=group, owner=person, title="Elternbrief")
    TaskFactory(group=group, owner=person, title="Alt", done=True)
    someone_elses = TaskFactory(group=group, title="Nicht meine")
    foreign = TaskFactory(title="Fremde Gruppe")

    assert [t["title"] for t in _api(key).get("/api/v1/network/tasks").json()] == ["Elternbrief"]
    done = _api(key).get("/api/v1/network/tasks?status=done").json()
    assert [t["title"] for t in done] == ["Alt"]
    every = _api(key).get("/api/v1/network/tasks?status=all").json()
    assert sorted(t["title"] for t in every) == ["Alt", "Elternbrief"]

    def patch(pk: int, status: str):  # type: ignore[no-untyped-def]
        return _api(key).patch(
            f"/api/v1/network/tasks/{pk}",
            json.dumps({"status": status}),
            content_type="application/json",
        )

    response = patch(task.pk, "done")
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert patch(someone_elses.pk, "done").status_code == 403
    assert patch(foreign.pk, "done").status_code == 404
    assert patch(task.pk, "archived").status_code == 422


def test_a_removed_member_reads_nothing_with_their_token(world):
    group, person, key = world
    MeetingFactory(group=group)
    TaskFactory(group=group, owner=person)
    GroupMember.objects.filter(user=person).delete()
    assert _api(key).get("/api/v1/network/meetings").json() == []
    assert _api(key).get("/api/v1/network/tasks").json() == []
