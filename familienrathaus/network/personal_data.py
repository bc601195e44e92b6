"""What the network workshop holds about a person (registered in ``core.personal_data``).

- Membership: the person's groups with their role and organisation, the workshop
  profile (notification setting; the secret feed link is not exported), invitations
  sent to one of the person's addresses, replies to meetings and the attendance lists
  they appear on. The erasure removes memberships, profile, invitations and replies;
  attendance rows stay for the alliance's figures but lose name and account.
- Contributions: feed posts and comments the person wrote are deleted; comments on
  minutes and addenda belong to the group's record and lose their author.
- Everything else only points at the account (task owner, created by, approved by,
  uploaded by, agenda item owner, handovers): the export lists it, the erasure unlinks.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import (
    Person,
    combine,
    not_personal,
    plain,
    references,
    register,
)
from familienrathaus.network.models import (
    Addendum,
    AgendaItem,
    Attendance,
    Comment,
    Document,
    DocumentVersion,
    Group,
    GroupMember,
    Handover,
    Invitation,
    Meeting,
    MemberProfile,
    Minutes,
    MinutesComment,
    Post,
    Reply,
    Task,
)

# --------------------------------------------------------------------------- membership


def _export_membership(person: Person) -> dict[str, Any]:
    user = person.user
    profile = MemberProfile.objects.filter(user=user).first()
    return {
        "groups": [
            {
                "group": m.group.name,
                "role": str(m.get_role_display()),
                "organisation": m.organisation.name if m.organisation else "",
                "joined": plain(m.joined_at),
            }
            for m in GroupMember.objects.filter(user=user).select_related("group", "organisation")
        ],
        "notifications": str(profile.get_notify_display()) if profile else "",
        "invitations": [
            {
                "group": i.group.name,
                "email": i.email,
                "name": i.name,
                "sent": plain(i.created_at),
                "accepted": plain(i.accepted_at),
                "declined": plain(i.declined_at),
            }
            for i in Invitation.objects.filter(person.email_q("email")).select_related("group")
        ],
        "replies": [
            {
                "meeting": r.meeting.title,
                "answer": str(r.get_answer_display()),
                "delegate": r.delegate_name,
            }
            for r in Reply.objects.filter(user=user).select_related("meeting")
        ],
        "attendance": [
            {"meeting": a.meeting.title, "name": a.name, "present": a.present}
            for a in Attendance.objects.filter(user=user).select_related("meeting")
        ],
    }


def _erase_membership(person: Person) -> None:
    user = person.user
    GroupMember.objects.filter(user=user).delete()
    MemberProfile.objects.filter(user=user).delete()
    Invitation.objects.filter(person.email_q("email")).delete()
    Reply.objects.filter(user=user).delete()
    Reply.objects.filter(delegate=user).update(delegate=None, delegate_name="")
    Attendance.objects.filter(user=user).update(user=None, name="–")


register(
    "network_membership",
    label=_("Alliance workshop: groups, invitations, replies"),
    models=[GroupMember, MemberProfile, Invitation, Reply, Attendance],
    export=_export_membership,
    erase=_erase_membership,
    order=40,
    labels={
        "groups": _("groups"),
        "notifications": _("notifications"),
        "invitations": _("invitations"),
        "replies": _("replies"),
        "attendance": _("attendance"),
    },
)

# --------------------------------------------------------------------------- contributions


def _export_contributions(person: Person) -> dict[str, Any]:
    user = person.user
    return {
        "posts": [
            {"title": p.title, "text": p.text, "written": plain(p.created_at)}
            for p in Post.objects.filter(author=user)
        ],
        "comments": [
            {"text": c.text, "written": plain(c.created_at)}
            for c in Comment.objects.filter(author=user)
        ],
        "minutes_comments": [
            {"text": c.text, "written": plain(c.created_at)}
            for c in MinutesComment.objects.filter(author=user)
        ],
        "addenda": [
            {"text": a.text, "written": plain(a.created_at)}
            for a in Addendum.objects.filter(author=user)
        ],
    }


def _erase_contributions(person: Person) -> None:
    user = person.user
    Comment.objects.filter(author=user).delete()
    Post.objects.filter(author=user, kind=Post.Kind.POST).delete()
    Post.objects.filter(author=user).update(author=None)
    MinutesComment.objects.filter(author=user).update(author=None)
    Addendum.objects.filter(author=user).update(author=None)


register(
    "network_contributions",
    label=_("Alliance workshop: posts and comments"),
    models=[Post, Comment, MinutesComment, Addendum],
    export=_export_contributions,
    erase=_erase_contributions,
    order=41,
    labels={
        "posts": _("posts"),
        "comments": _("comments"),
        "minutes_comments": _("comments on minutes"),
        "addenda": _("addenda"),
    },
)

# --------------------------------------------------------------------------- references

_parts = {
    "tasks": references(Task, ["owner", "created_by"], describe=lambda t: t.title),
    "meetings": references(Meeting, ["created_by"], describe=lambda m: m.title),
    "agenda_items": references(AgendaItem, ["owner"], describe=lambda i: i.title),
    "minutes": references(Minutes, ["approved_by", "updated_by"], describe=str),
    "groups": references(Group, ["created_by"], describe=lambda g: g.name),
    "documents": references(Document, ["created_by"], describe=lambda d: d.title),
    "document_versions": references(
        DocumentVersion, ["uploaded_by"], describe=lambda v: v.original_name
    ),
    "handovers": references(
        Handover, ["from_user", "to_user", "by"], describe=lambda h: plain(h.at)
    ),
}
_export_refs, _erase_refs = combine(*_parts.values(), keys=list(_parts))

register(
    "network_references",
    label=_("Alliance workshop: tasks, meetings and documents you are named on"),
    models=[Task, Meeting, AgendaItem, Minutes, Group, Document, DocumentVersion, Handover],
    export=_export_refs,
    erase=_erase_refs,
    order=42,
    labels={
        "tasks": _("tasks"),
        "meetings": _("meetings"),
        "agenda_items": _("agenda items"),
        "minutes": _("minutes"),
        "groups": _("groups created"),
        "documents": _("documents"),
        "document_versions": _("uploaded files"),
        "handovers": _("handovers"),
    },
)

not_personal("network.folder", "the name of a folder of a group's documents")
