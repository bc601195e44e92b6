"""Tasks as members see them: "Meine Aufgaben" across groups, a status in one tap,
who may change what, and the overdue reminder that comes once per due date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage
from familienrathaus.network.models import GroupMember, Task
from familienrathaus.network.services import tasks as task_services
from tests.conftest import english_client
from tests.factories.network import GroupFactory, TaskFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():  # type: ignore[no-untyped-def]
    return GroupFactory(name="Frühe Hilfen"), GroupFactory(name="Ferienbetreuung")


@pytest.fixture
def person(groups):  # type: ignore[no-untyped-def]
    first, second = groups
    user = member_of(first, name="Mia Mitglied", email="mia@example.org")
    GroupMember.objects.create(group=second, user=user)
    return user


def test_my_tasks_lists_open_tasks_of_every_group_the_next_due_first(groups, person):
    first, second = groups
    TaskFactory(group=first, owner=person, title="Elternbrief", due_on=timezone.localdate())
    TaskFactory(group=second, owner=person, title="Räume anfragen", overdue=True)
    TaskFactory(group=second, owner=person, title="Längst erledigt", done=True)
    TaskFactory(group=first, title="Aufgabe von jemand anderem")
    page = english_client(person).get("/werkstatt/meine-aufgaben/").content.decode()
    assert page.index("Räume anfragen") < page.index("Elternbrief")
    assert "Frühe Hilfen" in page and "Ferienbetreuung" in page
    assert "overdue" in page
    assert "Aufgabe von jemand anderem" not in page
    assert page.index("Done recently") < page.index("Längst erledigt")


def test_a_removed_member_no_longer_sees_the_groups_tasks(groups, person):
    _first, second = groups
    TaskFactory(group=second, owner=person, title="Räume anfragen")
    GroupMember.objects.filter(group=second, user=person).delete()
    page = english_client(person).get("/werkstatt/meine-aufgaben/").content.decode()
    assert "Räume anfragen" not in page
    assert english_client(person).get(f"/werkstatt/{second.slug}/aufgaben/").status_code == 404


def test_the_owner_marks_a_task_done_in_one_tap(groups, person):
    first, _second = groups
    task = TaskFactory(group=first, owner=person, title="Elternbrief")
    response = english_client(person).post(
        f"/werkstatt/{first.slug}/aufgaben/{task.pk}/status/",
        {"status": "done", "next": "/werkstatt/meine-aufgaben/"},
        follow=True,
    )
    page = response.content.decode()
    assert "“Elternbrief” is now: done." in page
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_at is not None


def test_a_member_cannot_change_someone_elses_task_but_a_lead_can(groups, person):
    first, _second = groups
    other = member_of(first, name="Otto Anders")
    lead = member_of(first, GroupMember.Role.LEAD)
    guest = member_of(first, GroupMember.Role.GUEST)
    task = TaskFactory(group=first, owner=other, title="Protokoll verschicken")
    url = f"/werkstatt/{first.slug}/aufgaben/{task.pk}/status/"
    assert english_client(person).post(url, {"status": "done"}).status_code == 404
    assert english_client(guest).get(f"/werkstatt/{first.slug}/aufgaben/neu/").status_code == 404
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
    english_client(lead).post(url, {"status": "in_progress"})
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS


def test_a_new_task_needs_a_member_as_owner_and_keeps_what_was_typed(groups, person):
    first, _second = groups
    stranger = member_of(GroupFactory())
    client = english_client(person)
    response = client.post(
        f"/werkstatt/{first.slug}/aufgaben/neu/",
        {"title": "Plakat entwerfen", "owner": stranger.pk, "due_on": "2027-02-30"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Plakat entwerfen"' in page
    assert "Select a valid choice" in page
    assert "Enter a valid date" in page
    client.post(
        f"/werkstatt/{first.slug}/aufgaben/neu/",
        {"title": "Plakat entwerfen", "owner": person.pk, "due_on": "2027-02-26"},
    )
    assert Task.objects.get(title="Plakat entwerfen").owner == person


def test_an_overdue_task_is_reminded_once_and_again_for_a_new_due_date(groups, person):
    first, _second = groups
    task = TaskFactory(group=first, owner=person, title="Elternbrief", overdue=True)
    TaskFactory(group=first, owner=person, title="Noch Zeit")
    TaskFactory(group=first, owner=person, title="Fertig", overdue=True, done=True)
    today = timezone.localdate()

    assert task_services.remind_overdue(today=today) == 1
    reminder = OutboxMessage.objects.get()
    assert reminder.to == ["mia@example.org"]
    assert reminder.subject == "Überfällig: Elternbrief"
    assert "/werkstatt/meine-aufgaben/#aufgabe-" in reminder.body_text
    assert task_services.remind_overdue(today=today + timedelta(days=1)) == 0

    english_client(person).post(
        f"/werkstatt/{first.slug}/aufgaben/{task.pk}/",
        {"title": "Elternbrief", "owner": person.pk, "due_on": today.isoformat(), "status": "open"},
    )
    assert task_services.remind_overdue(today=today + timedelta(days=1)) == 1
    assert OutboxMessage.objects.count() == 2


def test_no_reminder_to_someone_who_left_the_group(groups, person):
    first, _second = groups
    TaskFactory(group=first, owner=person, overdue=True)
    GroupMember.objects.filter(group=first, user=person).delete()
    assert task_services.remind_overdue() == 0
