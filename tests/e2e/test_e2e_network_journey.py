"""The workshop's whole journey on a phone, axe on every page (issue 17, "Tests"):

a coordinator creates a working group and invites a partner → the partner accepts the
invitation in their account → the meeting takes place, attendance is taken → the
minutes are written with a decision and a task, and approved → the partner finds them
by the workshop's search → the task falls due and its reminder is mailed → the
coordinator hands over to a successor, who then reads the group's whole history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Attendance, Group, GroupMember, Minutes, Task
from familienrathaus.network.services import tasks as task_services
from familienrathaus.partners.services import add_member
from tests.e2e.conftest import Browse, screenshots
from tests.factories import OrganisationFactory
from tests.factories.network import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.e2e

shot = screenshots("network", "journey-")
DECISION = "Wir laden im Frühjahr zum Unternehmensfrühstück ein."


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_from_a_new_working_group_to_the_handover(
    browse: Browse,
    phone_tab: Callable[[str], Browse],
    make_user: Any,
    totp_secret: str,
) -> None:
    coordinator = make_user(
        "werkstatt@musterstadt.example",
        role=Role.COORDINATOR,
        name="Clara Koordination",
        totp_secret=totp_secret,
    )
    partner = make_user("paula@betrieb.example", role=Role.PARTNER, name="Paula Partner")
    add_member(
        actor=None,
        organisation=OrganisationFactory(name="Bäckerei Korn", slug="baeckerei-korn-e2e"),
        user=partner,
    )
    successor_secret = generate_totp_secret()
    successor = make_user(
        "nora@musterstadt.example",
        role=Role.PARTNER,
        name="Nora Nachfolge",
        totp_secret=successor_secret,
    )
    page = browse.page

    # 1. The coordinator creates a working group …
    browse.visit("/werkstatt/gruppen/neu/", status=None)
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    assert browse.path == "/werkstatt/gruppen/neu/"
    form = page.locator("main form.frh-form")
    form.locator("input[name=name]").fill("AG Familienfreundliche Betriebe")
    form.locator("select[name=kind]").select_option("working")
    form.locator("textarea[name=purpose]").fill("Betriebe für das Familien-Zertifikat gewinnen.")
    browse.submit(form)
    group = Group.objects.get(name="AG Familienfreundliche Betriebe")
    assert browse.path == f"/werkstatt/{group.slug}/mitglieder/"
    # … and invites a partner by e-mail.
    invite = page.locator("form", has=page.locator("input[name=email]"))
    invite.locator("input[name=email]").fill(partner.email)
    invite.locator("select[name=organisation]").select_option(label="Bäckerei Korn")
    browse.submit(invite)
    expect(page.locator(".kern-alert--success")).to_contain_text(partner.email)
    mail = OutboxMessage.objects.get(purpose="network.invitation")
    link = re.search(r"https?://\S+(/werkstatt/einladung/\S+/)", mail.body_text)
    assert link, mail.body_text
    shot(browse, "01-members")

    # 2. The partner accepts in their account.
    paula = phone_tab("partner")
    paula.visit(link.group(1))
    paula.click(paula.page.locator("main").get_by_role("link", name="Anmelden"))
    paula.log_in(partner.email)
    assert paula.path == link.group(1)
    paula.click(paula.page.get_by_role("button", name="Annehmen und beitreten"))
    assert paula.path == f"/werkstatt/{group.slug}/"
    assert group.members.get(user=partner).role == GroupMember.Role.MEMBER
    shot(paula, "02-accepted")

    # 3. The meeting takes place; the coordinator takes attendance on the phone.
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=3)
    meeting = MeetingFactory(
        group=group,
        title="Auftakt der AG",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Kennenlernen")
    AgendaItemFactory(meeting=meeting, position=2, title="Unternehmensfrühstück")
    browse.visit(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/anwesenheit/")
    page.locator("label", has_text="Paula Partner").click()
    browse.click(page.get_by_role("button", name="Anwesenheit speichern"))
    assert Attendance.objects.filter(meeting=meeting, user=partner, present=True).exists()

    # 4. The minutes: a decision and a task marked inline, then approved.
    browse.visit(f"/werkstatt/{group.slug}/sitzungen/{meeting.pk}/")
    browse.click(page.get_by_role("button", name="Protokoll schreiben"))
    minutes = Minutes.objects.get(meeting=meeting)
    due = timezone.localdate() + dt.timedelta(days=10)
    section = minutes.sections.order_by("position").last()
    assert section is not None
    page.locator(f"#id_body-{section.pk}").fill(
        "Bericht: Drei Betriebe sind interessiert.\n"
        f"Beschluss: {DECISION}\n"
        f"Aufgabe: Einladungen verschicken @Paula Partner bis {due:%d.%m.%Y}\n"
    )
    browse.submit(page.locator("form.frh-minutes-form"))
    browse.visit(f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/")
    browse.click(page.get_by_role("button", name="Protokoll genehmigen"))
    minutes.refresh_from_db()
    assert minutes.is_approved
    task = Task.objects.get(title="Einladungen verschicken")
    assert task.owner == partner and task.due_on == due
    shot(browse, "03-approved")

    # 5. The partner finds them by the workshop's search.
    paula.visit("/werkstatt/suche/?q=Unternehmensfrühstück")
    expect(paula.page.locator("main")).to_contain_text("Auftakt der AG")
    shot(paula, "04-search")

    # 6. The task falls due: its reminder is mailed once.
    task_services.remind_overdue(today=due + dt.timedelta(days=1))
    task_services.remind_overdue(today=due + dt.timedelta(days=2))
    reminders = OutboxMessage.objects.filter(purpose=f"network.task-overdue:{task.pk}")
    assert [m.to for m in reminders] == [[partner.email]]
    paula.finish()

    # 7. The coordinator hands over to the successor …
    browse.visit("/werkstatt/uebergabe/")
    form = page.locator("main form.frh-form")
    form.locator("select[name=from_user]").select_option(str(coordinator.pk))
    form.locator("select[name=to_user]").select_option(str(successor.pk))
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("AG Familienfreundliche Betriebe")
    browse.click(page.get_by_role("button", name="Jetzt übergeben"))
    successor.refresh_from_db()
    assert successor.role == Role.COORDINATOR
    assert group.members.get(user=successor).role == GroupMember.Role.LEAD
    assert not group.members.filter(user=coordinator).exists()
    assert AuditEntry.objects.filter(action="network.handover").exists()
    shot(browse, "05-handed-over")

    # … who reads the group's whole history.
    nora = phone_tab("successor")
    nora.visit(f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/", status=None)
    nora.log_in(successor.email)
    nora.enter_totp(successor_secret)
    assert nora.path == f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/"
    expect(nora.page.locator("main")).to_contain_text(DECISION)
    nora.visit("/werkstatt/")
    expect(nora.page.locator("main")).to_contain_text("AG Familienfreundliche Betriebe")
    shot(nora, "06-successor")
    nora.finish()
