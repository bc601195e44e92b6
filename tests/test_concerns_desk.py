"""The coordination desk through HTTP: inbox, a concern's page, answers, notes,
assignment, status, priority, templates, merging."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from familienrathaus.concerns import demo as concerns_demo
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.partners import demo as partners_demo
from familienrathaus.postcards import demo as postcards_demo
from tests.factories import UserFactory, district
from tests.factories.concerns import (
    AnswerTemplateFactory,
    AttachmentFactory,
    ConcernFactory,
    ConcernTopicFactory,
    MessageFactory,
)
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db

INBOX = "/verwaltung/anliegen/"


def page(concern: Concern) -> str:
    return f"/verwaltung/anliegen/{concern.pk}/"


def html(response: Any) -> str:
    return response.content.decode()


def mails(purpose: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose=purpose).order_by("pk"))


def test_the_inbox_lists_open_concerns_urgent_first(coordinator_client: Client):
    old = ConcernFactory(text="Spielplatz Südstadt kaputt", first_answer_due=dt.date(2026, 1, 5))
    urgent = ConcernFactory(text="Wohnung gekündigt", priority=Concern.Priority.URGENT)
    closed = ConcernFactory(text="Erledigte Frage", status=Concern.Status.CLOSED)
    body = html(coordinator_client.get(INBOX))
    assert urgent.reference in body and old.reference in body
    assert closed.reference not in body
    assert body.index(urgent.reference) < body.index(old.reference)
    assert "2 concerns" in body


def test_the_inbox_filters_by_status_topic_district_assignee_and_overdue(
    coordinator_client: Client, coordinator: User
):
    topic = ConcernTopicFactory(name="Wohnen")
    north = district("Nordstadt")
    mine = ConcernFactory(assignee=coordinator, status=Concern.Status.IN_PROGRESS)
    by_topic = ConcernFactory(topic=topic)
    by_district = ConcernFactory(district=north)
    late = ConcernFactory(first_answer_due=dt.date(2020, 1, 3))
    closed = ConcernFactory(
        status=Concern.Status.CLOSED, closed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )

    def refs(query: str) -> set[str]:
        body = html(coordinator_client.get(f"{INBOX}?{query}"))
        everyone = [mine, by_topic, by_district, late, closed]
        return {c.reference for c in everyone if c.reference in body}

    assert refs("assignee=me") == {mine.reference}
    assert refs(f"topic={topic.pk}") == {by_topic.reference}
    assert refs(f"district={north.pk}") == {by_district.reference}
    assert refs("overdue=on") == {late.reference}
    assert refs("status=closed") == {closed.reference}
    assert refs("status=in_progress") == {mine.reference}
    assert late.reference in html(coordinator_client.get("/verwaltung/anliegen/ueberfaellig/"))
    assert mine.reference not in html(coordinator_client.get("/verwaltung/anliegen/ueberfaellig/"))


def test_the_inbox_pages_and_exports_what_is_filtered(coordinator_client: Client):
    concerns = ConcernFactory.create_batch(27)
    first = html(coordinator_client.get(INBOX))
    assert "Page 1 of 2" in first
    second = html(coordinator_client.get(f"{INBOX}?page=2"))
    assert sum(c.reference in first + second for c in concerns) == 27

    response = coordinator_client.get(f"{INBOX}?format=csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffReference;Received")
    assert all(c.reference in text for c in concerns)
    assert concerns[0].email not in text  # no contact in the list export

    response = coordinator_client.get(f"{INBOX}?format=xlsx&kind=question")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Reference" and len(rows) == 28


def test_the_page_shows_the_timeline_public_and_internal_apart(coordinator_client: Client):
    concern = ConcernFactory(named=True)
    MessageFactory(concern=concern, kind=Message.Kind.REPLY, public=True, text="Wir melden uns.")
    MessageFactory(
        concern=concern, kind=Message.Kind.NOTE, public=False, text="Hausverwaltung anrufen."
    )
    body = html(coordinator_client.get(page(concern)))
    assert concern.text in body and concern.email in body and concern.phone in body
    public = body.index("Wir melden uns.")
    internal = body.index("Hausverwaltung anrufen.")
    assert "Visible to the family" in body[:public][-1500:]
    assert "Internal" in body[public:internal]


def test_an_answer_reaches_the_family_once_even_when_sent_twice(
    coordinator_client: Client, anon_client: Client
):
    concern = ConcernFactory()
    key = str(uuid.uuid4())
    data = {"text": "Die Krabbelgruppe trifft sich dienstags.", "submission_key": key}
    first = coordinator_client.post(f"{page(concern)}antwort/", data)
    second = coordinator_client.post(f"{page(concern)}antwort/", data)
    assert first.status_code == second.status_code == 302
    assert concern.messages.filter(kind=Message.Kind.REPLY).count() == 1
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ANSWERED and concern.first_answer_at is not None
    family_mails = [m for m in mails("concerns.update") if m.to == [concern.email]]
    assert len(family_mails) == 1
    assert "Die Krabbelgruppe trifft sich dienstags." in family_mails[0].body_text
    status_page = html(anon_client.get(f"/anliegen/status/{concern.tracking_token}/"))
    assert "Die Krabbelgruppe trifft sich dienstags." in status_page


def test_an_empty_answer_is_refused_next_to_the_field(coordinator_client: Client):
    concern = ConcernFactory()
    response = coordinator_client.post(f"{page(concern)}antwort/", {"text": "  "})
    assert response.status_code == 400
    assert "Please write the answer." in html(response)
    assert not concern.messages.exists()


def test_an_internal_note_never_reaches_the_family(coordinator_client: Client, anon_client: Client):
    concern = ConcernFactory()
    response = coordinator_client.post(
        f"{page(concern)}notiz/", {"text": "Vater klang sehr aufgebracht."}
    )
    assert response.status_code == 302
    note = concern.messages.get()
    assert note.kind == Message.Kind.NOTE and not note.public
    assert not mails("concerns.update")
    status_page = html(anon_client.get(f"/anliegen/status/{concern.tracking_token}/"))
    assert "aufgebracht" not in status_page


def test_inserting_a_template_keeps_what_was_typed_and_sends_nothing(coordinator_client: Client):
    concern = ConcernFactory()
    template = AnswerTemplateFactory(title="Dank", text="Herzliche Grüße, Ihr Familienbüro")
    response = coordinator_client.post(
        f"{page(concern)}antwort/",
        {"text": "Guten Tag,", "template": template.pk, "insert": "1"},
    )
    assert response.status_code == 200
    assert "Guten Tag,\n\nHerzliche Grüße, Ihr Familienbüro</textarea>" in html(response)
    assert not concern.messages.exists()
    # Also from the link of a template (without typing first).
    body = html(coordinator_client.get(f"{page(concern)}?vorlage={template.pk}"))
    assert "Herzliche Grüße, Ihr Familienbüro</textarea>" in body


def test_assigning_a_coordinator_mails_them(coordinator_client: Client):
    colleague = UserFactory(role=Role.COORDINATOR, email="kollegin@example.org")
    family = UserFactory(role=Role.FAMILY)
    concern = ConcernFactory()
    response = coordinator_client.post(f"{page(concern)}zuweisung/", {"assignee": colleague.pk})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.assignee == colleague and concern.status == Concern.Status.IN_PROGRESS
    assert [m.to for m in mails("concerns.assigned")] == [["kollegin@example.org"]]
    refused = coordinator_client.post(f"{page(concern)}zuweisung/", {"assignee": family.pk})
    assert refused.status_code == 400
    concern.refresh_from_db()
    assert concern.assignee == colleague


def test_closing_tells_the_family_and_reopening_clears_the_date(coordinator_client: Client):
    concern = ConcernFactory()
    coordinator_client.post(
        f"{page(concern)}status/", {"status": "closed", "text": "Alles geklärt, danke!"}
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED and concern.closed_at is not None
    status = concern.messages.get(kind=Message.Kind.STATUS)
    assert status.public and "Alles geklärt, danke!" in status.text
    assert len(mails("concerns.update")) == 1
    coordinator_client.post(f"{page(concern)}status/", {"status": "in_progress"})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_PROGRESS and concern.closed_at is None


def test_urgent_moves_to_the_top_and_mails_every_coordinator_at_once(
    coordinator_client: Client, coordinator: User
):
    UserFactory(role=Role.COORDINATOR, email="zwei@example.org")
    UserFactory(role=Role.ADMINISTRATOR, email="admin@example.org")
    UserFactory(role=Role.COORDINATOR, email="weg@example.org", is_active=False)
    older = ConcernFactory(first_answer_due=dt.date(2026, 1, 5))
    concern = ConcernFactory(first_answer_due=dt.date(2026, 3, 5))
    body = html(coordinator_client.get(INBOX))
    assert body.index(older.reference) < body.index(concern.reference)

    coordinator_client.post(f"{page(concern)}prioritaet/", {"priority": "urgent"})
    body = html(coordinator_client.get(INBOX))
    assert body.index(concern.reference) < body.index(older.reference)
    recipients = sorted(m.to[0] for m in mails("concerns.urgent"))
    assert recipients == ["admin@example.org", coordinator.email, "zwei@example.org"]
    # Saving "urgent" again mails nobody again.
    coordinator_client.post(f"{page(concern)}prioritaet/", {"priority": "urgent"})
    assert len(mails("concerns.urgent")) == 3


def test_a_new_topic_brings_its_target_times(coordinator_client: Client, settings: Any):
    quick = ConcernTopicFactory(name="Schnell", first_answer_days=2, closing_days=3)
    concern = ConcernFactory(
        created_at=dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC),  # Thursday before Easter
        first_answer_due=dt.date(2026, 4, 20),
        close_due=dt.date(2026, 5, 5),
    )
    response = coordinator_client.post(
        f"{page(concern)}einordnung/", {"kind": "complaint", "topic": quick.pk, "district": ""}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    # Good Friday and Easter Monday are holidays: 7, 8 April; closing 9 April.
    assert (concern.first_answer_due, concern.close_due) == (
        dt.date(2026, 4, 8),
        dt.date(2026, 4, 9),
    )
    assert concern.kind == "complaint"


def test_merging_a_duplicate(coordinator_client: Client, anon_client: Client):
    target = ConcernFactory(text="Die Ampel an der Schule ist zu kurz grün.")
    duplicate = ConcernFactory(text="Ampel Grundschule: Kinder schaffen es nicht rüber.")
    MessageFactory(concern=duplicate, kind=Message.Kind.FAMILY, text="Foto kommt noch.")
    photo = AttachmentFactory(concern=duplicate)

    bad = coordinator_client.post(f"{page(duplicate)}zusammenfuehren/", {"target": "ZZZZ-ZZZZ"})
    assert bad.status_code == 400
    assert "There is no concern with this reference." in html(bad)

    response = coordinator_client.post(
        f"{page(duplicate)}zusammenfuehren/", {"target": target.reference.lower()}
    )
    assert response.status_code == 302 and response["Location"] == page(target)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target and duplicate.status == Concern.Status.CLOSED
    # The duplicate's family is told.
    assert [m.to for m in mails("concerns.update")] == [[duplicate.email]]
    # Its text, messages and files show on the target.
    body = html(coordinator_client.get(page(target)))
    assert "Kinder schaffen es nicht rüber." in body and "Foto kommt noch." in body
    assert f"/verwaltung/anliegen/{target.pk}/datei/{photo.pk}/" in body
    assert coordinator_client.get(f"{page(target)}datei/{photo.pk}/").status_code == 200
    # Merged concerns leave the inbox; the target's answer reaches both families.
    assert duplicate.reference not in html(coordinator_client.get(INBOX))
    coordinator_client.post(f"{page(target)}antwort/", {"text": "Die Ampel wird umgestellt."})
    to = sorted(m.to[0] for m in mails("concerns.update")[1:])
    assert to == sorted([target.email, duplicate.email])
    status_page = html(anon_client.get(f"/anliegen/status/{duplicate.tracking_token}/"))
    assert "Die Ampel wird umgestellt." in status_page


def test_a_concern_cannot_be_merged_into_itself_or_into_a_merged_one(coordinator_client: Client):
    one, two, three = ConcernFactory.create_batch(3)
    assert (
        coordinator_client.post(
            f"{page(one)}zusammenfuehren/", {"target": one.reference}
        ).status_code
        == 400
    )
    coordinator_client.post(f"{page(two)}zusammenfuehren/", {"target": three.reference})
    response = coordinator_client.post(f"{page(one)}zusammenfuehren/", {"target": two.reference})
    assert response.status_code == 400
    assert "choose the one it went into" in html(response)
    assert Concern.objects.get(pk=one.pk).merged_into is None


def test_the_desk_shows_the_demo_year(coordinator_client: Client):
    partners_demo.load()
    postcards_demo.load()
    concerns_demo.load()
    inbox = coordinator_client.get(INBOX)
    open_count = Concern.objects.filter(merged_into=None).exclude(status="closed").count()
    assert inbox.status_code == 200 and f"{open_count} concerns" in html(inbox)
    assert coordinator_client.get("/verwaltung/anliegen/ueberfaellig/").status_code == 200
    assert coordinator_client.get(f"{INBOX}?status=all&format=xlsx").status_code == 200
    for concern in Concern.objects.order_by("?")[:8]:
        assert coordinator_client.get(page(concern)).status_code == 200, concern
    passed = Concern.objects.filter(organisation__isnull=False).first()
    assert passed is not None
    staff = passed.organisation.memberships.first()  # type: ignore[union-attr]
    if staff is not None:
        partner = LanguageClient("en")
        partner.force_login(staff.user)
        assert partner.get(f"/verwaltung/anliegen/partner/{passed.pk}/").status_code == 200
