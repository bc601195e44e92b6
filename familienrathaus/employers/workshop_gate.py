"""The gate on workshop registration: a workshop of a round (an event of the calendar)
takes registrations only from the round's admitted employers' teams, the round's jury
and coordinators. Registered with ``events.gates`` in ``apps.py``; events imports
nothing of ours."""

from __future__ import annotations

from django.utils.translation import gettext as _

from familienrathaus.core.permissions import AnyUser
from familienrathaus.employers import permissions
from familienrathaus.employers.models import EmployerMember, Participation, Workshop
from familienrathaus.events.models import Event


def workshop_refusal(event: Event, user: AnyUser) -> str | None:
    rounds = list(Workshop.objects.filter(event=event).values_list("round_id", "round__name"))
    if not rounds:
        return None  # not a workshop: not our business
    round_ids = [round_id for round_id, _name in rounds]
    if permissions.can_manage(user) or any(permissions.is_jury(user, r) for r in round_ids):
        return None
    if (
        user.is_authenticated
        and EmployerMember.objects.filter(
            user=user,
            employer__participations__round_id__in=round_ids,
            employer__participations__status__in=Participation.HOLDS_PLACE,
        ).exists()
    ):
        return None
    names = ", ".join(f"„{name}“" for _id, name in rounds)
    if not user.is_authenticated:
        return _(
            "This workshop is for the employers of the round %(round)s of the programme "
            "FAMILIENbewusste Unternehmen. Please log in with your team account to register."
        ) % {"round": names}
    return _(
        "This workshop is for the employers admitted to the round %(round)s of the programme "
        "FAMILIENbewusste Unternehmen only."
    ) % {"round": names}
