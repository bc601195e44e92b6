"""Engagement figures for the coordinators (issue 17, point 7): attendance per partner
organisation over the last four Bündnistreffen, partners not seen for a year, groups
without a meeting for six months; CSV for German Excel and XLSX."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from familienrathaus.network.models import Group, GroupMember, Meeting
from tests.factories.network import AttendanceFactory, GroupFactory, MeetingFactory, member_of
from tests.factories.partners import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/werkstatt/engagement/"


def _meeting(group: Group, days_ago: int, status: str = Meeting.Status.HELD) -> Meeting:
    start = timezone.now() - timedelta(days=days_ago)
    return MeetingFactory(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), status=status
    )


@pytest.fixture
def alliance() -> dict[str, object]:
    plenary = GroupFactory(name="Bündnistreffen", kind=Group.Kind.PLENARY)
    often = OrganisationFactory(name="AWO Ortsverein")
    rarely = OrganisationFactory(name="Kita Sonnenschein")
    never = OrganisationFactory(name="Sportverein Blau-Weiß")
    meetings = [_meeting(plenary, days) for days in (400, 270, 180, 90, 10)]
    _meeting(plenary, 5, status=Meeting.Status.CANCELLED)
    person = member_of(plenary)
    GroupMember.objects.filter(user=person).update(organisation=often)
    for meeting in meetings[1:]:
        # counted for the organisation the person represents in the group
        AttendanceFactory(meeting=meeting, user=person, name="Anna", organisation=None)
    AttendanceFactory(meeting=meetings[0], user=None, name="Gast", organisation=rarely)
    return {"often": often, "rarely": rarely, "never": never, "meetings": meetings}


def test_attendance_over_the_last_four_plenary_meetings(
    coordinator_client: Client, alliance: dict
) -> None:
    body = coordinator_client.get(URL).content.decode()
    assert "AWO Ortsverein" in body and "4/4" in body
    # the first meeting is the fifth-last: it is not among the four columns
    assert "0/4" in body
    response = coordinator_client.get(URL + "?format=csv&list=attendance")
    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.strip().splitlines()]
    assert len(rows[0]) == 6  # organisation, four meetings, count
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["AWO Ortsverein"][-1] == "4"
    assert by_name["Kita Sonnenschein"][-1] == "0"


def test_partners_not_seen_for_a_year_and_quiet_groups(
    coordinator_client: Client, alliance: dict
) -> None:
    quiet = GroupFactory(name="Ruhende AG")
    Group.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - timedelta(days=500))
    _meeting(quiet, 250)
    busy = GroupFactory(name="Aktive AG")
    Group.objects.filter(pk=busy.pk).update(created_at=timezone.now() - timedelta(days=500))
    _meeting(busy, 20)
    GroupFactory(name="Neue AG")  # created now: not quiet yet
    unseen = coordinator_client.get(URL + "?format=csv&list=unseen").content.decode("utf-8-sig")
    assert "Kita Sonnenschein" in unseen and "Sportverein Blau-Weiß;never" in unseen
    assert "AWO Ortsverein" not in unseen
    groups = coordinator_client.get(URL + "?format=csv&list=quiet").content.decode("utf-8-sig")
    assert "Ruhende AG" in groups
    assert "Aktive AG" not in groups and "Neue AG" not in groups


def test_the_xlsx_has_all_three_lists(coordinator_client: Client, alliance: dict) -> None:
    response = coordinator_client.get(URL + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    first = list(workbook.worksheets[0].values)
    assert first[0][0] == "Organisation"
    assert any(row[0] == "AWO Ortsverein" for row in first[1:])


def test_only_coordinators_see_the_figures(partner_client: Client, family_client: Client) -> None:
    for client in (partner_client, family_client):
        assert client.get(URL).status_code == 404
        assert client.get(URL + "?format=csv").status_code == 404
