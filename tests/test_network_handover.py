"""Handing over (issue 17, point 8): a coordinator's role, groups with their lead roles
and open tasks pass to a successor in one step, audited; the successor reads the full
history of every group."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.network.models import GroupMember, Handover, Task
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.network import GroupFactory, MeetingFactory, MinutesFactory, TaskFactory

pytestmark = pytest.mark.django_db

URL = "/werkstatt/uebergabe/"


@pytest.fixture
def leaving() -> User:
    return UserFactory(role=Role.COORDINATOR, name="Hanna Alt")


@pytest.fixture
def successor() -> User:
    return UserFactory(role=Role.PARTNER, name="Nora Neu")


def test_a_handover_passes_role_groups_and_open_tasks(
    coordinator_client: Client, leaving: User, successor: User
) -> None:
    steering = GroupFactory(name="Lenkungsgruppe")
    board = GroupFactory(name="Kuratorium")
    GroupMember.objects.create(group=steering, user=leaving, role=GroupMember.Role.LEAD)
    GroupMember.objects.create(group=board, user=leaving, role=GroupMember.Role.MEMBER)
    GroupMember.objects.create(group=board, user=successor, role=GroupMember.Role.GUEST)
    old = MeetingFactory(
        group=steering,
        status="held",
        starts_at=timezone.now() - timedelta(days=700),
        ends_at=timezone.now() - timedelta(days=700) + timedelta(hours=2),
    )
    minutes = MinutesFactory(meeting=old, approved=True)
    open_task = TaskFactory(group=steering, owner=leaving)
    done_task = TaskFactory(group=steering, owner=leaving, done=True)
    form = {"from_user": leaving.pk, "to_user": successor.pk}

    preview = coordinator_client.post(URL, form).content.decode()
    assert "Lenkungsgruppe" in preview and open_task.title in preview
    assert not Handover.objects.exists()  # nothing happens before the confirmation

    response = coordinator_client.post(URL, {**form, "confirm": "1"})
    assert response.status_code == 302
    successor.refresh_from_db()
    leaving.refresh_from_db()
    assert successor.role == Role.COORDINATOR
    assert leaving.role == Role.FAMILY
    assert steering.members.get(user=successor).role == GroupMember.Role.LEAD
    assert board.members.get(user=successor).role == GroupMember.Role.MEMBER  # the higher role
    assert not GroupMember.objects.filter(user=leaving).exists()
    assert Task.objects.get(pk=open_task.pk).owner == successor
    assert Task.objects.get(pk=done_task.pk).owner == leaving  # history stays as it was
    entry = AuditEntry.objects.get(action="network.handover")
    assert "Hanna" not in str(entry.changes)
    assert OutboxMessage.objects.filter(purpose="network.handover", to=[successor.email]).exists()
    # the successor sees the whole history, the predecessor nothing any more
    client = english_client(successor)
    assert client.get(f"/werkstatt/{steering.slug}/").status_code == 200
    assert client.get(f"/werkstatt/{steering.slug}/protokolle/{minutes.pk}/").status_code == 200
    assert english_client(leaving).get(f"/werkstatt/{steering.slug}/").status_code == 404


def test_keeping_access_leaves_the_predecessor_a_plain_member(
    coordinator_client: Client, leaving: User, successor: User
) -> None:
    group = GroupFactory()
    GroupMember.objects.create(group=group, user=leaving, role=GroupMember.Role.LEAD)
    coordinator_client.post(
        URL,
        {"from_user": leaving.pk, "to_user": successor.pk, "keep_access": "on", "confirm": "1"},
    )
    assert group.members.get(user=leaving).role == GroupMember.Role.MEMBER
    assert group.members.get(user=successor).role == GroupMember.Role.LEAD
    leaving.refresh_from_db()
    assert leaving.role == Role.COORDINATOR


def test_handing_over_to_oneself_is_refused_next_to_the_field(
    coordinator_client: Client, leaving: User
) -> None:
    response = coordinator_client.post(
        URL, {"from_user": leaving.pk, "to_user": leaving.pk, "confirm": "1"}
    )
    assert response.status_code == 400
    assert "somebody else" in response.content.decode()
    assert not Handover.objects.exists()


def test_only_coordinators_hand_over(
    partner_client: Client, leaving: User, successor: User
) -> None:
    response = partner_client.post(
        URL, {"from_user": leaving.pk, "to_user": successor.pk, "confirm": "1"}
    )
    assert response.status_code == 404
    assert not Handover.objects.exists()
