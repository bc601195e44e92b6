"""The member's calendar by secret link: the meetings of their groups and the due
dates of their open tasks; nothing of other groups; a removed member or a renewed
link gets nothing at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from familienrathaus.network.models import GroupMember, Meeting
from familienrathaus.network.services import feed
from tests.conftest import english_client
from tests.factories.network import (
    GroupFactory,
    MeetingFactory,
    MemberProfileFactory,
    TaskFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    group = GroupFactory(name="Frühe Hilfen")
    person = member_of(group, name="Mia Mitglied")
    profile = MemberProfileFactory(user=person)
    return group, person, profile


def _entries(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(response.content)
    return {str(c["SUMMARY"]): c for c in calendar.walk() if c.name == "VEVENT"}


def test_the_feed_has_my_meetings_and_task_due_dates_only(setting):
    group, person, profile = setting
    meeting = MeetingFactory(group=group, title="Planungstreffen")
    MeetingFactory(group=group, title="Abgesagtes Treffen", status=Meeting.Status.CANCELLED)
    MeetingFactory(title="Treffen einer fremden Gruppe")
    due = timezone.localdate() + timedelta(days=5)
    TaskFactory(group=group, owner=person, title="Elternbrief", due_on=due)
    TaskFactory(group=group, owner=person, title="Erledigt", done=True)
    TaskFactory(group=group, title="Aufgabe von jemand anderem")

    response = english_client().get(f"/werkstatt/ical/{profile.feed_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    entries = _entries(response)
    assert set(entries) == {
        "Planungstreffen (Frühe Hilfen)",
        "Abgesagtes Treffen (Frühe Hilfen)",
        "Due: Elternbrief",
    }
    assert str(entries["Planungstreffen (Frühe Hilfen)"]["UID"]) == meeting.uid
    assert str(entries["Abgesagtes Treffen (Frühe Hilfen)"]["STATUS"]) == "CANCELLED"
    assert entries["Due: Elternbrief"].decoded("DTSTART") == due


def test_a_removed_member_or_a_renewed_link_gets_nothing(setting):
    _group, person, profile = setting
    url = f"/werkstatt/ical/{profile.feed_token}.ics"
    assert english_client().get(url).status_code == 200
    feed.renew_feed_token(user=person)
    assert english_client().get(url).status_code == 404
    profile.refresh_from_db()
    new_url = f"/werkstatt/ical/{profile.feed_token}.ics"
    assert english_client().get(new_url).status_code == 200
    GroupMember.objects.filter(user=person).delete()
    assert english_client().get(new_url).status_code == 404
    assert english_client().get("/werkstatt/ical/nicht-geheim.ics").status_code == 404
