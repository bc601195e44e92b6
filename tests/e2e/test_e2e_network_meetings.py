"""A working group's meeting on a phone, in Chromium, checked by axe on every page: the
lead plans it and sets the agenda (an open task carried over), a member replies that a
colleague comes in her place, the lead ticks attendance at the door, and the member
marks her task done under "Meine Aufgaben"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Attendance, GroupMember, Meeting, Reply, Task
from familienrathaus.partners.services import add_member
from tests.e2e.conftest import Browse, screenshots
from tests.factories import OrganisationFactory
from tests.factories.network import GroupFactory, TaskFactory

pytestmark = pytest.mark.e2e

shot = screenshots("network")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_meeting_is_planned_answered_and_held_on_a_phone(browse: Browse, make_user: Any) -> None:
    group = GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung-e2e")
    lead = make_user("lea@musterstadt.example", role=Role.PARTNER, name="Lea Leitung")
    member = make_user("mia@musterstadt.example", role=Role.PARTNER, name="Mia Mitglied")
    colleague = make_user("karl@musterstadt.example", role=Role.PARTNER, name="Karl Kollege")
    organisation = OrganisationFactory(name="Stadtwerke Musterstadt", slug="stadtwerke-e2e")
    add_member(actor=None, organisation=organisation, user=member)
    add_member(actor=None, organisation=organisation, user=colleague)
    GroupMember.objects.create(group=group, user=lead, role=GroupMember.Role.LEAD)
    GroupMember.objects.create(group=group, user=member, organisation=organisation)
    task = TaskFactory(
        group=group,
        owner=member,
        title="Träger für die Herbstferien anfragen",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    page = browse.page
    base = f"/werkstatt/{group.slug}"

    # The lead plans the meeting; a missing place is reported, nothing typed is lost.
    browse.visit(f"{base}/sitzungen/neu/")
    browse.log_in(lead.email)
    day = (timezone.localdate() + timedelta(days=14)).isoformat()
    form = page.locator("main form")
    form.get_by_label("Titel").fill("Planung Herbstferien")
    form.get_by_label("Datum").fill(day)
    form.get_by_label("Von").fill("17:00")
    form.get_by_label("Bis").fill("19:00")
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("Bitte geben Sie einen Ort")
    expect(page.get_by_label("Titel")).to_have_value("Planung Herbstferien")
    shot(browse, "meeting-form-error-phone")
    page.get_by_label("Ort").fill("Rathaus, Raum 101")
    page.get_by_label("Online-Link").fill("https://meet.example.org/herbst")
    browse.submit(page.locator("main form"))
    expect(page.locator("h1")).to_contain_text("Planung Herbstferien")
    meeting = Meeting.objects.get()

    # The agenda: one item, and the open task carried over.
    browse.click(page.get_by_role("link", name="Punkt hinzufügen"))
    page.get_by_label("Tagesordnungspunkt").fill("Rückblick Sommer")
    page.get_by_label("Wer stellt ihn vor").select_option(label="Mia Mitglied")
    browse.submit(page.locator("main form"))
    browse.click(page.get_by_role("link", name="1 offene Aufgabe übernehmen"))
    page.get_by_label("Träger für die Herbstferien anfragen", exact=False).check()
    browse.submit(page.locator("main form"))
    expect(page.locator("#tagesordnung + ol")).to_contain_text("Rückblick Sommer")
    expect(page.locator("#tagesordnung + ol")).to_contain_text("Aufgabe: Träger")
    shot(browse, "meeting-lead-phone")

    # The member replies that her colleague comes instead.
    page.context.clear_cookies()
    browse.visit(f"{base}/sitzungen/{meeting.pk}/")
    browse.log_in(member.email)
    page.get_by_label("Jemand anderes aus meiner Organisation").check()
    page.get_by_label("Kollegin oder Kollege, die oder der für Sie kommt").select_option(
        label="Karl Kollege"
    )
    browse.submit(page.locator("form", has=page.locator("input[name=answer]")))
    expect(page.locator("main")).to_contain_text("Mia Mitglied → Karl Kollege")
    shot(browse, "meeting-member-phone")
    assert Reply.objects.get(user=member).delegate == colleague

    # On the day the lead ticks attendance at the door.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    page.context.clear_cookies()
    browse.visit(f"{base}/sitzungen/{meeting.pk}/anwesenheit/")
    browse.log_in(lead.email)
    page.locator("label", has_text="Karl Kollege").click()
    page.locator("label", has_text="Lea Leitung").click()
    browse.submit(page.locator("form", has=page.locator("input[name=present]")))
    expect(page.locator("main")).to_contain_text("2 anwesend")
    page.get_by_label("Name des Gastes").fill("Gerda Gast")
    browse.submit(page.locator("form", has=page.locator("input[name=name]")))
    expect(page.locator("main")).to_contain_text("3 Personen anwesend")
    shot(browse, "attendance-phone")
    assert set(Attendance.objects.filter(present=True).values_list("name", flat=True)) == {
        "Karl Kollege",
        "Lea Leitung",
        "Gerda Gast",
    }

    # The member marks her task done under "Meine Aufgaben".
    page.context.clear_cookies()
    browse.visit("/werkstatt/meine-aufgaben/")
    browse.log_in(member.email)
    expect(page.locator("main")).to_contain_text("überfällig")
    shot(browse, "my-tasks-phone")
    card = page.locator(f"#aufgabe-{task.pk}")
    card.get_by_label("Status").select_option("done")
    browse.submit(card.locator("form"))
    expect(page.locator("main")).to_contain_text("Sie haben keine offenen Aufgaben.")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
