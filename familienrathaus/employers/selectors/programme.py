"""Reads of the programme: rounds, employers, participations, and the access helpers
(``get_*_or_404``) that views of every part use to fetch a row *and* check the user may
see it; anything else answers 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from familienrathaus.core.permissions import AnyUser
from familienrathaus.employers import permissions
from familienrathaus.employers.models import (
    Catalogue,
    Employer,
    EmployerMember,
    JuryMember,
    Participation,
    Round,
    Workshop,
)

# ------------------------------------------------------------------ access helpers


def get_employer_or_404(user: AnyUser, pk: int) -> Employer:
    """The employer, if the user is in its team or a coordinator."""
    employer = get_object_or_404(Employer, pk=pk)
    if not permissions.can_see_employer(user, employer):
        raise Http404
    return employer


def get_participation_or_404(user: AnyUser, pk: int) -> Participation:
    """The participation, if the user is in its team, on its round's jury or a coordinator."""
    participation = get_object_or_404(
        Participation.objects.select_related("round", "round__catalogue", "employer"), pk=pk
    )
    if not permissions.can_see_participation(user, participation):
        raise Http404
    return participation


def get_editable_participation_or_404(user: AnyUser, pk: int) -> Participation:
    """The participation, if the user's team may still change its answers and measures."""
    participation = get_participation_or_404(user, pk)
    if not permissions.can_edit_participation(user, participation):
        raise Http404
    return participation


def get_reviewable_participation_or_404(user: AnyUser, pk: int) -> Participation:
    """The participation, if the user is a coordinator or on its round's jury."""
    participation = get_participation_or_404(user, pk)
    if not permissions.can_review_participation(user, participation):
        raise Http404
    return participation


def get_round_or_404(user: AnyUser, pk: int) -> Round:
    """A round for its coordinators or its jury."""
    round_ = get_object_or_404(Round.objects.select_related("catalogue"), pk=pk)
    if not (permissions.can_manage(user) or permissions.is_jury(user, round_)):
        raise Http404
    return round_


# ------------------------------------------------------------------ lists


def rounds_for_manager() -> QuerySet[Round]:
    holding = Q(participations__status__in=Participation.HOLDS_PLACE)
    return Round.objects.select_related("catalogue").annotate(
        admitted=Count("participations", filter=holding, distinct=True),
        applied=Count(
            "participations",
            filter=Q(participations__status=Participation.Status.APPLIED),
            distinct=True,
        ),
    )


def open_rounds() -> QuerySet[Round]:
    """Rounds an employer may apply to now."""
    return Round.objects.filter(status=Round.Status.OPEN).order_by("starts_on")


def rounds_of_jury(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    return Round.objects.filter(jury__user=user).order_by("-starts_on")


def participations_of_round(round_: Round) -> QuerySet[Participation]:
    return round_.participations.select_related("employer").order_by("status", "employer__name")


def participations_of_employer(employer: Employer) -> QuerySet[Participation]:
    return employer.participations.select_related("round").order_by("-round__starts_on")


def places_taken(round_: Round) -> int:
    return round_.participations.filter(status__in=Participation.HOLDS_PLACE).count()


def team_of(employer: Employer) -> QuerySet[EmployerMember]:
    return employer.members.select_related("user").order_by("-role", "name", "user__email")


def jury_of(round_: Round) -> QuerySet[JuryMember]:
    return round_.jury.select_related("user").order_by("user__name", "user__email")


def workshops_of(round_: Round) -> QuerySet[Workshop]:
    return round_.workshops.select_related("event").order_by("event__start")


def employers_for_manager(query: str = "") -> QuerySet[Employer]:
    employers = Employer.objects.annotate(n_participations=Count("participations"))
    if query:
        employers = employers.filter(Q(name__icontains=query) | Q(city__icontains=query))
    return employers.order_by("name")


def catalogues() -> QuerySet[Catalogue]:
    return Catalogue.objects.annotate(
        n_rounds=Count("rounds", distinct=True), n_fields=Count("fields", distinct=True)
    ).order_by("name", "-version")


def latest_catalogue() -> Catalogue | None:
    """The newest version of the newest catalogue: what a new round uses by default."""
    return Catalogue.objects.order_by("-created_at", "-version").first()
