"""The demo of the alliance workshop (network/demo.py): the groups of issue 17 point 10
with members, a year of meetings with approved minutes and decisions, tasks in every
state, documents with versions, the four Bündnistreffen; safe to load twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from familienrathaus.core import calendar
from familienrathaus.core import demo as core_demo
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.network import demo
from familienrathaus.network.models import (
    Decision,
    DocumentVersion,
    Group,
    Meeting,
    Minutes,
    Post,
    Task,
)
from familienrathaus.partners import demo as partners_demo
from tests.conftest import english_client

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_part_of_the_workshop() -> None:
    core_demo.load()
    partners_demo.load()
    assert demo.load() > 100
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Lenkungsgruppe",
        "Kuratorium",
        "Familienfreundliche Arbeitgeber",
        "Frühe Hilfen",
        "Ferienbetreuung",
        "Bündnistreffen",
    } <= names
    plenary = Group.objects.get(kind=Group.Kind.PLENARY)
    assert plenary.meetings.filter(status=Meeting.Status.HELD).count() == 4
    assert Minutes.objects.filter(status=Minutes.Status.APPROVED).count() >= 15
    assert Minutes.objects.filter(status=Minutes.Status.DRAFT).exists()
    assert Decision.objects.count() >= 15
    assert set(Task.objects.values_list("status", flat=True)) == set(Task.Status.values)
    assert DocumentVersion.objects.filter(number=2).exists()
    assert not OutboxMessage.objects.exists()  # the demo sends no mail
    assert demo.load() == 0

    coordinator = User.objects.get(email="koordination@musterstadt.example")
    client = english_client(coordinator)
    body = client.get("/werkstatt/").content.decode()
    assert "Lenkungsgruppe" in body and "Bündnistreffen" in body
    assert client.get("/werkstatt/lenkungsgruppe/").status_code == 200
    engagement = client.get("/werkstatt/engagement/").content.decode()
    assert "4/4" in engagement or "3/4" in engagement
    # The minutes say something a member would search for, in the group it was said in.
    found = client.get("/werkstatt/suche/", {"q": "Hebammensprechstunde"}).content.decode()
    assert "Frühe Hilfen" in found
    assert "Nichts gefunden" not in found and "Nothing found" not in found
    # Nothing in the feed is dated after today, and no meeting is on a Sunday or holiday.
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    assert all(
        calendar.is_working_day(timezone.localdate(meeting.starts_at))
        for meeting in Meeting.objects.all()
    )
