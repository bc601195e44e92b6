"""Replies to an invitation and attendance on the day, as members see them: yes, no,
maybe or someone else from my organisation; the list ticked on a phone, with guests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from familienrathaus.network.models import Attendance, Group, GroupMember, Meeting, Reply
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.network import GroupFactory, MeetingFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Group:
    return GroupFactory(name="Familienfreundliche Arbeitgeber", slug="arbeitgeber")


@pytest.fixture
def partner(group: Group):  # type: ignore[no-untyped-def]
    """A member representing her organisation, which has a second staff account."""
    organisation = OrganisationFactory(name="Stadtwerke")
    person = UserFactory(role="partner", name="Mia Mitglied", email="mia@example.org")
    colleague = UserFactory(role="partner", name="Karl Kollege", email="karl@example.org")
    add_member(actor=None, organisation=organisation, user=person)
    add_member(actor=None, organisation=organisation, user=colleague)
    GroupMember.objects.create(group=group, user=person, organisation=organisation)
    return person, colleague


def _page(user, meeting: Meeting) -> str:  # type: ignore[no-untyped-def]
    return (
        english_client(user)
        .get(f"/werkstatt/{meeting.group.slug}/sitzungen/{meeting.pk}/")
        .content.decode()
    )


def test_a_member_replies_and_changes_their_mind(group, partner):
    person, _colleague = partner
    meeting = MeetingFactory(group=group)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/antwort/"
    client = english_client(person)
    response = client.post(url, {"answer": "yes"}, follow=True)
    assert "Thank you, your reply is saved." in response.content.decode()
    client.post(url, {"answer": "maybe"})
    assert Reply.objects.get().answer == Reply.Answer.MAYBE
    page = _page(person, meeting)
    assert "Maybe (1)" in page
    assert "Mia Mitglied" in page


def test_someone_else_from_my_organisation_goes_in_my_place(group, partner):
    person, colleague = partner
    meeting = MeetingFactory(group=group)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/antwort/"
    client = english_client(person)
    form = _page(person, meeting)
    assert "Karl Kollege" in form  # offered as the colleague
    refused = client.post(url, {"answer": "delegate", "delegate": "", "delegate_name": ""})
    assert refused.status_code == 400
    assert "Please say who comes in your place." in refused.content.decode()
    stranger = UserFactory(role="partner")
    refused = client.post(url, {"answer": "delegate", "delegate": stranger.pk})
    assert refused.status_code == 400
    client.post(url, {"answer": "delegate", "delegate": colleague.pk})
    reply = Reply.objects.get()
    assert reply.delegate == colleague and reply.delegate_name == "Karl Kollege"
    arrow = '<span class="frh-icon--dir" aria-hidden="true">→</span>'  # mirrored on Arabic pages
    assert f"Mia Mitglied {arrow} Karl Kollege" in _page(person, meeting)


def test_attendance_is_ticked_on_the_day_with_a_guest_and_stand_ins(group, partner):
    person, _colleague = partner
    other = member_of(group, name="Otto Anders")
    absent = member_of(group, name="Ada Abwesend")
    meeting = MeetingFactory(
        group=group,
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    Reply.objects.create(
        meeting=meeting, user=absent, answer=Reply.Answer.DELEGATE, delegate_name="Bea Vertretung"
    )
    client = english_client(other)
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/anwesenheit/"
    page = client.get(url).content.decode()
    for name in ("Mia Mitglied", "Otto Anders", "Ada Abwesend", "Bea Vertretung"):
        assert name in page
    assert "in place of Ada Abwesend" in page
    assert "Stadtwerke" in page

    response = client.post(url, {"name": "Gerda Gast"}, follow=True)
    assert "Gerda Gast is on the list as present." in response.content.decode()
    guest = Attendance.objects.get(name="Gerda Gast")
    stand_in = f"d{meeting.replies.get().pk}"
    response = client.post(
        url, {"present": [f"u{person.pk}", f"u{other.pk}", stand_in, f"a{guest.pk}"]}, follow=True
    )
    assert "Attendance saved: 4 present." in response.content.decode()
    present = set(Attendance.objects.filter(present=True).values_list("name", flat=True))
    assert present == {"Mia Mitglied", "Otto Anders", "Bea Vertretung", "Gerda Gast"}
    assert Attendance.objects.get(user=person).organisation.name == "Stadtwerke"
    assert Attendance.objects.get(user=absent).present is False
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    # Saved twice, nothing doubles: the stand-in is now a row of her own.
    client.post(url, {"present": [f"u{person.pk}"]})
    assert Attendance.objects.filter(name="Bea Vertretung").count() == 1
    assert Attendance.objects.filter(present=True).count() == 1


def test_guests_reply_but_do_not_take_attendance(group):
    guest = UserFactory(role="family", name="Gerd Gast")
    GroupMember.objects.create(group=group, user=guest, role=GroupMember.Role.GUEST)
    meeting = MeetingFactory(group=group)
    english_client(guest).post(
        f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/antwort/", {"answer": "no"}
    )
    assert Reply.objects.get().answer == Reply.Answer.NO
    url = f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/anwesenheit/"
    assert english_client(guest).get(url).status_code == 404
