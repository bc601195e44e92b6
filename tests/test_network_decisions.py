"""The decision log of a group: every decision of its minutes, by year and words,
each linked to its minutes; nothing of another group."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from familienrathaus.network.models import GroupMember
from tests.conftest import english_client
from tests.factories.network import (
    DecisionFactory,
    GroupFactory,
    MeetingFactory,
    MinutesFactory,
    MinutesSectionFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def decision(group: Any, text: str, day: dt.date, *, approved: bool = True) -> Any:
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(17)))
    meeting = MeetingFactory(
        group=group, title=f"Sitzung {day:%d.%m.%Y}", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )  # fmt: skip
    minutes = MinutesFactory(meeting=meeting, approved=approved)
    section = MinutesSectionFactory(minutes=minutes, heading="TOP 1: Ferien")
    return DecisionFactory(minutes=minutes, section=section, text=text, decided_on=day)


def test_the_log_lists_filters_and_links_the_group_s_decisions() -> None:
    group = GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")
    client = english_client(member_of(group, GroupMember.Role.GUEST))
    old = decision(group, "Die Ferienbetreuung beginnt um 8 Uhr.", dt.date(2025, 11, 4))
    new = decision(group, "Das Sommerfest findet im Park statt.", dt.date(2026, 6, 2))
    draft = decision(group, "Ein Zuschuss wird beantragt.", dt.date(2026, 9, 1), approved=False)
    decision(
        GroupFactory(slug="andere"), "Geheimer Beschluss der anderen Gruppe.", dt.date(2026, 1, 1)
    )

    page = client.get("/werkstatt/ferienbetreuung/beschluesse/").content.decode()
    assert page.index(draft.text) < page.index(new.text) < page.index(old.text)
    assert "Geheimer Beschluss" not in page
    assert f"/werkstatt/ferienbetreuung/protokolle/{new.minutes_id}/#abschnitt-" in page
    assert "3 decisions" in page

    by_year = client.get("/werkstatt/ferienbetreuung/beschluesse/?year=2025").content.decode()
    assert old.text in by_year and new.text not in by_year
    by_words = client.get("/werkstatt/ferienbetreuung/beschluesse/?q=sommerfest").content.decode()
    assert new.text in by_words and old.text not in by_words
    nothing = client.get("/werkstatt/ferienbetreuung/beschluesse/?q=Schwimmbad").content.decode()
    assert "No decision matches the filter." in nothing


def test_decisions_of_saved_minutes_arrive_in_the_log() -> None:
    group = GroupFactory(slug="lenkung")
    lead = member_of(group, GroupMember.Role.LEAD)
    client = english_client(lead)
    meeting = MeetingFactory(group=group, held=True)
    client.post(f"/werkstatt/lenkung/protokolle/neu/{meeting.pk}/")
    minutes = meeting.minutes
    section = minutes.sections.get()
    client.post(
        f"/werkstatt/lenkung/protokolle/{minutes.pk}/bearbeiten/",
        {
            "version": minutes.version,
            f"heading-{section.pk}": section.heading,
            f"body-{section.pk}": "Beschluss: Der Kuratoriumsbericht wird veröffentlicht.",
        },
    )
    page = client.get("/werkstatt/lenkung/beschluesse/").content.decode()
    assert "Der Kuratoriumsbericht wird veröffentlicht." in page
    assert "draft" in page  # until a lead approves the minutes


def test_saved_minutes_and_their_decisions_are_found_by_the_group_s_search() -> None:
    group = GroupFactory(slug="kuratorium")
    member = member_of(group)
    client = english_client(member)
    meeting = MeetingFactory(group=group, held=True)
    client.post(f"/werkstatt/kuratorium/protokolle/neu/{meeting.pk}/")
    minutes = meeting.minutes
    section = minutes.sections.get()
    client.post(
        f"/werkstatt/kuratorium/protokolle/{minutes.pk}/bearbeiten/",
        {
            "version": minutes.version,
            f"heading-{section.pk}": section.heading,
            f"body-{section.pk}": "Beschluss: Die Familienkarte wird eingeführt.",
        },
    )
    page = client.get("/werkstatt/suche/?q=Familienkarte").content.decode()
    assert f"/werkstatt/kuratorium/protokolle/{minutes.pk}/" in page
    response = client.get(f"/werkstatt/protokolle/{minutes.pk}/")
    assert response["Location"] == f"/werkstatt/kuratorium/protokolle/{minutes.pk}/"
    outsider = english_client(member_of(GroupFactory(slug="fremd")))
    assert (
        f"/protokolle/{minutes.pk}/"
        not in outsider.get("/werkstatt/suche/?q=Familienkarte").content.decode()
    )
