"""Reads of tasks; every query is limited to the groups the user belongs to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from familienrathaus.network.models import Group, Task
from familienrathaus.network.selectors.groups import visible_groups

OPEN = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


def my_tasks(user: Any, *, done: bool | None = False) -> QuerySet[Task]:
    """ "Meine Aufgaben": the user's tasks in every group they still belong to, open
    ones by due date (``done``: the finished and cancelled ones, latest first;
    ``None``: all of them)."""
    tasks = Task.objects.filter(owner=user, group__in=visible_groups(user)).select_related(
        "group", "meeting"
    )
    if done is None:
        return tasks
    if done:
        return tasks.exclude(status__in=OPEN).order_by("-completed_at", "-updated_at", "-pk")
    return tasks.filter(status__in=OPEN)


def open_for(user: Any, *, limit: int | None = None) -> list[Task]:
    """The user's open tasks (the workshop's start page)."""
    tasks = my_tasks(user)
    return list(tasks[:limit] if limit else tasks)


def group_tasks(group: Group, *, status: str = "") -> QuerySet[Task]:
    """A group's tasks (after the permission check); open ones unless ``status``."""
    tasks = group.tasks.select_related("owner", "meeting")
    if status == "all":
        return tasks
    if status in Task.Status.values:
        return tasks.filter(status=status)
    return tasks.filter(status__in=OPEN)


def get_task_or_404(group: Group, pk: int) -> Task:
    task = group.tasks.select_related("group", "owner").filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def task_for(user: Any, pk: int) -> Task | None:
    """A task of one of the user's groups (the API)."""
    return (
        Task.objects.filter(group__in=visible_groups(user), pk=pk)
        .select_related("group", "owner")
        .first()
    )


def for_calendar(user: Any) -> QuerySet[Task]:
    """The user's open tasks with a due date (the iCal feed)."""
    return my_tasks(user).filter(due_on__isnull=False)


def is_overdue(task: Task) -> bool:
    return bool(task.due_on and task.is_open and task.due_on < timezone.localdate())
