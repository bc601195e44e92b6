"""Writes of the answers to a meeting: replies to the invitation (yes, no, maybe, or
someone else from my organisation) and the attendance taken on the day, with guests
and the people sent in a member's place. Split from :mod:`.meetings`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core.models import User
from familienrathaus.network import permissions
from familienrathaus.network.models import Attendance, Group, GroupMember, Meeting, Reply
from familienrathaus.partners.models import Organisation


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


# ------------------------------------------------------------------ replies


def colleagues(user: User, group: Group) -> list[User]:
    """Whom a member may send in their place: staff of the organisation they represent
    in the group (or of their organisations), not themselves."""
    member = GroupMember.objects.filter(group=group, user=user).first()
    if member is None:
        return []
    if member.organisation_id:
        organisations = [member.organisation_id]
    else:
        organisations = list(
            Organisation.objects.filter(memberships__user=user).values_list("pk", flat=True)
        )
    if not organisations:
        return []
    return list(
        User.objects.filter(memberships__organisation__in=organisations, is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("name", "email")
    )


@transaction.atomic
def reply(
    *,
    actor: User,
    meeting: Meeting,
    answer: str,
    delegate: User | None = None,
    delegate_name: str = "",
) -> Reply:
    """The member's answer to the invitation; a second answer replaces the first."""
    _require(permissions.is_member(actor, meeting.group))
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting takes no more replies."))
    if answer == Reply.Answer.DELEGATE:
        if delegate is not None and delegate not in colleagues(actor, meeting.group):
            raise ValidationError({"delegate": _("Please choose someone from your organisation.")})
        if delegate is None and not delegate_name.strip():
            raise ValidationError({"delegate_name": _("Please say who comes in your place.")})
        if delegate is not None and not delegate_name.strip():
            delegate_name = delegate.name or delegate.email
    else:
        delegate, delegate_name = None, ""
    found, _created = Reply.objects.select_for_update().get_or_create(
        meeting=meeting,
        user=actor,
        defaults={"answer": answer, "delegate": delegate, "delegate_name": delegate_name},
    )
    found.answer, found.delegate, found.delegate_name = answer, delegate, delegate_name.strip()
    found.full_clean()
    found.save()
    return found


# ------------------------------------------------------------------ attendance


@dataclass(frozen=True)
class Person:
    """One line of the attendance list: a key for the form, who, for whom, present."""

    key: str
    name: str
    organisation: str
    note: str
    present: bool


def attendance_list(meeting: Meeting) -> list[Person]:
    """Members, people sent in someone's place, and guests added on the day."""
    rows = {row.user_id: row for row in meeting.attendance.all() if row.user_id}
    guests = [row for row in meeting.attendance.select_related("organisation") if not row.user_id]
    replies = {r.user_id: r for r in meeting.replies.select_related("delegate", "user")}
    people: list[Person] = []
    for member in GroupMember.objects.filter(group=meeting.group).select_related(
        "user", "organisation"
    ):
        answer = replies.get(member.user_id)
        row = rows.get(member.user_id)
        people.append(
            Person(
                key=f"u{member.user_id}",
                name=member.user.name or member.user.email,
                organisation=member.organisation.name if member.organisation else "",
                note=answer.get_answer_display() if answer else "",
                present=bool(row and row.present),
            )
        )
    seen = {member.user_id for member in meeting.group.members.all()}
    guest_names = {row.name for row in guests}
    for answer in replies.values():
        if answer.answer != Reply.Answer.DELEGATE:
            continue
        who = answer.user.name or answer.user.email
        if answer.delegate_id and answer.delegate_id not in seen:
            seen.add(answer.delegate_id)
            row = rows.get(answer.delegate_id)
            people.append(
                Person(
                    key=f"u{answer.delegate_id}",
                    name=answer.delegate_name,
                    organisation="",
                    note=_("in place of %(name)s") % {"name": who},
                    present=bool(row and row.present),
                )
            )
        elif not answer.delegate_id and answer.delegate_name not in guest_names:
            people.append(
                Person(
                    key=f"d{answer.pk}",
                    name=answer.delegate_name,
                    organisation="",
                    note=_("in place of %(name)s") % {"name": who},
                    present=False,
                )
            )
    for row in guests:
        people.append(
            Person(
                key=f"a{row.pk}",
                name=row.name,
                organisation=row.organisation.name if row.organisation else "",
                note=_("guest"),
                present=row.present,
            )
        )
    return people


def _organisation_of(meeting: Meeting, user_id: int) -> int | None:
    member = GroupMember.objects.filter(group=meeting.group, user_id=user_id).first()
    return member.organisation_id if member else None


@transaction.atomic
def save_attendance(*, actor: User, meeting: Meeting, present: set[str]) -> int:
    """Record who is there (keys of :func:`attendance_list`); the meeting counts as
    held. Returns how many are present."""
    locked = _locked(meeting)
    _require(permissions.can_write(actor, locked.group))
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    replies = {f"d{r.pk}": r for r in locked.replies.select_related("user")}
    for person in attendance_list(locked):
        here = person.key in present
        kind, pk = person.key[0], int(person.key[1:])
        if kind == "u":
            user = User.objects.get(pk=pk)
            Attendance.objects.update_or_create(
                meeting=locked,
                user=user,
                defaults={
                    "present": here,
                    "name": person.name[:150],
                    "organisation_id": _organisation_of(locked, pk),
                },
            )
        elif kind == "a":
            Attendance.objects.filter(meeting=locked, pk=pk).update(present=here)
        elif kind == "d" and here:
            answer = replies[person.key]
            Attendance.objects.create(
                meeting=locked,
                user=None,
                name=person.name[:150],
                organisation_id=_organisation_of(locked, answer.user_id),
                present=True,
            )
    if locked.starts_at <= timezone.now() and locked.status == Meeting.Status.PLANNED:
        locked.status = Meeting.Status.HELD
        locked.save(update_fields=["status", "updated_at"])
    return locked.attendance.filter(present=True).count()


@transaction.atomic
def add_guest(
    *, actor: User, meeting: Meeting, name: str, organisation: Organisation | None = None
) -> Attendance:
    """A guest without an account, present at the meeting."""
    _require(permissions.can_write(actor, meeting.group))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    row = Attendance(
        meeting=meeting, user=None, name=name.strip(), organisation=organisation, present=True
    )
    row.full_clean()
    row.save()
    return row
