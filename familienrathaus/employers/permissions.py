"""Who may do what in the FAMILIENbewusste Unternehmen programme. Views, downloads and
the API ask only these (and the ``get_*_or_404`` helpers in ``selectors/programme.py``).

- **Coordinators** run everything: rounds, catalogue, admission, evaluation, decision,
  certificates, revocation, reports.
- An employer's **team** (:class:`~familienrathaus.employers.models.EmployerMember` rows)
  sees only its own employer: participations, answers, comments, evidence, measures,
  report, certificates. It edits a participation only while it is open for the team
  (admitted or in the self-assessment).
- **Jury members** of a round (:class:`~familienrathaus.employers.models.JuryMember`) see
  the participations of their rounds only, and record talks and a recommendation.
- The public sees certified employers, their pages and the verification of a
  certificate; nothing here.

Everything another person may not see answers 404, never 403: whether an employer or a
participation exists is itself not public.
"""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser
from familienrathaus.employers.models import (
    Employer,
    EmployerMember,
    JuryMember,
    Participation,
    Round,
)


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _uid(user: AnyUser) -> int:
    """The account's id (only called for an active, logged-in person)."""
    return int(user.pk or 0)


def can_manage(user: AnyUser) -> bool:
    """Coordinators: rounds, catalogue, admission, evaluation, certificates, reports."""
    return bool(_active(user) and getattr(user, "is_coordinator", False))


def employers_of(user: AnyUser) -> list[Employer]:
    """The employers whose team the person belongs to (usually one)."""
    if not _active(user):
        return []
    return list(Employer.objects.filter(members__user_id=_uid(user)).order_by("name"))


def employer_of(user: AnyUser) -> Employer | None:
    """The person's employer, or ``None``; the first by name if there are several."""
    employers = employers_of(user)
    return employers[0] if employers else None


def is_team_member(user: AnyUser, employer: Employer | int) -> bool:
    if not _active(user):
        return False
    employer_id = employer if isinstance(employer, int) else employer.pk
    return EmployerMember.objects.filter(employer_id=employer_id, user_id=_uid(user)).exists()


def is_contact(user: AnyUser, employer: Employer) -> bool:
    """A contact person of the employer: manages the team and the employer's details."""
    if not _active(user):
        return False
    return EmployerMember.objects.filter(
        employer=employer, user_id=_uid(user), role=EmployerMember.Role.CONTACT
    ).exists()


def is_jury(user: AnyUser, round: Round | int) -> bool:
    if not _active(user):
        return False
    round_id = round if isinstance(round, int) else round.pk
    return JuryMember.objects.filter(round_id=round_id, user_id=_uid(user)).exists()


def is_jury_anywhere(user: AnyUser) -> bool:
    return _active(user) and JuryMember.objects.filter(user_id=_uid(user)).exists()


def can_see_employer(user: AnyUser, employer: Employer) -> bool:
    """The employer's details, team and participations (not the public page)."""
    return can_manage(user) or is_team_member(user, employer)


def can_edit_employer(user: AnyUser, employer: Employer) -> bool:
    """Change the employer's details, logo, public text; invite and remove team members."""
    return can_manage(user) or is_contact(user, employer)


def can_see_participation(user: AnyUser, participation: Participation) -> bool:
    """Read a participation with its answers, evidence, measures, report, certificate."""
    return (
        can_manage(user)
        or is_team_member(user, participation.employer_id)
        or is_jury(user, participation.round_id)
    )


def can_edit_participation(user: AnyUser, participation: Participation) -> bool:
    """Answer the criteria and plan measures: the team while the participation is open."""
    return participation.open_for_team and is_team_member(user, participation.employer_id)


def can_plan_measures(user: AnyUser, participation: Participation) -> bool:
    """Plan measures and update their progress: the team as long as the participation
    holds its place (also after handing in and after the certificate, for the annual
    check)."""
    return participation.status in Participation.HOLDS_PLACE and is_team_member(
        user, participation.employer_id
    )


def can_see_round_progress(user: AnyUser, round: Round) -> bool:
    """The progress of a round's employers (assessment, measures): coordinators and
    the round's jury."""
    return can_manage(user) or is_jury(user, round)


def can_review_participation(user: AnyUser, participation: Participation) -> bool:
    """Review assessment, measures and evidence; record talks and a recommendation."""
    return can_manage(user) or is_jury(user, participation.round_id)


def can_decide(user: AnyUser, participation: Participation) -> bool:
    """Decide certified / not yet, issue and revoke certificates: coordinators only."""
    return can_manage(user)


def can_apply(user: AnyUser, employer: Employer) -> bool:
    """Apply for a round on the employer's behalf: any member of its team."""
    return is_team_member(user, employer)


def can_register_employer(user: AnyUser) -> bool:
    """Register a new employer: anyone with an account (the form also creates one)."""
    return True
