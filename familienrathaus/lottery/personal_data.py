"""What the lottery holds about a family (registered in ``core.personal_data``): the
children's ranked wishes with their group codes, lottery outcomes and tickets, and
membership of priority groups; and the runs a coordinator started or confirmed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, references, register
from familienrathaus.holidays.models import Child
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run, Ticket, Wish


def _export(person: Person) -> dict[str, Any]:
    children = Child.objects.filter(family=person.user)
    return {
        "wishes": [
            {
                "child": w.child.first_name,
                "programme": w.period.name,
                "rank": w.rank,
                "occasion": str(w.occasion.activity.title),
                "group_code": w.group_code,
            }
            for w in Wish.objects.filter(child__in=children).select_related(
                "child", "period", "occasion__activity"
            )
        ],
        "outcomes": [
            {
                "child": o.child.first_name,
                "occasion": str(o.occasion.activity.title),
                "rank": o.rank,
                "place": o.accepted,
                "waiting_list_position": o.waitlist_position,
            }
            for o in Outcome.objects.filter(
                child__in=children, run__status="confirmed"
            ).select_related("child", "occasion__activity")
        ],
        "priority_groups": [
            {
                "group": g.name,
                "children": [c.first_name for c in g.children.filter(family=person.user)],
            }
            for g in PriorityGroup.objects.filter(children__in=children).distinct()
        ],
    }


def _erase(person: Person) -> None:
    """Runs before the holiday programme's erasure (which deletes the children)."""
    children = Child.objects.filter(family=person.user)
    Wish.objects.filter(child__in=children).delete()
    Ticket.objects.filter(child__in=children).delete()
    for group in PriorityGroup.objects.filter(children__in=children).distinct():
        group.children.remove(*children)


register(
    "lottery",
    label=_("Holiday programme lottery"),
    models=[Wish, Outcome, Ticket, PriorityGroup],
    export=_export,
    erase=_erase,
    order=30,
    labels={"outcomes": _("results of the lottery")},
)

_runs = references(Run, ["created_by", "confirmed_by"], lambda r: {"run": r.pk, "note": r.note})
register(
    "lottery_runs",
    label=_("Lottery runs you started or confirmed"),
    models=[Run],
    export=_runs[0],
    erase=_runs[1],
)
