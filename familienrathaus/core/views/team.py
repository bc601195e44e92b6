"""The back office's "Team" page: the alliance's coordinators and administrators.

A coordinator adds a person by e-mail (an account of another alliance gets the role
here: a coordinator who helps a second alliance) and removes a role after a
confirmation. The rules are in core.permissions and core.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familienrathaus.core import permissions, selectors, services
from familienrathaus.core.forms import TeamMemberForm
from familienrathaus.core.models import AllianceMembership, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.views.access import require


def _roles_for(user: User) -> list[tuple[str, str]]:
    return [
        (role.value, str(role.label))
        for role in (Role.COORDINATOR, Role.ADMINISTRATOR)
        if permissions.can_give_role(user, role)
    ]


@require(permissions.can_manage_team)
def index(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = TeamMemberForm(request.POST or None, roles=_roles_for(actor))
    if request.method == "POST" and form.is_valid():
        try:
            user, created = services.add_to_team(
                actor=actor, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except services.TeamChangeRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            if created:
                text = _("%(email)s now has an account and got a link to set a password.")
            else:
                text = _("%(email)s now has the role here and got an e-mail about it.")
            messages.success(request, text % {"email": user.email})
            return redirect("core:team")
    return render(
        request,
        "core/backoffice/team.html",
        {
            "form": form,
            "team": selectors.team_memberships(),
            "counts": selectors.member_counts(),
        },
    )


@require(permissions.can_manage_team)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (or why it is not possible); POST: the removal."""
    actor: User = request.user  # type: ignore[assignment]
    membership = selectors.team_memberships().filter(pk=pk).first()
    if membership is None:
        raise Http404
    if request.method == "POST":
        try:
            services.remove_from_team(actor=actor, user=membership.user)
        except services.TeamChangeRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s no longer has a role here.") % {"name": membership.user},
            )
        return redirect("core:team")
    return render(
        request,
        "core/backoffice/team_remove.html",
        {"membership": membership, "refusal": _refusal(actor, membership)},
    )


def _refusal(actor: User, membership: AllianceMembership) -> str:
    """Why the confirmation page offers no button (empty: it does)."""
    if membership.user_id == actor.pk:
        return _("You cannot remove your own role. Please ask someone else.")
    if not permissions.can_give_role(actor, membership.role, before=membership.role):
        return _("Only an administrator can remove an administrator.")
    if selectors.team_memberships().count() <= 1:
        return _(
            "The alliance needs at least one coordinator or administrator: this is the last one."
        )
    return ""
