"""What the ideas app holds about a person (registered in ``core.personal_data``): the
ideas the person submitted, the ideas they support and their comments; for staff, the
progress notes they wrote and the comments they hid.

On deletion, ideas that were never published go; published (and archived) ideas stay as
the alliance's public answer, without the author. Supports and comments are deleted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, combine, references, register
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Support

KEPT = [Idea.Status.PUBLISHED, Idea.Status.ARCHIVED]


def _export(person: Person) -> dict[str, Any]:
    ideas = Idea.objects.filter(created_by=person.user).order_by("pk")
    supports = Support.objects.filter(user=person.user).select_related("idea").order_by("pk")
    comments = Comment.objects.filter(author=person.user).select_related("idea").order_by("pk")
    return {
        "ideas": [
            {
                "title": idea.title,
                "text": idea.text,
                "review": idea.get_status_display(),
                "stage": idea.get_stage_display(),
                "reason": idea.stage_reason,
                "submitted": idea.created_at,
                "language": idea.language,
            }
            for idea in ideas
        ],
        "supports": [{"idea": s.idea.title, "since": s.created_at} for s in supports],
        "comments": [
            {"idea": c.idea.title, "text": c.text, "written": c.created_at, "hidden": c.is_hidden}
            for c in comments
        ],
    }


def _erase(person: Person) -> None:
    own = Idea.objects.filter(created_by=person.user)
    own.exclude(status__in=KEPT).delete()
    own.update(created_by=None)
    Support.objects.filter(user=person.user).delete()
    Comment.objects.filter(author=person.user).delete()


register(
    "ideas",
    label=_("Ideas, supports and comments"),
    models=[Idea, Support, Comment],
    export=_export,
    erase=_erase,
    order=50,
)

_notes = references(ProgressNote, ["created_by"], lambda n: {"idea": n.idea.title, "day": n.day})
_hidden = references(Comment, ["hidden_by"], lambda c: {"idea": c.idea.title})
_staff = combine(_notes, _hidden, keys=["progress_notes", "hidden_comments"])
register(
    "ideas_staff",
    label=_("Progress notes you wrote on ideas"),
    models=[ProgressNote],
    export=_staff[0],
    erase=_staff[1],
    order=60,
    labels={"hidden_comments": _("comments you hid")},
)
