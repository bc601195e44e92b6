"""Pages of tasks: "Meine Aufgaben" across groups, a group's tasks, and the member's
calendar feed by secret link.

The feed link carries the member's ``MemberProfile.feed_token``; it is checked on
every request, and answers only while the person is an active member of a group
(a renewed token or a removed member gets 404 at once). It lists only the groups
the person belongs to at that moment.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.network import forms_tasks as forms
from familienrathaus.network import ical, permissions
from familienrathaus.network.models import MemberProfile, Task
from familienrathaus.network.selectors import meetings as meeting_selectors
from familienrathaus.network.selectors import tasks as selectors
from familienrathaus.network.selectors.groups import get_group_or_404
from familienrathaus.network.services import tasks as services

FEED_MONTHS_BACK = 3


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.my_tasks(request.user))
    today = timezone.localdate()
    return render(
        request,
        "network/tasks/mine.html",
        {
            "tasks": tasks,
            "overdue": {t.pk for t in tasks if t.due_on and t.due_on < today},
            "done": list(selectors.my_tasks(request.user, done=True)[:20]),
            "changeable": {t.pk for t in tasks if services.can_change(request.user, t)},
            "status_choices": Task.Status.choices,
        },
    )


@login_required
def group_tasks(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    status = request.GET.get("status", "")
    tasks = list(selectors.group_tasks(group, status=status))
    today = timezone.localdate()
    return render(
        request,
        "network/tasks/group.html",
        {
            "group": group,
            "tasks": tasks,
            "status": status,
            "statuses": Task.Status.choices,
            "overdue": {t.pk for t in tasks if t.is_open and t.due_on and t.due_on < today},
            "changeable": {t.pk for t in tasks if services.can_change(request.user, t)},
            "may_write": permissions.can_write(request.user, group),
            "next_meeting": meeting_selectors.next_meeting(group),
            "status_choices": Task.Status.choices,
        },
    )


@login_required
def task_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    task = selectors.get_task_or_404(group, pk) if pk else None
    if task is None and not permissions.can_write(request.user, group):
        raise Http404
    if task is not None and not services.can_change(request.user, task):
        raise Http404
    form = forms.TaskForm(request.POST or None, group=group, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            if task is None:
                services.create_task(
                    actor=request.user,  # type: ignore[arg-type]
                    group=group,
                    **form.values(),
                )
            else:
                services.update_task(
                    actor=request.user,  # type: ignore[arg-type]
                    task=task,
                    values=form.values(),
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("network:group-tasks", slug=group.slug)
    return render(
        request,
        "network/tasks/form.html",
        {"group": group, "task": task, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def task_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One tap: a new status from a list ("Meine Aufgaben" or the group's tasks)."""
    group = get_group_or_404(request.user, slug)
    task = selectors.get_task_or_404(group, pk)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(
                actor=request.user,  # type: ignore[arg-type]
                task=task,
                status=form.cleaned_data["status"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": task.title, "status": Task.Status(form.cleaned_data["status"]).label},
        )
    else:
        messages.error(request, _("Please choose a status."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if back:
        return redirect(back)
    return redirect("network:group-tasks", slug=group.slug)


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's calendar by secret link: meetings of their groups, due dates of
    their open tasks."""
    profile = (
        MemberProfile.objects.select_related("user")
        .filter(feed_token=token, user__is_active=True)
        .first()
    )
    if profile is None or not profile.user.network_memberships.exists():
        raise Http404
    user = profile.user
    since = timezone.now() - timedelta(days=31 * FEED_MONTHS_BACK)
    content = ical.member_feed(
        meeting_selectors.for_api(user, since=since),
        selectors.for_calendar(user),
        name=_("Workshop: my meetings and tasks"),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
