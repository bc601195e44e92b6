"""The workshop's start page, groups, members and invitations (members only).

Every view checks ``permissions`` on each request and answers 404 to anybody who may
not see a group, so that its existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core.forms import add_errors
from familienrathaus.network import forms_groups, permissions
from familienrathaus.network.models import Group, GroupMember, Invitation
from familienrathaus.network.selectors import groups as selectors
from familienrathaus.network.selectors import meetings as meeting_selectors
from familienrathaus.network.selectors import tasks as task_selectors
from familienrathaus.network.services import groups as services

# The parts of a group, in the order of its tabs: (URL name, label). A part whose
# address is not (yet) routed is left out.
GROUP_PARTS = [
    ("network:group", gettext_lazy("Overview")),
    ("network:meetings", gettext_lazy("Meetings")),
    ("network:minutes-list", gettext_lazy("Minutes")),
    ("network:decisions", gettext_lazy("Decisions")),
    ("network:group-tasks", gettext_lazy("Tasks")),
    ("network:documents", gettext_lazy("Documents")),
    ("network:group-feed", gettext_lazy("News")),
    ("network:members", gettext_lazy("Members")),
]


def group_tabs(request: HttpRequest, group: Group) -> list[dict[str, Any]]:
    """The group's tabs for its pages (``network/groups/_tabs.html``)."""
    tabs = []
    for name, label in GROUP_PARTS:
        try:
            url = reverse(name, kwargs={"slug": group.slug})
        except NoReverseMatch:
            continue
        own = request.path == url if name == "network:group" else request.path.startswith(url)
        tabs.append({"url": url, "label": label, "current": own})
    return tabs


# --------------------------------------------------------------------------- start page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """ "Meine Gruppen", the next meetings and my open tasks."""
    if not permissions.can_use_workshop(request.user):
        raise Http404
    return render(
        request,
        "network/groups/home.html",
        {
            "groups": selectors.my_groups(request.user),
            "meetings": meeting_selectors.upcoming_for(request.user, limit=5),
            "tasks": task_selectors.open_for(request.user, limit=8),
            "can_manage": permissions.can_manage_groups(request.user),
            "invitations": selectors.invitations_for(request.user),
        },
    )


# --------------------------------------------------------------------------- groups


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """All groups with their figures (coordinators); names and counts, no content."""
    if not permissions.can_manage_groups(request.user):
        raise Http404
    archived = request.GET.get("archiv") == "1"
    return render(
        request,
        "network/groups/list.html",
        {
            "groups": selectors.all_groups(archived=archived),
            "archived": archived,
            "mine": set(selectors.visible_groups(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise Http404
    form = forms_groups.GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The group was created. Now invite its members."))
            return redirect("network:members", slug=group.slug)
    return render(
        request,
        "network/groups/form.html",
        {"form": form, "group": None},
        status=400 if form.errors else 200,
    )


@login_required
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group_or_404(request.user, slug)
    return render(
        request,
        "network/groups/detail.html",
        {
            "group": group,
            "tabs": group_tabs(request, group),
            "membership": selectors.membership(request.user, group),
            "members": selectors.members_of(group),
            "next_meeting": meeting_selectors.next_meeting(group),
            "open_tasks": task_selectors.group_tasks(group).select_related("owner")[:8],
            "can_manage": permissions.can_manage_members(request.user, group),
        },
    )


@login_required
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_managed_group_or_404(request.user, slug)
    form = forms_groups.GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(
                actor=request.user,  # type: ignore[arg-type]
                group=Group.objects.get(pk=group.pk),
                values=form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:members", slug=group.slug)
    return render(
        request,
        "network/groups/form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def group_archive(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_managed_group_or_404(request.user, slug)
    archived = request.POST.get("archived") == "1"
    services.set_archived(actor=request.user, group=group, archived=archived)  # type: ignore[arg-type]
    messages.success(
        request, _("The group was archived.") if archived else _("The group is active again.")
    )
    return redirect("network:members", slug=group.slug)


# --------------------------------------------------------------------------- members


def _members_page(
    request: HttpRequest,
    group: Group,
    *,
    add_form: Any = None,
    invite_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = permissions.can_manage_members(request.user, group)
    is_member = permissions.is_member(request.user, group)
    return render(
        request,
        "network/groups/members.html",
        {
            "group": group,
            "tabs": group_tabs(request, group) if is_member else [],
            "is_member": is_member,
            "members": selectors.members_of(group),
            "invitations": selectors.open_invitations(group) if can_manage else [],
            "can_manage": can_manage,
            "add_form": add_form or forms_groups.AddMemberForm(group=group),
            "invite_form": invite_form or forms_groups.InviteForm(),
            "roles": GroupMember.Role.choices,
        },
        status=status,
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Members of a group: read by its members, managed by its leads and coordinators."""
    group = Group.objects.filter(slug=slug).first()
    if group is None or not (
        permissions.is_member(request.user, group)
        or permissions.can_manage_members(request.user, group)
    ):
        raise Http404
    return _members_page(request, group)


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_managed_group_or_404(request.user, slug)
    form = forms_groups.AddMemberForm(request.POST, group=group)
    if form.is_valid():
        try:
            member = services.add_member(
                actor=request.user,  # type: ignore[arg-type]
                group=group,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is now a member of the group.") % {"name": member.user}
            )
            return redirect("network:members", slug=group.slug)
    return _members_page(request, group, add_form=form, status=400)


@require_POST
@login_required
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_managed_group_or_404(request.user, slug)
    form = forms_groups.InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite(
                actor=request.user,  # type: ignore[arg-type]
                group=group,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("network:members", slug=group.slug)
    return _members_page(request, group, invite_form=form, status=400)


def _member_or_404(request: HttpRequest, slug: str, pk: int) -> GroupMember:
    group = selectors.get_managed_group_or_404(request.user, slug)
    return get_object_or_404(
        GroupMember.objects.select_related("user", "group"), group=group, pk=pk
    )


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    member = _member_or_404(request, slug, pk)
    form = forms_groups.RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(actor=request.user, member=member, role=form.cleaned_data["role"])  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The role was changed."))
    return redirect("network:members", slug=slug)


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    member = _member_or_404(request, slug, pk)
    try:
        services.remove_member(actor=request.user, member=member)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("network:members", slug=slug)
    messages.success(request, _("%(name)s was removed from the group.") % {"name": member.user})
    if member.user_id == request.user.pk and not permissions.can_manage_groups(request.user):
        return redirect("network:home")
    return redirect("network:members", slug=slug)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = selectors.get_managed_group_or_404(request.user, slug)
    invitation = get_object_or_404(Invitation, group=group, pk=pk)
    services.revoke_invitation(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("network:members", slug=slug)


# --------------------------------------------------------------------------- invitation link


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation mail. Signed in: accept or decline. Without an
    account: name and password, then a plain account limited to the group."""
    found = services.open_invitation(token)
    if found is None:
        return render(request, "network/groups/invitation_gone.html", status=404)
    user = request.user
    context: dict[str, Any] = {"invitation": found, "group": found.group}
    if request.method == "POST" and request.POST.get("action") == "decline":
        services.decline(invitation=found)
        messages.info(request, _("You declined the invitation."))
        return redirect("core:home")
    if user.is_authenticated:
        addressed = services.addressed_to(found, user)
        if request.method == "POST" and addressed:
            try:
                services.accept(invitation=found, user=user)
            except (ValidationError, PermissionDenied):
                return render(request, "network/groups/invitation_gone.html", status=404)
            messages.success(request, _("Welcome to the group!"))
            return redirect("network:group", slug=found.group.slug)
        context["addressed"] = addressed
        return render(request, "network/groups/invitation.html", context)
    has_account = services.account_for(found.email) is not None
    form = None
    if not has_account:
        form = forms_groups.GuestAccountForm(
            request.POST if request.method == "POST" else None, email=found.email
        )
        if request.method == "POST" and form.is_valid():
            try:
                account = services.accept_as_guest(
                    invitation=found,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                login(request, account, backend="familienrathaus.core.auth_backends.ModelBackend")
                messages.success(request, _("Welcome to the group!"))
                return redirect("network:group", slug=found.group.slug)
    context.update({"form": form, "has_account": has_account})
    status = 400 if form is not None and form.errors else 200
    return render(request, "network/groups/invitation.html", context, status=status)
