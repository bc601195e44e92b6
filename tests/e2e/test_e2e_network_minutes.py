"""Minutes on a phone, axe on every page (issue 17, point 3):

a member begins the minutes of a held meeting from its agenda, marks a decision and
two tasks (one for a name that is nobody in the group) → the editor shows what it
could not match → the lead, editing at the same time, is told of the other save and
sees the difference, keeping their text → the draft goes to the group → the lead
comments, approves, and adds a correction as an addendum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Decision, GroupMember, Minutes, Task
from tests.e2e.conftest import Browse, screenshots
from tests.factories.network import AgendaItemFactory, GroupFactory, MeetingFactory, MemberFactory

pytestmark = pytest.mark.e2e

shot = screenshots("network", "minutes-")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_member_writes_the_minutes_and_the_lead_approves_them(
    browse: Browse, phone_tab: Callable[[str], Browse], make_user: Any
) -> None:
    group = GroupFactory(name="AG Ferienbetreuung", slug="ag-ferien-e2e")
    writer = make_user("anna@kita.example", role=Role.PARTNER, name="Anna Schmidt")
    lead = make_user("lea@awo.example", role=Role.PARTNER, name="Lea Leitung")
    MemberFactory(group=group, user=writer, role=GroupMember.Role.MEMBER)
    MemberFactory(group=group, user=lead, role=GroupMember.Role.LEAD)
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=2)
    meeting = MeetingFactory(
        group=group,
        title="Sitzung im Dezember",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, position=2, title="Sommerferien 2027")
    page = browse.page

    # 1. Anna begins the minutes from the agenda, on the meeting's page.
    browse.visit(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/", status=None)
    browse.log_in(writer.email)
    assert browse.path == f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/"
    browse.click(page.get_by_role("button", name="Protokoll schreiben"))
    minutes = Minutes.objects.get(meeting=meeting)
    expect(page.locator("main")).to_contain_text("Beschlüsse und Aufgaben markieren")
    sections = list(minutes.sections.order_by("position"))
    assert [s.heading for s in sections] == ["TOP 1: Begrüßung", "TOP 2: Sommerferien 2027"]

    # 2. The lead opens the editor too (same version as Anna).
    lea = phone_tab("lead")
    lea.visit(f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/bearbeiten/", status=None)
    lea.log_in(lead.email)
    lea.page.locator(f"#id_body-{sections[0].pk}").fill("Bericht: Lea begrüßt die Runde.")
    lea.page.locator(f"#id_body-{sections[1].pk}").fill("Bericht: 40 Kinder auf der Warteliste.")

    # 3. Anna marks a decision and two tasks, and saves first.
    page.locator(f"#id_body-{sections[1].pk}").fill(
        "Bericht: Die Betreuung war ausgebucht.\n"
        "Beschluss: Im Sommer 2027 gibt es zwei zusätzliche Gruppen.\n"
        "Aufgabe: Räume anfragen @Lea Leitung bis 31.01.2027\n"
        "Aufgabe: Honorarkräfte suchen @Carla\n"
    )
    browse.submit(page.locator("form.frh-minutes-form"))
    expect(page.locator(".frh-minutes-problems")).to_contain_text("„@Carla“ ist kein Mitglied")
    assert Decision.objects.filter(minutes=minutes).count() == 1
    assert Task.objects.get(title="Räume anfragen").owner == lead
    assert Task.objects.get(title="Honorarkräfte suchen").owner is None
    shot(browse, "01-editor-with-note")

    # 4. Lea saves over the older version: told, shown the difference, text kept.
    lea.click(lea.page.get_by_role("button", name="Protokoll speichern"))
    expect(lea.page.locator("#konflikt")).to_contain_text("Anna Schmidt hat dieses Protokoll")
    expect(lea.page.locator(".frh-minutes-diff")).to_contain_text("zwei zusätzliche Gruppen")
    field = lea.page.locator(f"#id_body-{sections[1].pk}")
    expect(field).to_have_value("Bericht: 40 Kinder auf der Warteliste.")
    shot(lea, "02-conflict")
    # Having seen it, she puts her line into Anna's text and saves deliberately.
    sections[1].refresh_from_db()
    field.fill(sections[1].body + "Warteliste: 40 Kinder.\n")
    lea.click(lea.page.get_by_role("button", name="Protokoll speichern"))
    expect(lea.page.locator(".kern-alert--success")).to_be_visible()
    sections[0].refresh_from_db()
    sections[1].refresh_from_db()
    assert sections[0].body == "Bericht: Lea begrüßt die Runde."  # only Lea changed it
    assert "zwei zusätzliche Gruppen" in sections[1].body
    assert "Warteliste: 40 Kinder." in sections[1].body

    # 5. Anna sends the draft to the group for comments.
    browse.visit(f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/")
    browse.click(page.get_by_role("button", name="Entwurf der Gruppe zur Durchsicht senden"))
    expect(page.locator("main")).to_contain_text("Der Entwurf steht in den Neuigkeiten")
    shot(browse, "03-draft")

    # 6. Lea comments on a section, approves, and adds a correction.
    lea.visit(f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/")
    details = lea.page.locator(f"#abschnitt-{sections[1].pk} ~ details").first
    details.locator("summary").click()
    details.locator("textarea").fill("Bitte die Zahl der Plätze ergänzen.")
    lea.submit(details.locator("form"))
    expect(lea.page.locator("main")).to_contain_text("Bitte die Zahl der Plätze ergänzen.")
    lea.click(lea.page.get_by_role("button", name="Protokoll genehmigen"))
    expect(lea.page.locator(".frh-minutes-status")).to_contain_text("Genehmigt von Lea Leitung")
    minutes.refresh_from_db()
    assert minutes.is_approved
    form = lea.page.locator("form", has=lea.page.locator("textarea[name=text]"))
    form.locator("textarea").fill("Korrektur: Es sind drei zusätzliche Gruppen.")
    lea.submit(form)
    expect(lea.page.locator("#nachtraege ~ .frh-minutes-addendum")).to_contain_text(
        "drei zusätzliche Gruppen"
    )
    shot(lea, "04-approved")

    # 7. Anna no longer finds an edit button; the decision is in the log.
    browse.visit(f"/werkstatt/{group.slug}/protokolle/")
    browse.click(page.get_by_role("link", name="Sitzung im Dezember"))
    expect(page.get_by_role("link", name="Protokoll bearbeiten")).to_have_count(0)
    browse.visit(f"/werkstatt/{group.slug}/beschluesse/")
    expect(page.locator(".frh-decision-log")).to_contain_text("zwei zusätzliche Gruppen")
    shot(browse, "05-decision-log")
    lea.finish()
