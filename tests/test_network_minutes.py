"""Minutes of a working group, through the pages a member uses (issue 17, point 3):
begun from the agenda, marks become decisions and tasks, the draft is commented,
a lead approves it and it no longer changes, corrections are addenda, the PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from familienrathaus.core.models import OutboxMessage
from familienrathaus.network.models import (
    Decision,
    GroupMember,
    MemberProfile,
    Minutes,
    MinutesComment,
    Post,
    Task,
)
from familienrathaus.network.selectors.minutes import fingerprint
from tests.conftest import english_client
from tests.factories.network import (
    AgendaItemFactory,
    GroupFactory,
    MeetingFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Frühe Hilfen", slug="fruehe-hilfen")


@pytest.fixture
def lead(group: Any) -> Any:
    return member_of(group, GroupMember.Role.LEAD, name="Lea Leitung", email="lea@example.org")


@pytest.fixture
def writer(group: Any) -> Any:
    return member_of(group, name="Anna Schmidt", email="anna@example.org")


@pytest.fixture
def meeting(group: Any) -> Any:
    meeting = MeetingFactory(group=group, title="Sitzung im März", held=True)
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, position=2, title="Bündnistag")
    return meeting


def start(client: Client, group: Any, meeting: Any) -> Minutes:
    response = client.post(f"/werkstatt/{group.slug}/protokolle/neu/{meeting.pk}/")
    minutes = Minutes.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert response["Location"] == f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/bearbeiten/"
    return minutes


def edit_url(minutes: Minutes) -> str:
    return f"/werkstatt/{minutes.meeting.group.slug}/protokolle/{minutes.pk}/bearbeiten/"


def detail_url(minutes: Minutes) -> str:
    return f"/werkstatt/{minutes.meeting.group.slug}/protokolle/{minutes.pk}/"


def form_data(minutes: Minutes, bodies: dict[int, str], *, version: int | None = None) -> dict:
    """The editor's form as sent, with ``bodies`` (by section index) typed in."""
    data: dict[str, Any] = {"version": minutes.version if version is None else version}
    for index, section in enumerate(minutes.sections.order_by("position")):
        data[f"base-{section.pk}"] = fingerprint(section)
        data[f"heading-{section.pk}"] = section.heading
        data[f"body-{section.pk}"] = bodies.get(index, section.body)
    return data


def test_minutes_begin_with_a_section_per_agenda_item_from_the_template(
    group: Any, writer: Any, meeting: Any
) -> None:
    client = english_client(writer)
    minutes = start(client, group, meeting)
    assert [s.heading for s in minutes.sections.order_by("position")] == [
        "TOP 1: Begrüßung",
        "TOP 2: Bündnistag",
    ]
    page = client.get(edit_url(minutes)).content.decode()
    assert "Bericht:" in page and "Beschluss:" in page
    assert "Marking decisions and tasks" in page  # the syntax beside the editor
    # Beginning again opens the same minutes.
    assert start(client, group, meeting) == minutes


def test_marks_become_decisions_and_tasks_and_unknown_names_are_reported(
    group: Any, lead: Any, writer: Any, meeting: Any
) -> None:
    client = english_client(writer)
    minutes = start(client, group, meeting)
    body = (
        "Bericht: Der Bündnistag war gut besucht.\n"
        "Beschluss: Der nächste Bündnistag findet am 15. Mai statt.\n"
        "Aufgabe: Raum reservieren @Lea Leitung bis 31.01.2027\n"
        "Aufgabe: Flyer drucken @Carla Unbekannt\n"
    )
    response = client.post(edit_url(minutes), form_data(minutes, {1: body}))
    assert response.status_code == 302
    [decision] = Decision.objects.filter(minutes=minutes)
    assert decision.text == "Der nächste Bündnistag findet am 15. Mai statt."
    tasks = {t.title: t for t in Task.objects.filter(minutes=minutes)}
    assert tasks["Raum reservieren"].owner == lead
    assert str(tasks["Raum reservieren"].due_on) == "2027-01-31"
    assert tasks["Flyer drucken"].owner is None  # kept, without an owner
    page = client.get(edit_url(minutes)).content.decode()
    assert "Carla Unbekannt" in page and "is not a member of this group" in page
    assert "Flyer drucken @Carla Unbekannt" in page  # the text as typed

    # A begun task keeps its status; an open task whose line went is removed.
    Task.objects.filter(title="Raum reservieren").update(status=Task.Status.IN_PROGRESS)
    minutes.refresh_from_db()
    client.post(edit_url(minutes), form_data(minutes, {1: "Beschluss: Anders entschieden."}))
    assert list(Task.objects.filter(minutes=minutes).values_list("title", flat=True)) == [
        "Raum reservieren"
    ]
    assert list(Decision.objects.filter(minutes=minutes).values_list("text", flat=True)) == [
        "Anders entschieden."
    ]


def test_the_second_of_two_editors_is_shown_the_difference_and_loses_nothing(
    group: Any, lead: Any, writer: Any, meeting: Any
) -> None:
    anna, lea = english_client(writer), english_client(lead)
    minutes = start(anna, group, meeting)
    opened = form_data(minutes, {})  # both open version 1
    first = {**opened}
    second = {**opened}
    section = minutes.sections.order_by("position").first()
    assert section is not None
    first[f"body-{section.pk}"] = "Bericht: Frau Leitung begrüßt alle."
    second[f"body-{section.pk}"] = "Bericht: Begrüßung durch die Leitung, Vorstellungsrunde."
    assert anna.post(edit_url(minutes), first).status_code == 302

    response = lea.post(edit_url(minutes), second)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Anna Schmidt saved these minutes" in page
    assert "Frau Leitung begrüßt alle." in page  # the saved version, in the difference
    assert "Vorstellungsrunde" in page  # what Lea typed, still in her field
    section.refresh_from_db()
    assert section.body == "Bericht: Frau Leitung begrüßt alle."  # nothing overwritten
    minutes.refresh_from_db()
    assert f'name="version" value="{minutes.version}"' in page

    # Saving again after seeing the difference is deliberate and wins.
    second["version"] = minutes.version
    second[f"base-{section.pk}"] = fingerprint(section)
    assert lea.post(edit_url(minutes), second).status_code == 302
    section.refresh_from_db()
    assert "Vorstellungsrunde" in section.body


def test_changes_to_different_sections_are_merged_for_the_second_editor(
    group: Any, lead: Any, writer: Any, meeting: Any
) -> None:
    anna, lea = english_client(writer), english_client(lead)
    minutes = start(anna, group, meeting)
    first, second = minutes.sections.order_by("position")
    leas = form_data(minutes, {1: "Leas Bericht."})  # opened at the same version
    annas = form_data(minutes, {0: "Annas Begrüßung."})
    assert anna.post(edit_url(minutes), annas).status_code == 302
    response = lea.post(edit_url(minutes), leas)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Taken over from the saved version" in page and first.heading in page
    assert "Differences to the saved version" not in page  # nobody's text collides
    assert "Annas Begrüßung." in page and "Leas Bericht." in page  # both in the form
    minutes.refresh_from_db()
    # The form now holds both texts; saving it again loses neither.
    again = form_data(minutes, {0: "Annas Begrüßung.", 1: "Leas Bericht."})
    again[f"base-{first.pk}"] = fingerprint((first.heading, "Annas Begrüßung."))
    assert lea.post(edit_url(minutes), again).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.body, second.body) == ("Annas Begrüßung.", "Leas Bericht.")


def test_members_and_guests_comment_on_the_draft_guests_cannot_edit(
    group: Any, writer: Any, meeting: Any
) -> None:
    minutes = start(english_client(writer), group, meeting)
    guest = member_of(group, GroupMember.Role.GUEST, name="Gustav Gast")
    client = english_client(guest)
    section = minutes.sections.order_by("position").first()
    assert section is not None
    assert client.get(edit_url(minutes)).status_code == 404
    response = client.post(
        detail_url(minutes) + "kommentar/", {"text": "Bitte ergänzen.", "section": section.pk}
    )
    assert response.status_code == 302
    assert MinutesComment.objects.get().section == section
    assert "Bitte ergänzen." in client.get(detail_url(minutes)).content.decode()
    empty = client.post(detail_url(minutes) + "kommentar/", {"text": "", "section": section.pk})
    assert empty.status_code == 422
    assert "This field is required." in empty.content.decode()


def test_the_draft_is_announced_to_members_who_want_mail_at_once(
    group: Any, lead: Any, writer: Any, meeting: Any
) -> None:
    MemberProfile.objects.create(user=lead, notify=MemberProfile.Notify.IMMEDIATE)
    quiet = member_of(group, name="Quentin Ruhig")
    MemberProfile.objects.create(user=quiet, notify=MemberProfile.Notify.OFF)
    client = english_client(writer)
    minutes = start(client, group, meeting)
    client.post(detail_url(minutes) + "entwurf-senden/")
    client.post(detail_url(minutes) + "entwurf-senden/")  # a double click
    [mail] = OutboxMessage.objects.filter(purpose="network.minutes_draft")
    assert mail.to == [lead.email]
    assert "Sitzung im März" in mail.subject and detail_url(minutes) in mail.body_text
    assert Post.objects.filter(group=group, kind=Post.Kind.MINUTES).count() == 1


def test_a_lead_approves_then_the_minutes_no_longer_change_and_corrections_are_addenda(
    group: Any, lead: Any, writer: Any, meeting: Any
) -> None:
    MemberProfile.objects.create(user=writer, notify=MemberProfile.Notify.IMMEDIATE)
    anna, lea = english_client(writer), english_client(lead)
    minutes = start(anna, group, meeting)
    anna.post(edit_url(minutes), form_data(minutes, {1: "Beschluss: Der Bündnistag kommt."}))
    minutes.refresh_from_db()
    opened = form_data(minutes, {0: "Nachträglich geändert."})

    anna.post(detail_url(minutes) + "genehmigen/")  # a member may not approve
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT

    # Lea read an older version: she is asked to read the new one first.
    lea.post(detail_url(minutes) + "genehmigen/", {"version": minutes.version - 1})
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert (
        lea.post(detail_url(minutes) + "genehmigen/", {"version": minutes.version}).status_code
        == 302
    )
    minutes.refresh_from_db()
    assert minutes.is_approved and minutes.approved_by == lead
    [mail] = OutboxMessage.objects.filter(purpose="network.minutes_approved")
    assert mail.to == [writer.email] and "Der Bündnistag kommt." in mail.body_text
    assert Post.objects.filter(kind=Post.Kind.DECISION, title="Der Bündnistag kommt.").exists()

    # Frozen: no edit page, a late save is refused, nothing changes.
    assert anna.get(edit_url(minutes)).status_code == 302
    opened["version"] = minutes.version
    anna.post(edit_url(minutes), opened)
    assert not minutes.sections.filter(body="Nachträglich geändert.").exists()
    assert "Edit minutes" not in anna.get(detail_url(minutes)).content.decode()

    # A correction is an addendum everyone sees.
    lea.post(detail_url(minutes) + "nachtrag/", {"text": "Korrektur: Raum 102."})
    assert anna.post(detail_url(minutes) + "nachtrag/", {"text": "Von Anna"}).status_code == 404
    page = anna.get(detail_url(minutes)).content.decode()
    assert "Korrektur: Raum 102." in page and "Lea Leitung" in page
    assert "Von Anna" not in page


def test_nobody_outside_the_group_sees_its_minutes(
    group: Any, writer: Any, meeting: Any, family_client: Client
) -> None:
    minutes = start(english_client(writer), group, meeting)
    other = english_client(member_of(GroupFactory(slug="andere-gruppe")))
    paths = [
        detail_url(minutes),
        edit_url(minutes),
        detail_url(minutes) + "protokoll.pdf",
        f"/werkstatt/{group.slug}/protokolle/",
        f"/werkstatt/{group.slug}/beschluesse/",
        f"/werkstatt/protokolle/{minutes.pk}/",
    ]
    for client in (other, family_client):
        for path in paths:
            assert client.get(path).status_code == 404, path
        assert client.post(detail_url(minutes) + "kommentar/", {"text": "x"}).status_code == 404
    assert english_client().get(paths[0]).status_code == 302  # to the login


def test_the_pdf_holds_the_sections_marks_and_addenda(group: Any, lead: Any, meeting: Any) -> None:
    client = english_client(lead)
    minutes = start(client, group, meeting)
    client.post(edit_url(minutes), form_data(minutes, {1: "Beschluss: Wir feiern im Mai."}))
    client.post(detail_url(minutes) + "genehmigen/")
    client.post(detail_url(minutes) + "nachtrag/", {"text": "Korrektur: im Juni."})
    response = client.get(detail_url(minutes) + "protokoll.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Sitzung im März", "TOP 2: Bündnistag", "Wir feiern im Mai.", "im Juni."):
        assert expected in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged (PDF/UA)
