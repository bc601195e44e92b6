"""What the employers programme holds about a person (registered in ``core.personal_data``).

- Team memberships (``EmployerMember``: name and position as the team knows the person,
  the role) and jury memberships (``JuryMember``). The erasure removes them; an employer
  whose last contact person goes keeps its other members (the coordination office names
  a new contact person).
- Rows that only point at the account (who last changed an answer, recorded a talk,
  decided, revoked a certificate): the export lists them, the erasure unlinks them.

The employer itself, its participation, answers, measures, evidence, evaluation and
certificate are the employer's data, not the person's: they stay.
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
from familienrathaus.employers.models import (
    Answer,
    Certificate,
    EmployerMember,
    Evaluation,
    JuryMember,
    Talk,
)


def _export_memberships(person: Person) -> dict[str, Any]:
    return {
        "teams": [
            {
                "employer": m.employer.name,
                "role": str(m.get_role_display()),
                "name": m.name,
                "position": m.position,
                "since": plain(m.created_at),
            }
            for m in EmployerMember.objects.filter(user=person.user).select_related("employer")
        ],
        "juries": [
            {"round": j.round.name, "since": plain(j.created_at)}
            for j in JuryMember.objects.filter(user=person.user).select_related("round")
        ],
    }


def _erase_memberships(person: Person) -> None:
    EmployerMember.objects.filter(user=person.user).delete()
    JuryMember.objects.filter(user=person.user).delete()


register(
    "employers",
    label=_("Your employer's team and juries (FAMILIENbewusste Unternehmen)"),
    models=[EmployerMember, JuryMember],
    export=_export_memberships,
    erase=_erase_memberships,
    labels={"teams": _("teams"), "juries": _("juries")},
)

_answers = references(Answer, ["updated_by"], lambda a: {"employer": a.participation.employer.name})
_talks = references(
    Talk,
    ["recorded_by"],
    lambda t: {"employer": t.participation.employer.name, "held": plain(t.held_on)},
)
_evaluations = references(
    Evaluation, ["decided_by"], lambda e: {"employer": e.participation.employer.name}
)
_certificates = references(Certificate, ["revoked_by"], lambda c: {"certificate": c.number})
_staff = combine(
    _answers,
    _talks,
    _evaluations,
    _certificates,
    keys=["answers", "talks", "decisions", "revocations"],
)
register(
    "employers_staff",
    label=_("Work in the programme FAMILIENbewusste Unternehmen"),
    models=[Answer, Talk, Evaluation, Certificate],
    export=_staff[0],
    erase=_staff[1],
    labels={
        "answers": _("answers"),
        "talks": _("talks"),
        "decisions": _("decisions"),
        "revocations": _("revocations"),
    },
)

not_personal("employers.catalogue", "a version of the criteria catalogue")
not_personal("employers.fieldofaction", "a field of action of the criteria catalogue")
not_personal("employers.round", "a round of the programme")
not_personal(
    "employers.employer",
    "an employer (an organisation) and its business contact details",
)
not_personal(
    "employers.participation",
    "an employer's participation in a round; its note is the employer's",
)
not_personal("employers.measure", "an employer's measure and its evidence about the employer")
not_personal("employers.annualcheck", "the yearly check of an employer's measures")
