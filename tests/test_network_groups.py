"""Groups, members, roles and invitations of the workshop (issue 17, point 1), through
HTTP: coordinators create groups, leads and coordinators manage members (audited), a
partner accepts an invitation in their account, a guest gets an account limited to the
group, and a removed member loses access at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core import personal_data
from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Group, GroupMember, Invitation
from familienrathaus.network.services import groups as services
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.network import GroupFactory, TaskFactory, member_of

pytestmark = pytest.mark.django_db

LEAD, MEMBER, GUEST = GroupMember.Role.LEAD, GroupMember.Role.MEMBER, GroupMember.Role.GUEST


def html(response: Any) -> str:
    return response.content.decode()


def invitation_link(message: OutboxMessage) -> str:
    found = re.search(r"https?://[^\s]+(/werkstatt/einladung/[^\s/]+/)", message.body_text)
    assert found, message.body_text
    return found.group(1)


def test_a_coordinator_creates_a_group_and_becomes_its_lead(
    coordinator_client: Client, coordinator: User
) -> None:
    response = coordinator_client.post(
        "/werkstatt/gruppen/neu/",
        {"name": "Ferienbetreuung", "kind": "working", "purpose": "Betreuung in den Ferien"},
    )
    group = Group.objects.get(name="Ferienbetreuung")
    assert response["Location"] == f"/werkstatt/{group.slug}/mitglieder/"
    assert group.members.get().user == coordinator
    assert group.members.get().role == LEAD
    assert AuditEntry.objects.filter(action="network.group_created").exists()
    body = html(coordinator_client.get(f"/werkstatt/{group.slug}/"))
    assert "Betreuung in den Ferien" in body


def test_creating_a_group_without_a_name_keeps_what_was_typed(
    coordinator_client: Client,
) -> None:
    response = coordinator_client.post(
        "/werkstatt/gruppen/neu/", {"name": "", "kind": "working", "purpose": "Unser Zweck"}
    )
    assert response.status_code == 400
    assert "Unser Zweck" in html(response)
    assert not Group.objects.exists()


def test_partners_and_families_cannot_create_groups(
    partner_client: Client, family_client: Client
) -> None:
    for client in (partner_client, family_client):
        assert client.get("/werkstatt/gruppen/neu/").status_code == 404
        assert (
            client.post("/werkstatt/gruppen/neu/", {"name": "X", "kind": "working"}).status_code
            == 404
        )
        assert client.get("/werkstatt/gruppen/").status_code == 404
    assert not Group.objects.exists()


def test_the_start_page_lists_only_my_groups(partner_user: User) -> None:
    mine = GroupFactory(name="Frühe Hilfen")
    GroupFactory(name="Geheime Lenkungsgruppe")
    GroupMember.objects.create(group=mine, user=partner_user, role=MEMBER)
    body = html(english_client(partner_user).get("/werkstatt/"))
    assert "Frühe Hilfen" in body
    assert "Geheime Lenkungsgruppe" not in body


def test_the_group_page_marks_overdue_tasks(partner_user: User) -> None:
    group = GroupFactory(name="Frühe Hilfen")
    GroupMember.objects.create(group=group, user=partner_user, role=MEMBER)
    TaskFactory(group=group, title="Flyer drucken", overdue=True)
    TaskFactory(group=group, title="Raum buchen")
    body = html(english_client(partner_user).get(f"/werkstatt/{group.slug}/"))
    items = re.findall(r"<li>(.*?)</li>", body, flags=re.S)
    flyer = next(item for item in items if "Flyer drucken" in item)
    room = next(item for item in items if "Raum buchen" in item)
    assert "overdue" in flyer
    assert "overdue" not in room


def test_the_workshop_is_for_members_partners_and_coordinators_only(
    anon_client: Client, family_client: Client
) -> None:
    assert anon_client.get("/werkstatt/").status_code == 302
    assert family_client.get("/werkstatt/").status_code == 404


def test_a_non_member_gets_404_for_a_group_even_a_coordinator(
    partner_client: Client, coordinator_client: Client
) -> None:
    group = GroupFactory(name="Kuratorium")
    assert partner_client.get(f"/werkstatt/{group.slug}/").status_code == 404
    assert partner_client.get(f"/werkstatt/{group.slug}/mitglieder/").status_code == 404
    # coordinators manage the members of any group, but read content only as members
    assert coordinator_client.get(f"/werkstatt/{group.slug}/").status_code == 404
    assert coordinator_client.get(f"/werkstatt/{group.slug}/mitglieder/").status_code == 200


def test_a_lead_invites_a_partner_who_accepts_in_their_account(partner_user: User) -> None:
    group = GroupFactory(name="Familienfreundliche Arbeitgeber")
    lead = member_of(group, role=LEAD)
    response = english_client(lead).post(
        f"/werkstatt/{group.slug}/mitglieder/einladen/",
        {"email": "Partner@Example.org", "name": "", "role": MEMBER},
    )
    assert response.status_code == 302
    mail = OutboxMessage.objects.get(purpose="network.invitation")
    assert mail.to == ["partner@example.org"]
    link = invitation_link(mail)
    # anonymous: asked to log in, no account form (the address has an account)
    body = html(english_client().get(link))
    assert "Log in" in body and "password1" not in body
    # another account cannot accept it
    stranger = UserFactory(role=Role.PARTNER)
    english_client(stranger).post(link, {"action": "accept"})
    assert not group.members.filter(user=stranger).exists()
    # the invited partner accepts
    client = english_client(partner_user)
    response = client.post(link, {"action": "accept"})
    assert response["Location"] == f"/werkstatt/{group.slug}/"
    member = group.members.get(user=partner_user)
    assert member.role == MEMBER
    assert member.organisation is not None and member.organisation.name == "Kita Regenbogen"
    assert client.get(f"/werkstatt/{group.slug}/").status_code == 200
    # the link works once
    assert english_client(partner_user).get(link).status_code == 404


def test_a_guest_without_account_gets_one_limited_to_the_group() -> None:
    group = GroupFactory(name="Ferienbetreuung")
    other = GroupFactory(name="Lenkungsgruppe")
    lead = member_of(group, role=LEAD)
    invitation = services.invite(actor=lead, group=group, email="gast@example.org", role=GUEST)
    link = f"/werkstatt/einladung/{invitation.token}/"
    client = english_client()
    response = client.post(
        link, {"action": "accept", "name": "Gerda Gast", "password1": "kurz", "password2": "kurz"}
    )
    assert response.status_code == 400
    assert "Gerda Gast" in html(response)  # nothing typed is lost
    assert not User.objects.filter(email="gast@example.org").exists()
    password = "ein-langes-Passwort-7"
    response = client.post(
        link,
        {"action": "accept", "name": "Gerda Gast", "password1": password, "password2": password},
    )
    assert response["Location"] == f"/werkstatt/{group.slug}/"
    guest = User.objects.get(email="gast@example.org")
    assert guest.role == Role.FAMILY
    assert group.members.get(user=guest).role == GUEST
    assert client.get(f"/werkstatt/{group.slug}/").status_code == 200
    assert client.get(f"/werkstatt/{other.slug}/").status_code == 404
    assert client.get("/verwaltung/").status_code in {302, 403, 404}
    body = html(client.get("/werkstatt/"))
    assert "Ferienbetreuung" in body and "Lenkungsgruppe" not in body


def test_a_declined_or_withdrawn_invitation_no_longer_works(coordinator: User) -> None:
    group = GroupFactory()
    invitation = services.invite(actor=coordinator, group=group, email="nein@example.org")
    link = f"/werkstatt/einladung/{invitation.token}/"
    english_client().post(link, {"action": "decline"})
    assert english_client().get(link).status_code == 404
    second = services.invite(actor=coordinator, group=group, email="spaeter@example.org")
    english_client(coordinator).post(
        f"/werkstatt/{group.slug}/einladungen/{second.pk}/zurueckziehen/"
    )
    assert english_client().get(f"/werkstatt/einladung/{second.token}/").status_code == 404
    assert Invitation.objects.filter(accepted_at__isnull=False).count() == 0


def test_inviting_a_member_again_is_refused_next_to_the_field(coordinator: User) -> None:
    group = GroupFactory()
    member = member_of(group, email="schon@example.org")
    response = english_client(coordinator).post(
        f"/werkstatt/{group.slug}/mitglieder/einladen/",
        {"email": member.email, "name": "Schon Drin", "role": MEMBER},
    )
    assert response.status_code == 400
    body = html(response)
    assert "already a member" in body and "Schon Drin" in body


def test_a_removed_member_loses_access_at_once_and_it_is_audited(
    coordinator_client: Client,
) -> None:
    group = GroupFactory()
    member_of(group, role=LEAD)
    leaving = member_of(group)
    client = english_client(leaving)
    assert client.get(f"/werkstatt/{group.slug}/").status_code == 200
    membership = group.members.get(user=leaving)
    coordinator_client.post(f"/werkstatt/{group.slug}/mitglieder/{membership.pk}/entfernen/")
    assert client.get(f"/werkstatt/{group.slug}/").status_code == 404
    entry = AuditEntry.objects.get(action="network.member_removed")
    assert "example.org" not in str(entry.changes)


def test_leads_manage_members_but_plain_members_do_not(partner_user: User) -> None:
    group = GroupFactory()
    lead = member_of(group, role=LEAD)
    plain = member_of(group)
    response = english_client(plain).post(
        f"/werkstatt/{group.slug}/mitglieder/hinzufuegen/",
        {"user": partner_user.pk, "role": MEMBER},
    )
    assert response.status_code == 404
    english_client(lead).post(
        f"/werkstatt/{group.slug}/mitglieder/hinzufuegen/",
        {"user": partner_user.pk, "role": MEMBER},
    )
    assert group.members.filter(user=partner_user).exists()
    target = group.members.get(user=partner_user)
    english_client(lead).post(
        f"/werkstatt/{group.slug}/mitglieder/{target.pk}/rolle/", {"role": LEAD}
    )
    target.refresh_from_db()
    assert target.role == LEAD
    assert AuditEntry.objects.filter(action="network.member_role_changed").exists()


def test_the_last_lead_cannot_be_removed_or_demoted(coordinator_client: Client) -> None:
    group = GroupFactory()
    lead = member_of(group, role=LEAD)
    membership = group.members.get(user=lead)
    coordinator_client.post(f"/werkstatt/{group.slug}/mitglieder/{membership.pk}/entfernen/")
    coordinator_client.post(
        f"/werkstatt/{group.slug}/mitglieder/{membership.pk}/rolle/", {"role": MEMBER}
    )
    membership.refresh_from_db()
    assert membership.role == LEAD


def test_my_account_links_the_workshop_for_members_only(
    family_client: Client, family_user: User
) -> None:
    assert "/werkstatt/" not in html(family_client.get("/konto/uebersicht/"))
    GroupMember.objects.create(group=GroupFactory(), user=family_user, role=GUEST)
    assert "/werkstatt/" in html(family_client.get("/konto/uebersicht/"))


def test_the_account_export_and_erasure_cover_the_workshop(family_user: User) -> None:
    group = GroupFactory(name="Frühe Hilfen")
    GroupMember.objects.create(group=group, user=family_user, role=GUEST)
    other = GroupFactory(name="Ferienbetreuung")
    invitation = services.invite(
        actor=member_of(other, role=LEAD), group=other, email=family_user.email.upper()
    )
    exported = english_client(family_user).get("/konto/meine-daten/").content.decode()
    assert "Frühe Hilfen" in exported and invitation.email in exported
    personal_data.erase(family_user)
    assert not GroupMember.objects.filter(user=family_user).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
