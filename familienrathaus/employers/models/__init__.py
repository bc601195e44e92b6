"""FAMILIENbewusste Unternehmen: employers assess themselves, act, and earn a certificate.

The names here are the shared data model of issue 18 (``/work/SPEC_EMPLOYERS.md``).
A coordinator runs **rounds** (dates, workshops, a jury, a maximum number of
employers) that each use one version of the **catalogue** (fields of action with
their criteria). An **employer** (its team: :class:`EmployerMember`) takes part in a
round (:class:`Participation`): it answers the criteria, plans **measures**, is
evaluated, and may receive a **certificate** that anyone can verify by its number.

A catalogue that a round has started with is *frozen* (``frozen_at``) and never
edited again: editing it makes a copy as the next version (``based_on``), which new
rounds use; ``key`` of fields and criteria stays the same across versions, so answers
and reports can be compared.
"""

from familienrathaus.employers.models.programme import (
    Catalogue,
    Criterion,
    Employer,
    EmployerMember,
    FieldOfAction,
    JuryMember,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.employers.models.work import (
    AnnualCheck,
    Answer,
    Certificate,
    Evaluation,
    Measure,
    MeasureTemplate,
    Talk,
)

__all__ = [
    "AnnualCheck",
    "Answer",
    "Catalogue",
    "Certificate",
    "Criterion",
    "Employer",
    "EmployerMember",
    "Evaluation",
    "FieldOfAction",
    "JuryMember",
    "Measure",
    "MeasureTemplate",
    "Participation",
    "Round",
    "Talk",
    "Workshop",
]
