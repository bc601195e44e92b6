"""The shared data model of the network workshop (Bündnis-Werkstatt), issue 17.

The names are binding for the four parts of the app (``/work/SPEC_NETWORK.md``):
groups and members (``groups``), meetings (``meetings``), minutes and decisions
(``minutes``), tasks, documents and the feed (``work``). Import them from here.
"""

from familienrathaus.network.models.groups import (
    Group,
    GroupMember,
    Handover,
    Invitation,
    MemberProfile,
    new_token,
)
from familienrathaus.network.models.meetings import AgendaItem, Attendance, Meeting, Reply
from familienrathaus.network.models.minutes import (
    Addendum,
    Decision,
    Minutes,
    MinutesComment,
    MinutesSection,
)
from familienrathaus.network.models.work import (
    Comment,
    Document,
    DocumentVersion,
    Folder,
    Post,
    Task,
)

__all__ = [
    "Addendum",
    "AgendaItem",
    "Attendance",
    "Comment",
    "Decision",
    "Document",
    "DocumentVersion",
    "Folder",
    "Group",
    "GroupMember",
    "Handover",
    "Invitation",
    "Meeting",
    "MemberProfile",
    "Minutes",
    "MinutesComment",
    "MinutesSection",
    "Post",
    "Reply",
    "Task",
    "new_token",
]
