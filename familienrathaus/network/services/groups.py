"""Writes about groups, members and invitations (point 1 of issue 17).

Coordinators create groups (the creator becomes its lead) and manage the members of any
group; a group's leads manage its members too. Every change of a membership is written
to the audit log. Invitations go by mail through the outbox: a partner with an account
accepts in that account; somebody without one sets a password and gets a plain account
(role "family") whose only access is this group.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, outbox, slugs, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role as UserRole
from familienrathaus.network import permissions
from familienrathaus.network.models import Group, GroupMember, Invitation, MemberProfile
from familienrathaus.partners.models import Organisation

MemberRole = GroupMember.Role
INVITATION_PURPOSE = "network.invitation"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def first_organisation(user: User) -> Organisation | None:
    """The partner organisation a person most likely represents (their first)."""
    return Organisation.objects.filter(memberships__user=user).order_by("name").first()


# --------------------------------------------------------------------------- groups


@transaction.atomic
def create_group(*, actor: User, name: str, kind: str, purpose: str = "") -> Group:
    """A new group; its creator becomes its lead."""
    _require(permissions.can_manage_groups(actor))
    group = Group(
        name=name.strip(),
        kind=kind,
        purpose=purpose.strip(),
        slug=slugs.unique_slug(Group, name, fallback="gruppe"),
        created_by=actor,
    )
    group.full_clean()
    group.save()
    member = GroupMember(
        group=group, user=actor, role=MemberRole.LEAD, organisation=first_organisation(actor)
    )
    member.save()
    audit.record(
        actor=actor,
        action="network.group_created",
        obj=group,
        changes={"kind": kind, "lead": audit.actor_label(actor)},
    )
    return group


@transaction.atomic
def update_group(*, actor: User, group: Group, values: dict[str, Any]) -> Group:
    _require(permissions.can_edit_group(actor, group))
    fields = ["name", "kind", "purpose"]
    before = audit.snapshot(group, fields)
    for name in fields:
        if name in values:
            setattr(group, name, values[name].strip() if name != "kind" else values[name])
    group.full_clean()
    group.save()
    changes = audit.diff(before, audit.snapshot(group, fields))
    if changes:
        audit.record(actor=actor, action="network.group_changed", obj=group, changes=changes)
    return group


@transaction.atomic
def set_archived(*, actor: User, group: Group, archived: bool) -> Group:
    """An archived group keeps its history but leaves the start pages' lists."""
    _require(permissions.can_edit_group(actor, group))
    group.archived_at = timezone.now() if archived else None
    group.save(update_fields=["archived_at"])
    audit.record(
        actor=actor,
        action="network.group_archived" if archived else "network.group_restored",
        obj=group,
    )
    return group


# --------------------------------------------------------------------------- members


def _leads(group: Group) -> int:
    return group.members.filter(role=MemberRole.LEAD).count()


def _member_changes(member: GroupMember, **extra: Any) -> dict[str, Any]:
    return {"group": member.group.slug, "member": audit.actor_label(member.user), **extra}


@transaction.atomic
def add_member(
    *,
    actor: User,
    group: Group,
    user: User,
    role: str = MemberRole.MEMBER,
    organisation: Organisation | None = None,
) -> GroupMember:
    """Adds an account to the group (or changes its role if it is a member already)."""
    _require(permissions.can_manage_members(actor, group))
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    member = GroupMember.objects.filter(group=group, user=user).first()
    if member is not None:
        return change_role(actor=actor, member=member, role=role)
    member = GroupMember(
        group=group,
        user=user,
        role=role,
        organisation=organisation or first_organisation(user),
    )
    member.full_clean()
    member.save()
    audit.record(
        actor=actor,
        action="network.member_added",
        obj=group,
        changes=_member_changes(member, role=role),
    )
    return member


@transaction.atomic
def change_role(*, actor: User, member: GroupMember, role: str) -> GroupMember:
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    _require(permissions.can_manage_members(actor, member.group))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Please choose a role.")})
    if member.role == role:
        return member
    if member.role == MemberRole.LEAD and _leads(member.group) <= 1:
        raise ValidationError({"role": _("A group needs a lead: make somebody else lead first.")})
    before = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit.record(
        actor=actor,
        action="network.member_role_changed",
        obj=member.group,
        changes=_member_changes(member, role={"before": before, "after": role}),
    )
    return member


@transaction.atomic
def remove_member(*, actor: User, member: GroupMember) -> None:
    """Removes the membership: access ends with the next request (feeds, API too)."""
    member = (
        GroupMember.objects.select_for_update().select_related("group", "user").get(pk=member.pk)
    )
    group = member.group
    _require(permissions.can_manage_members(actor, group))
    if member.role == MemberRole.LEAD and _leads(group) <= 1:
        raise ValidationError(_("A group needs a lead: make somebody else lead first."))
    changes = _member_changes(member, role=member.role)
    member.delete()
    audit.record(actor=actor, action="network.member_removed", obj=group, changes=changes)


# --------------------------------------------------------------------------- invitations


def invitation_url(invitation: Invitation) -> str:
    return tenancy.site_url() + reverse("network:invitation", args=[invitation.token])


def account_for(email: str) -> User | None:
    """The account with this address (primary or a verified further one)."""
    user = User.objects.find_account(email)
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email, verified=True).first()
        user = address.user if address is not None else None
    return user


@transaction.atomic
def invite(
    *,
    actor: User,
    group: Group,
    email: str,
    role: str = MemberRole.MEMBER,
    name: str = "",
    organisation: Organisation | None = None,
) -> Invitation:
    """Invites somebody by mail. An open invitation to the same address is replaced."""
    _require(permissions.can_manage_members(actor, group))
    email = email.strip().lower()
    existing = account_for(email)
    if existing is not None and GroupMember.objects.filter(group=group, user=existing).exists():
        raise ValidationError({"email": _("This person is already a member of the group.")})
    now = timezone.now()
    group.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, declined_at__isnull=True
    ).update(expires_at=now)
    invitation = Invitation(
        group=group,
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation,
        invited_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    _mail_invitation(invitation, account=existing)
    audit.record(
        actor=actor,
        action="network.member_invited",
        obj=group,
        changes={"group": group.slug, "email": email, "role": role},
    )
    return invitation


def _mail_invitation(invitation: Invitation, *, account: User | None) -> None:
    """In the language of the invited account; without one, in the inviter's page's."""
    language = outbox.language_code(account.language) if account else outbox.current_language()
    with outbox.in_language(language):
        text = render_to_string(
            "network/groups/mail_invitation.txt",
            {
                "invitation": invitation,
                "group": invitation.group,
                "inviter": invitation.invited_by,
                "url": invitation_url(invitation),
                "has_account": account is not None,
                "valid_until": timezone.localtime(invitation.expires_at),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[invitation.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=INVITATION_PURPOSE,
        language=language,
    )


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    _require(permissions.can_manage_members(actor, invitation.group))
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    audit.record(
        actor=actor,
        action="network.invitation_revoked",
        obj=invitation.group,
        changes={"email": invitation.email},
    )


def open_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("group").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def addressed_to(invitation: Invitation, user: User) -> bool:
    """Whether the invitation was sent to one of the account's addresses."""
    if user.email.lower() == invitation.email.lower():
        return True
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


def _join(invitation: Invitation, user: User) -> GroupMember:
    member, created = GroupMember.objects.get_or_create(
        group=invitation.group,
        user=user,
        defaults={
            "role": invitation.role,
            "organisation": invitation.organisation or first_organisation(user),
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    MemberProfile.objects.get_or_create(user=user)
    audit.record(
        actor=user,
        action="network.invitation_accepted",
        obj=invitation.group,
        changes={"group": invitation.group.slug, "role": member.role, "new": created},
    )
    return member


@transaction.atomic
def accept(*, invitation: Invitation, user: User) -> GroupMember:
    """A signed-in person accepts an invitation sent to one of their addresses."""
    invitation = (
        Invitation.objects.select_for_update().select_related("group").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    if not addressed_to(invitation, user):
        raise PermissionDenied
    return _join(invitation, user)


@transaction.atomic
def accept_as_guest(*, invitation: Invitation, name: str, password: str) -> User:
    """Somebody without an account accepts: a plain account (role "family") whose only
    access is this group. The address counts as verified: the link came to it."""
    invitation = (
        Invitation.objects.select_for_update().select_related("group").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    if account_for(invitation.email) is not None:
        raise ValidationError(_("An account with this address exists already: please log in."))
    user = User.objects.create_user(
        invitation.email, password, name=name.strip(), role=UserRole.FAMILY
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    _join(invitation, user)
    return user


@transaction.atomic
def decline(*, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_open:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
