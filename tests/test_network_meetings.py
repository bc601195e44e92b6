"""Meetings of a group as members see them: planned with an invitation and its calendar
entry, moved (an update with a higher SEQUENCE), called off (CANCEL), the agenda with
owners and attachments, open tasks carried over, and a plenary meeting in the public
calendar that moves with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage
from familienrathaus.events.models import Event
from familienrathaus.network.models import AgendaItem, Group, GroupMember, Meeting, Post
from tests.conftest import english_client
from tests.factories.network import (
    DocumentFactory,
    GroupFactory,
    MeetingFactory,
    TaskFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

DAY = (timezone.localdate() + timedelta(days=30)).isoformat()


def _form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Arbeitsgruppe Ferienbetreuung",
        "day": DAY,
        "start": "17:00",
        "end": "19:00",
        "place": "Rathaus, Raum 101",
        "online_url": "",
        "description": "Bitte Zahlen aus dem Sommer mitbringen.",
        "invite": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def group() -> Group:
    return GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")


@pytest.fixture
def lead(group: Group):  # type: ignore[no-untyped-def]
    return member_of(group, GroupMember.Role.LEAD, name="Lea Leitung", email="lea@example.org")


@pytest.fixture
def member(group: Group):  # type: ignore[no-untyped-def]
    return member_of(group, name="Mia Mitglied", email="mia@example.org")


def _calendar_of(message: OutboxMessage) -> tuple[Calendar, str]:
    """Send the queued message (locmem) and read its .ics as the mail program would."""
    mail.outbox.clear()
    outbox.deliver(message.pk)
    sent = mail.outbox[-1]
    for part in sent.message().walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True)), part.get_param("method")
    raise AssertionError("no calendar attached")


def _event(calendar: Calendar):  # type: ignore[no-untyped-def]
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_a_planned_meeting_invites_every_member_with_a_calendar_entry(group, lead, member):
    client = english_client(lead)
    response = client.post(f"/werkstatt/{group.slug}/sitzungen/neu/", _form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/"

    invitations = OutboxMessage.objects.filter(purpose=f"network.meeting-ics:{meeting.pk}")
    assert sorted(m.to[0] for m in invitations) == ["lea@example.org", "mia@example.org"]
    to_mia = invitations.get(to=["mia@example.org"])
    assert to_mia.subject == "Einladung: Arbeitsgruppe Ferienbetreuung (Ferienbetreuung)"
    assert "Rathaus, Raum 101" in to_mia.body_text
    calendar, method = _calendar_of(to_mia)
    assert method == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    vevent = _event(calendar)
    assert str(vevent["UID"]) == meeting.uid
    assert int(vevent["SEQUENCE"]) == 0
    assert vevent.decoded("DTSTART").hour == 17
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert "mailto:mia@example.org" in str(vevent["ATTENDEE"])

    # The group's feed has one entry for it (no mail of its own: the invitation went).
    assert Post.objects.get(source_key=f"meeting:{meeting.pk}:0").group == group

    page = english_client(member).get(response["Location"]).content.decode()
    assert "Arbeitsgruppe Ferienbetreuung" in page
    assert "Rathaus, Raum 101" in page
    assert "Your reply" in page


def test_bad_times_are_shown_next_to_the_field_and_nothing_typed_is_lost(group, lead):
    client = english_client(lead)
    response = client.post(
        f"/werkstatt/{group.slug}/sitzungen/neu/", _form(start="19:00", end="18:00", place="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end must be after the start." in page
    assert "Please give a place, an online link or both." in page
    assert 'value="Arbeitsgruppe Ferienbetreuung"' in page
    assert "Bitte Zahlen aus dem Sommer mitbringen." in page
    assert not Meeting.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_only_leads_plan_and_outsiders_see_nothing(group, lead, member):
    meeting = MeetingFactory(group=group)
    assert english_client(member).get(f"/werkstatt/{group.slug}/sitzungen/neu/").status_code == 404
    page = english_client(member).get(f"/werkstatt/{group.slug}/sitzungen/").content.decode()
    assert meeting.title in page
    assert "Plan a meeting" not in page
    outsider = member_of(GroupFactory())
    for url in (
        f"/werkstatt/{group.slug}/sitzungen/",
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/",
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/termin.ics",
    ):
        assert english_client(outsider).get(url).status_code == 404


def test_a_move_sends_an_update_with_a_higher_sequence_and_the_same_uid(group, lead, member):
    meeting = MeetingFactory(group=group, title="Planungstreffen")
    client = english_client(lead)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/bearbeiten/"
    day = timezone.localtime(meeting.starts_at).date()
    start = timezone.localtime(meeting.starts_at).strftime("%H:%M")
    end = timezone.localtime(meeting.ends_at).strftime("%H:%M")

    # Only the note changes: no mail, the calendar entry stays as it is.
    same_time = {"title": "Planungstreffen", "start": start, "end": end}
    client.post(url, _form(day=day.isoformat(), description="Neue Notiz", **same_time))
    meeting.refresh_from_db()
    assert meeting.description == "Neue Notiz" and meeting.sequence == 0
    assert not OutboxMessage.objects.exists()

    moved_day = (day + timedelta(days=1)).isoformat()
    response = client.post(
        url,
        _form(day=moved_day, description="Neue Notiz", **same_time),
    )
    assert response.status_code == 302
    updates = list(OutboxMessage.objects.all())
    assert sorted(m.to[0] for m in updates) == ["lea@example.org", "mia@example.org"]
    to_mia = next(m for m in updates if m.to == ["mia@example.org"])
    assert to_mia.subject.startswith("Geändert: Planungstreffen")
    calendar, _type = _calendar_of(to_mia)
    vevent = _event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == meeting.uid
    assert int(vevent["SEQUENCE"]) == 1
    assert vevent.decoded("DTSTART").date().isoformat() == moved_day
    assert Post.objects.filter(group=group, kind=Post.Kind.MEETING).count() == 1


def test_calling_off_sends_a_cancel_that_removes_the_entry(group, lead, member):
    meeting = MeetingFactory(group=group, title="Sommertreffen")
    client = english_client(lead)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/absagen/"
    assert "Call off the meeting" in client.get(url).content.decode()
    client.post(url)
    cancel = OutboxMessage.objects.get(to=["mia@example.org"])
    assert cancel.subject.startswith("Abgesagt: Sommertreffen")
    calendar, method = _calendar_of(cancel)
    vevent = _event(calendar)
    assert calendar["METHOD"] == "CANCEL" and method == "CANCEL"
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == meeting.uid
    assert int(vevent["SEQUENCE"]) == 1
    page = english_client(member).get(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/")
    assert "This meeting was called off." in page.content.decode()
    assert "Send reply" not in page.content.decode()


def test_agenda_items_with_owners_and_the_groups_documents(group, lead, member):
    meeting = MeetingFactory(group=group)
    concept = DocumentFactory(group=group, title="Konzeptskizze Ferienbetreuung")
    foreign = DocumentFactory(title="Papier einer anderen Gruppe")
    client = english_client(lead)
    add = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/tagesordnung/neu/"
    form = client.get(add).content.decode()
    assert "Konzeptskizze Ferienbetreuung" in form
    assert "Papier einer anderen Gruppe" not in form
    client.post(
        add,
        {
            "title": "Bericht aus dem Sommer",
            "owner": member.pk,
            "minutes_planned": "20",
            "documents": [concept.pk],
        },
    )
    refused = client.post(add, {"title": "Fremdes", "documents": [foreign.pk]})
    assert refused.status_code == 400
    assert 'value="Fremdes"' in refused.content.decode()
    client.post(add, {"title": "Verschiedenes"})

    page = english_client(member).get(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/")
    text = page.content.decode()
    assert text.index("Bericht aus dem Sommer") < text.index("Verschiedenes")
    assert "Presented by Mia Mitglied" in text
    assert "Konzeptskizze Ferienbetreuung" in text
    assert "(20 minutes)" in text
    last = AgendaItem.objects.get(title="Verschiedenes")
    client.post(
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/tagesordnung/{last.pk}/verschieben/",
        {"direction": "up"},
    )
    text = client.get(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/").content.decode()
    assert text.index("Verschiedenes") < text.index("Bericht aus dem Sommer")


def test_open_tasks_are_carried_into_the_next_agenda(group, lead, member):
    meeting = MeetingFactory(group=group)
    flyer = TaskFactory(group=group, title="Flyer drucken lassen", owner=member)
    TaskFactory(group=group, title="Schon erledigt", done=True)
    TaskFactory(title="Aufgabe einer anderen Gruppe")
    client = english_client(lead)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/aufgaben-uebernehmen/"
    page = client.get(url).content.decode()
    assert "Flyer drucken lassen" in page
    assert "Schon erledigt" not in page and "anderen Gruppe" not in page
    client.post(url, {"tasks": [flyer.pk]})
    item = meeting.items.get()
    assert item.task == flyer and item.owner == member
    assert (
        "Flyer drucken lassen"
        in client.get(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/").content.decode()
    )
    # Carried once: the task is no longer offered for this meeting.
    assert "Flyer drucken lassen" not in client.get(url).content.decode()


def test_a_plenary_meeting_is_published_in_the_calendar_and_moves_with_it(coordinator):
    plenary = GroupFactory(name="Bündnistreffen", slug="buendnistreffen", kind=Group.Kind.PLENARY)
    GroupMember.objects.create(group=plenary, user=coordinator, role=GroupMember.Role.LEAD)
    meeting = MeetingFactory(group=plenary, title="2. Bündnistreffen 2027")
    client = english_client(coordinator)
    page = client.get(f"/werkstatt/{plenary.slug}/sitzungen/{meeting.pk}/").content.decode()
    assert "Publish in the public event calendar" in page
    client.post(f"/werkstatt/{plenary.slug}/sitzungen/{meeting.pk}/veroeffentlichen/")
    event = Event.objects.get()
    assert event.status == Event.Status.PUBLISHED
    assert english_client().get(event.get_absolute_url()).status_code == 200

    day = timezone.localtime(meeting.starts_at).date() + timedelta(days=7)
    client.post(
        f"/werkstatt/{plenary.slug}/sitzungen/{meeting.pk}/bearbeiten/",
        _form(title="2. Bündnistreffen 2027", day=day.isoformat(), start="18:00", end="20:00"),
    )
    event.refresh_from_db()
    assert timezone.localtime(event.start).date() == day
    assert timezone.localtime(event.start).hour == 18
    client.post(f"/werkstatt/{plenary.slug}/sitzungen/{meeting.pk}/absagen/")
    event.refresh_from_db()
    assert event.event_status == "cancelled"


def test_a_working_group_or_a_partner_lead_cannot_publish(group, lead):
    meeting = MeetingFactory(group=group)
    page = english_client(lead).get(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/")
    assert "Publish in the public event calendar" not in page.content.decode()
    response = english_client(lead).post(
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/veroeffentlichen/"
    )
    assert response.status_code == 404
    assert not Event.objects.exists()


def test_the_members_own_ics_download(group, member):
    meeting = MeetingFactory(group=group, online_url="https://meet.example.org/ag")
    response = english_client(member).get(
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/termin.ics"
    )
    assert response["Content-Type"].startswith("text/calendar")
    vevent = _event(Calendar.from_ical(response.content))
    assert str(vevent["UID"]) == meeting.uid
    assert "https://meet.example.org/ag" in str(vevent["CONFERENCE"])
