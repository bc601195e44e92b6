"""The only writes of the review workflow: :func:`act` for every step, and
:func:`propose_changes` for an owner's changes to published content.

Each runs in one transaction with the record locked, checks that the actor may do
it, writes an audit entry (``<workflow.name>.<step>``), calls ``after_change`` and
queues the notification mail through the outbox: reviewers hear about submissions
and proposals, owners about every decision (with the reviewer's comment).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.recipients import queue_by_language, split_mail
from familienrathaus.core.review.workflow import (
    CHANGES_RETURNED,
    CHANGES_SUBMITTED,
    OWNER,
    PUBLISHED,
    STEPS,
    Step,
    StepNotAllowed,
    Workflow,
    can,
    roles_of,
)

FIELDS = ("status", "review_comment", "published_at", "pending_changes")
COMMENT_MAX_LENGTH = 4000


def act(workflow: Workflow, obj: models.Model, *, actor: Any, step: str, comment: str = "") -> Any:
    """Take one step (``submit``, ``approve``, ``approve_changes``, … see ``STEPS``).

    Raises :class:`StepNotAllowed` when the actor may not take it now, and
    ``ValidationError`` (on ``comment``) when the step needs a comment.
    """
    comment = (comment or "").strip()
    chosen = STEPS.get(step)
    if chosen is None:
        raise StepNotAllowed(step)
    with transaction.atomic():
        locked: Any = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if not can(workflow, actor, locked, step):
            raise StepNotAllowed(step)
        if chosen.comment_required and not comment:
            raise ValidationError(
                {"comment": _("Please say what should be changed.")}, code="comment_required"
            )
        try:
            MaxLengthValidator(COMMENT_MAX_LENGTH)(comment)
        except ValidationError as exc:
            raise ValidationError({"comment": exc.messages}) from exc
        if chosen.on_proposal:
            changes = _decide_proposal(workflow, locked, chosen, comment)
        else:
            changes = _move(workflow, locked, chosen, comment)
        audit.record(actor=actor, action=f"{workflow.name}.{step}", obj=locked, changes=changes)
        workflow.after_change(locked)
        _notify(workflow, locked, chosen.notify, event=chosen.event, actor=actor, comment=comment)
    for name in FIELDS:
        setattr(obj, name, getattr(locked, name))
    if chosen.name == "approve_changes":
        obj.refresh_from_db()
    return obj


def _move(workflow: Workflow, locked: Any, step: Step, comment: str) -> dict[str, Any]:
    before = {"status": locked.status, "comment": locked.review_comment}
    locked.status = step.target
    if step.target == PUBLISHED:
        locked.published_at = timezone.now()
        locked.review_comment = comment  # a comment on approval reaches the partner
    elif comment:
        locked.review_comment = comment
    pending = locked.pending_changes
    if step.target != PUBLISHED and pending:
        workflow.discard_changes(locked, pending.get("values") or {})
        locked.pending_changes = None
    locked.full_clean()
    locked.save()
    return audit.diff(before, {"status": locked.status, "comment": locked.review_comment})


def _decide_proposal(workflow: Workflow, locked: Any, step: Step, comment: str) -> dict[str, Any]:
    pending = locked.pending_changes or {}
    values = pending.get("values") or {}
    if step.name == "return_changes":
        locked.pending_changes = {**pending, "state": CHANGES_RETURNED, "comment": comment}
        locked.save(update_fields=["pending_changes"])
        return {"comment": {"before": "", "after": comment}}
    locked.pending_changes = None
    if step.name == "withdraw_changes":
        workflow.discard_changes(locked, values)
        locked.save(update_fields=["pending_changes"])
        return {}
    # approve_changes: the record stays published with the new values.
    locked.review_comment = comment
    locked.save(update_fields=["pending_changes", "review_comment"])
    return workflow.apply(locked, values)


def propose_changes(
    workflow: Workflow, obj: models.Model, values: dict[str, Any], *, actor: Any
) -> Any:
    """Store changes to a published record for review; the published version stays."""
    with transaction.atomic():
        locked: Any = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if locked.status != PUBLISHED or OWNER not in roles_of(workflow, actor, locked):
            raise StepNotAllowed("propose_changes")
        locked.pending_changes = {
            "state": CHANGES_SUBMITTED,
            "values": values,
            "by": getattr(actor, "email", ""),
            "at": timezone.now().isoformat(),
            "comment": "",
        }
        locked.save(update_fields=["pending_changes"])
        audit.record(actor=actor, action=f"{workflow.name}.propose_changes", obj=locked)
        _notify(workflow, locked, "reviewers", event="changes_submitted", actor=actor)
    obj.pending_changes = locked.pending_changes  # type: ignore[attr-defined]
    return obj


def _notify(
    workflow: Workflow, obj: Any, audience: str, *, event: str, actor: Any, comment: str = ""
) -> None:
    if audience == "owner":
        recipients = workflow.owner_emails(obj)
        link = workflow.owner_link
    elif audience == "reviewers":
        recipients = workflow.reviewer_emails()
        link = workflow.reviewer_link
    else:
        return
    actor_email = getattr(actor, "email", "")
    recipients = sorted({r for r in recipients if r and r != actor_email})
    if not recipients:
        return
    organisation = getattr(obj, "organisation", None)

    def render() -> tuple[str, str]:
        # Inside each recipient's language: the link carries its prefix (/tr/…).
        text = render_to_string(
            workflow.mail_template.format(event=event),
            {
                "obj": obj,
                "title": str(obj),
                "noun": workflow.noun,
                "partner": organisation.name if organisation is not None else "",
                "comment": comment,
                "actor": actor,
                "event": event,
                "url": link(obj),
            },
        )
        return split_mail(text)

    queue_by_language(recipients, render, purpose=f"{workflow.name}.{event}")
