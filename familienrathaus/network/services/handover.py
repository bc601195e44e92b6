"""Handing over (point 8 of issue 17): a coordinator's role, group memberships with
their lead roles, and open tasks pass to a successor in one step, audited.

The successor sees a group's full history at once: access to a group's content comes
from the membership alone, never from the date somebody joined.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, outbox, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role as UserRole
from familienrathaus.network import permissions
from familienrathaus.network.models import AgendaItem, GroupMember, Handover, Meeting, Task

MemberRole = GroupMember.Role
# Higher wins when both people were in a group.
_RANK = {MemberRole.GUEST: 0, MemberRole.MEMBER: 1, MemberRole.LEAD: 2}
OPEN_TASKS = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


@transaction.atomic
def hand_over(
    *, actor: User, from_user: User, to_user: User, keep_access: bool = False
) -> Handover:
    """Pass ``from_user``'s role, groups and open tasks to ``to_user``.

    - Memberships: the successor joins every group with the predecessor's role (the
      higher one if already a member) and organisation; the predecessor leaves (with
      ``keep_access``: stays as a plain member).
    - Open tasks and agenda items of coming meetings change owner.
    - Role: a coordinator's successor becomes coordinator; the predecessor becomes
      partner staff (if in a partner organisation) or a plain account, unless
      ``keep_access``. Administrators keep their role.
    """
    if not permissions.can_manage_groups(actor):
        raise PermissionDenied
    from_user = User.objects.select_for_update().get(pk=from_user.pk)
    to_user = User.objects.select_for_update().get(pk=to_user.pk)
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": _("Please choose somebody else as successor.")})
    if not to_user.is_active:
        raise ValidationError({"to_user": _("This account is deactivated.")})
    groups: list[dict[str, Any]] = []
    for member in (
        GroupMember.objects.select_for_update()
        .filter(user=from_user)
        .select_related("group")
        .order_by("group__name")
    ):
        theirs = GroupMember.objects.filter(group=member.group, user=to_user).first()
        if theirs is None:
            GroupMember.objects.create(
                group=member.group,
                user=to_user,
                role=member.role,
                organisation=member.organisation,
            )
        elif _RANK[MemberRole(member.role)] > _RANK[MemberRole(theirs.role)]:
            theirs.role = member.role
            theirs.save(update_fields=["role"])
        groups.append({"group": member.group.slug, "role": member.role})
        if keep_access:
            if member.role == MemberRole.LEAD:
                member.role = MemberRole.MEMBER
                member.save(update_fields=["role"])
        else:
            member.delete()
    now = timezone.now()
    tasks = list(
        Task.objects.filter(owner=from_user, status__in=OPEN_TASKS).values_list("pk", flat=True)
    )
    Task.objects.filter(pk__in=tasks).update(owner=to_user, updated_at=now)
    items = AgendaItem.objects.filter(
        owner=from_user,
        meeting__starts_at__gte=now,
        meeting__status=Meeting.Status.PLANNED,
    ).update(owner=to_user)
    role_change: dict[str, Any] = {}
    if from_user.role == UserRole.COORDINATOR or (
        from_user.role == UserRole.ADMINISTRATOR and not to_user.is_coordinator
    ):
        if not to_user.is_coordinator:
            role_change["successor"] = {"before": to_user.role, "after": UserRole.COORDINATOR}
            to_user.role = UserRole.COORDINATOR
            to_user.save_role()
        if from_user.role == UserRole.COORDINATOR and not keep_access:
            after = UserRole.PARTNER if from_user.memberships.exists() else UserRole.FAMILY
            role_change["predecessor"] = {"before": from_user.role, "after": after}
            from_user.role = after
            from_user.save_role()
    summary = {
        "groups": groups,
        "tasks": tasks,
        "agenda_items": items,
        "roles": role_change,
        "kept_access": keep_access,
    }
    handover = Handover.objects.create(
        from_user=from_user, to_user=to_user, by=actor, at=now, summary=summary
    )
    audit.record(
        actor=actor,
        action="network.handover",
        obj=handover,
        changes={
            "from": audit.actor_label(from_user),
            "to": audit.actor_label(to_user),
            **summary,
        },
    )
    _mail_successor(handover, groups=len(groups), tasks=len(tasks))
    return handover


def _mail_successor(handover: Handover, *, groups: int, tasks: int) -> None:
    to_user = handover.to_user
    if to_user is None:
        return
    language = outbox.language_code(to_user.language)
    with outbox.in_language(language):
        text = render_to_string(
            "network/groups/mail_handover.txt",
            {
                "handover": handover,
                "groups": groups,
                "tasks": tasks,
                "url": tenancy.site_url() + reverse("network:home"),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[to_user.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose="network.handover",
        language=language,
    )
