"""Writes of tasks (action items): create, change, status, and the overdue reminder.

The overdue reminder goes out once per task and due date. Each task is *claimed* with
one conditional UPDATE (``reminder_sent_on`` still empty → today) in the same
transaction that queues the mail: two runs at the same time (two workers) cannot both
win a task, and a crash before the commit leaves neither the mark nor the mail, so
the next run sends it. A new due date clears the mark: the new date gets its reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, outbox, tenancy
from familienrathaus.core.models import User
from familienrathaus.network import permissions
from familienrathaus.network.models import Group, GroupMember, Meeting, Task

logger = logging.getLogger(__name__)

OPEN = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


def can_change(user: Any, task: Task) -> bool:
    """Leads change every task of the group; members their own and those they wrote."""
    if permissions.can_lead(user, task.group):
        return True
    if not permissions.can_write(user, task.group):
        return False
    return user.pk in {task.owner_id, task.created_by_id}


def _check_owner(group: Group, owner: User | None) -> None:
    if owner is not None and not GroupMember.objects.filter(group=group, user=owner).exists():
        raise ValidationError({"owner": _("Please choose a member of the group.")})


@transaction.atomic
def create_task(
    *,
    actor: User | None,
    group: Group,
    title: str,
    description: str = "",
    owner: User | None = None,
    due_on: dt.date | None = None,
    meeting: Meeting | None = None,
    minutes: Any = None,
    check: bool = True,
) -> Task:
    """A new open task. ``check=False``: the caller checked already (the minutes'
    action items, the demo)."""
    if check and not permissions.can_write(actor, group):
        raise PermissionDenied
    _check_owner(group, owner)
    task = Task(
        group=group,
        title=title.strip(),
        description=description,
        owner=owner,
        due_on=due_on,
        meeting=meeting,
        minutes=minutes,
        created_by=actor,
    )
    task.full_clean()
    task.save()
    audit.record(actor=actor, action="network.task.create", obj=task)
    return task


def _set_status(task: Task, status: str) -> None:
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Please choose a status.")})
    if status == Task.Status.DONE and task.status != Task.Status.DONE:
        task.completed_at = timezone.now()
    elif status != Task.Status.DONE:
        task.completed_at = None
    task.status = status


@transaction.atomic
def update_task(*, actor: User, task: Task, values: dict[str, Any]) -> Task:
    """Change title, description, owner, due date and status."""
    locked = Task.objects.select_for_update().select_related("group").get(pk=task.pk)
    if not can_change(actor, locked):
        raise PermissionDenied
    fields = ["title", "description", "owner", "due_on", "status"]
    before = audit.snapshot(locked, fields)
    if "owner" in values:
        _check_owner(locked.group, values["owner"])
        locked.owner = values["owner"]
    for name in ("title", "description"):
        if name in values:
            setattr(locked, name, values[name])
    if "due_on" in values and values["due_on"] != locked.due_on:
        locked.due_on = values["due_on"]
        locked.reminder_sent_on = None  # the new due date gets its own reminder
    if "status" in values:
        _set_status(locked, values["status"])
    locked.full_clean()
    locked.save()
    after = audit.snapshot(locked, fields)
    audit.record(
        actor=actor, action="network.task.update", obj=locked, changes=audit.diff(before, after)
    )
    return locked


def set_status(*, actor: User, task: Task, status: str) -> Task:
    return update_task(actor=actor, task=task, values={"status": status})


# ------------------------------------------------------------------ overdue reminders


def overdue(today: dt.date) -> Any:
    """Open tasks past their due date whose owner is still in the group and has not
    been reminded for this due date."""
    return (
        Task.objects.filter(
            status__in=OPEN,
            due_on__lt=today,
            reminder_sent_on__isnull=True,
            owner__isnull=False,
            owner__is_active=True,
            group__archived_at__isnull=True,
        )
        .filter(group__members__user=F("owner"))
        .select_related("group", "owner")
    )


def _claim(task: Task, today: dt.date) -> bool:
    """Mark the task reminded today unless another run did; True if this run won."""
    return bool(
        Task.objects.filter(pk=task.pk, reminder_sent_on__isnull=True).update(
            reminder_sent_on=today
        )
    )


def _between_read_and_claim() -> None:
    """A hook for the concurrency test (the window two runs race through)."""


def _mail(task: Task, today: dt.date) -> None:
    owner = task.owner
    assert owner is not None
    language = outbox.language_code(owner.language)
    with outbox.in_language(language):
        url = tenancy.site_url() + reverse("network:my-tasks") + f"#aufgabe-{task.pk}"
        text = render_to_string(
            "network/mail/task_overdue.txt",
            {"task": task, "group": task.group, "owner": owner, "url": url, "today": today},
        )
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[owner.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=f"network.task-overdue:{task.pk}",
        language=language,
    )


def remind_overdue(*, today: dt.date | None = None) -> int:
    """Remind the owner of every overdue task, once; the number of mails queued."""
    today = today or timezone.localdate()
    sent = 0
    for task in list(overdue(today)):
        _between_read_and_claim()
        with transaction.atomic():
            if not _claim(task, today):
                continue
            _mail(task, today)
            sent += 1
    logger.info("network: %s overdue task reminders", sent)
    return sent
