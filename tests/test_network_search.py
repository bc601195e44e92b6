"""Full-text search in the workshop (issue 17, point 5): minutes, decisions and the
titles and texts of documents, only within the groups the member belongs to."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from familienrathaus.network import search_index
from familienrathaus.network.models import GroupMember
from familienrathaus.search.models import SearchEntry
from tests.conftest import english_client
from tests.factories.network import (
    DecisionFactory,
    GroupFactory,
    MeetingFactory,
    MinutesFactory,
    MinutesSectionFactory,
    member_of,
)
from tests.factories.network_files import odt_bytes, pdf_with_text, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Familienfreundliche Arbeitgeber", slug="arbeitgeber")


@pytest.fixture
def member(group: Any) -> Any:
    return member_of(group, name="Anna Schmidt")


def minutes_with(group: Any, title: str, body: str, decision: str = "") -> Any:
    minutes = MinutesFactory(meeting=MeetingFactory(group=group, title=title, held=True))
    MinutesSectionFactory(minutes=minutes, heading="Bericht", body=body)
    if decision:
        DecisionFactory(minutes=minutes, group=group, text=decision)
    search_index.index_minutes(minutes)
    return minutes


def search(user: Any, words: str, group: str = "") -> str:
    url = f"/werkstatt/suche/?q={words}" + (f"&gruppe={group}" if group else "")
    response = english_client(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_minutes_decisions_and_document_texts_are_found_in_my_groups_only(
    group: Any, member: Any
) -> None:
    minutes = minutes_with(
        group,
        "Sitzung im März",
        "Die Betriebe berichten über Kinderbetreuung in den Sommerferien.",
        decision="Das Siegel wird jährlich beim Bündnistag verliehen.",
    )
    client = english_client(member)
    client.post(
        f"/werkstatt/{group.slug}/dokumente/neu/",
        {
            "file": upload("leitfaden.pdf", pdf_with_text("Leitfaden Homeoffice fuer Eltern")),
            "title": "Leitfaden",
        },
    )
    client.post(
        f"/werkstatt/{group.slug}/dokumente/neu/",
        {"file": upload("plan.odt", odt_bytes("Pflegezeiten für Beschäftigte")), "title": "Plan"},
    )
    other = GroupFactory(name="Kuratorium", slug="kuratorium")
    minutes_with(other, "Geheime Kuratoriumssitzung", "Kinderbetreuung und Haushalt.")

    page = search(member, "Kinderbetreuung")
    assert "Sitzung im März" in page
    assert f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/" in page
    assert "Kuratorium" not in page  # neither the hit nor the group's name

    assert "Das Siegel wird jährlich" in search(member, "Siegel")
    assert "Leitfaden" in search(member, "Homeoffice")  # the PDF's text
    assert "Plan" in search(member, "Pflegezeiten")  # the OpenDocument's text
    assert "Nothing found" in search(member, "Kuratoriumssitzung")

    # Another group's member finds their own minutes only.
    outsider = member_of(other)
    page = search(outsider, "Kinderbetreuung")
    assert "Geheime Kuratoriumssitzung" in page and "Sitzung im März" not in page


def test_a_removed_member_finds_nothing_more(group: Any, member: Any) -> None:
    minutes_with(group, "Sitzung im Mai", "Ferienprogramm mit Betrieben.")
    stays = GroupFactory()
    GroupMember.objects.create(group=stays, user=member)
    assert "Sitzung im Mai" in search(member, "Ferienprogramm")
    GroupMember.objects.filter(group=group, user=member).delete()
    assert "Sitzung im Mai" not in search(member, "Ferienprogramm")


def test_the_search_narrows_to_one_group_and_is_closed_to_non_members(
    group: Any, member: Any
) -> None:
    second = GroupFactory(name="Frühe Hilfen", slug="fruehe-hilfen")
    GroupMember.objects.create(group=second, user=member)
    minutes_with(group, "Arbeitgebertreffen", "Elternzeit im Betrieb.")
    minutes_with(second, "Hilfentreffen", "Elternzeit und Hebammen.")
    both = search(member, "Elternzeit")
    assert "Arbeitgebertreffen" in both and "Hilfentreffen" in both
    one = search(member, "Elternzeit", group="fruehe-hilfen")
    assert "Hilfentreffen" in one and "Arbeitgebertreffen" not in one
    assert english_client().get("/werkstatt/suche/?q=x").status_code == 302  # to the login


def test_the_index_is_rebuilt_by_a_command(group: Any, member: Any) -> None:
    minutes_with(group, "Sitzung im Juni", "Familienfreundliche Arbeitszeiten.", decision="Ja.")
    SearchEntry.objects.filter(kind__startswith="network.").delete()
    assert "Sitzung im Juni" not in search(member, "Arbeitszeiten")
    call_command("reindex_network", verbosity=0)
    assert "Sitzung im Juni" in search(member, "Arbeitszeiten")
