"""The review workflow for content partners submit: offers now, events and holiday
activities later. One state machine, configured per model by a :class:`Workflow`.

States and transitions
----------------------
::

    draft ──submit──▶ submitted ──approve──▶ published ──archive──▶ archived
      ▲                 │  │  │                                       │
      └────withdraw─────┘  │  └──reject (comment)──▶ rejected         │
                           └──return (comment)──▶ returned ──submit──▶ …
    archived ──republish──▶ published

"Approved" is not a state a record rests in: approving publishes at once and sets
``published_at``. Every state except "archived" may be archived.

Who may do what (the *roles* of a user for one record):

=========  ===================================================================
owner      staff of the organisation the record belongs to: submit, withdraw
           a submission back to draft, archive
reviewer   coordinators: approve (publish), return with a comment (required),
           reject (comment optional), archive, re-publish an archived record
=========  ===================================================================

A coordinator may also act as owner when the workflow says so (``is_owner``).

Changes to published records
----------------------------
A published record stays online while its owner changes it. Unless the organisation
is trusted (``Workflow.is_trusted``) or the author is a reviewer, the changes are
stored as a *change proposal* in the record's ``pending_changes`` field::

    {"state": "submitted" | "returned", "values": {...}, "by": "email",
     "at": "ISO time", "comment": "reviewer's comment when returned"}

``values`` is whatever the workflow's ``apply_changes`` understands (for offers: field
values including ids of related objects). A reviewer approves the proposal (the values
are applied and the record stays published) or returns it with a comment (the values
are kept, so the owner can go on from there); the owner may withdraw it.

Every transition runs in one transaction with the record locked, checks that it is
allowed for the actor, writes an audit entry, calls ``after_change`` (e.g. to update
the search index) and queues the notification mail through the outbox:
reviewers hear about submissions, owners about "returned", "rejected" and "published".

The model needs the fields ``status`` (a CharField with the state values below),
``review_comment`` (TextField), ``published_at`` (DateTimeField, null) and
``pending_changes`` (JSONField, null).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit
from familienrathaus.core.outbox import queue_mail
from familienrathaus.core.permissions import AnyUser

# The states. Models use TextChoices with exactly these values.
DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
REJECTED = "rejected"
PUBLISHED = "published"
ARCHIVED = "archived"
STATES = (DRAFT, SUBMITTED, RETURNED, REJECTED, PUBLISHED, ARCHIVED)

OWNER = "owner"
REVIEWER = "reviewer"

# States of a change proposal (``pending_changes["state"]``).
CHANGES_SUBMITTED = "submitted"
CHANGES_RETURNED = "returned"


class TransitionNotAllowed(PermissionDenied):
    """The actor may not make this transition, or not from the record's current state."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    comment_required: bool = False
    # Who is told by mail ("owner", "reviewers" or nobody: ""), and the mail's event.
    notify: str = ""
    event: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            gettext_lazy("Submit for review"),
            frozenset({DRAFT, RETURNED}),
            SUBMITTED,
            frozenset({OWNER}),
            notify="reviewers",
            event="submitted",
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw to draft"),
            frozenset({SUBMITTED}),
            DRAFT,
            frozenset({OWNER}),
        ),
        Transition(
            "approve",
            gettext_lazy("Approve and publish"),
            frozenset({SUBMITTED}),
            PUBLISHED,
            frozenset({REVIEWER}),
            notify="owner",
            event="published",
        ),
        Transition(
            "return",
            gettext_lazy("Send back with a comment"),
            frozenset({SUBMITTED}),
            RETURNED,
            frozenset({REVIEWER}),
            comment_required=True,
            notify="owner",
            event="returned",
        ),
        Transition(
            "reject",
            gettext_lazy("Reject"),
            frozenset({SUBMITTED}),
            REJECTED,
            frozenset({REVIEWER}),
            notify="owner",
            event="rejected",
        ),
        Transition(
            "archive",
            gettext_lazy("Archive"),
            frozenset({DRAFT, SUBMITTED, RETURNED, REJECTED, PUBLISHED}),
            ARCHIVED,
            frozenset({OWNER, REVIEWER}),
        ),
        Transition(
            "republish",
            gettext_lazy("Publish again"),
            frozenset({ARCHIVED}),
            PUBLISHED,
            frozenset({REVIEWER}),
            notify="owner",
            event="published",
        ),
    )
}


def _nothing(obj: Any) -> None:
    return None


@dataclass(frozen=True)
class Workflow:
    """How one model takes part in the review workflow.

    ``mail_template`` is a template name with ``{event}`` in it; events are
    ``submitted``, ``published``, ``returned``, ``rejected``, ``changes_submitted``,
    ``changes_published`` and ``changes_returned``. The first line the template
    renders is the subject, the rest the body. Its context: ``obj``, ``comment``,
    ``actor``, ``event``, ``url`` (for the recipient).
    """

    name: str  # prefix of the audit actions, e.g. "offer" → "offer.submit"
    is_owner: Callable[[AnyUser, Any], bool]
    is_reviewer: Callable[[AnyUser], bool]
    is_trusted: Callable[[Any], bool]
    owner_emails: Callable[[Any], list[str]]
    reviewer_emails: Callable[[], list[str]]
    owner_url: Callable[[Any], str]
    reviewer_url: Callable[[Any], str]
    mail_template: str
    # Write the proposal's values to the record; returns an audit diff.
    apply_changes: Callable[[Any, dict[str, Any]], dict[str, Any]]
    # Clean up after a proposal that will not be applied (e.g. uploaded files).
    discard_changes: Callable[[Any, dict[str, Any]], None] = field(default=lambda obj, values: None)
    # After every change, inside the transaction (e.g. update the search index).
    after_change: Callable[[Any], None] = _nothing


# ----------------------------------------------------------------------------- roles


def roles_of(workflow: Workflow, user: AnyUser, obj: Any) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    roles = set()
    if workflow.is_owner(user, obj):
        roles.add(OWNER)
    if workflow.is_reviewer(user):
        roles.add(REVIEWER)
    return roles


def can(workflow: Workflow, user: AnyUser, obj: Any, name: str) -> bool:
    transition = TRANSITIONS.get(name)
    if transition is None or obj.status not in transition.sources:
        return False
    return bool(roles_of(workflow, user, obj) & transition.roles)


def available(workflow: Workflow, user: AnyUser, obj: Any) -> list[Transition]:
    """The transitions the user may make now, in the order of :data:`TRANSITIONS`."""
    return [t for t in TRANSITIONS.values() if can(workflow, user, obj, t.name)]


# ------------------------------------------------------------------------ transitions


def transition(
    workflow: Workflow, obj: models.Model, name: str, *, actor: Any, comment: str = ""
) -> models.Model:
    """Make one transition; raises :class:`TransitionNotAllowed` or ``ValidationError``."""
    comment = (comment or "").strip()
    with transaction.atomic():
        locked: Any = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if not can(workflow, actor, locked, name):
            raise TransitionNotAllowed(name)
        step = TRANSITIONS[name]
        if step.comment_required and not comment:
            raise ValidationError(
                {"comment": _("Please say what should be changed.")}, code="comment_required"
            )
        before = {"status": locked.status, "comment": locked.review_comment}
        locked.status = step.target
        if step.target == PUBLISHED:
            locked.published_at = timezone.now()
            locked.review_comment = ""
        elif comment:
            locked.review_comment = comment
        pending = locked.pending_changes
        if step.target != PUBLISHED and pending:
            workflow.discard_changes(locked, pending.get("values") or {})
            locked.pending_changes = None
        locked.full_clean()
        locked.save()
        after = {"status": locked.status, "comment": locked.review_comment}
        audit.record(
            actor=actor,
            action=f"{workflow.name}.{name}",
            obj=locked,
            changes=audit.diff(before, after),
        )
        workflow.after_change(locked)
        _notify(workflow, locked, step.notify, event=step.event, actor=actor, comment=comment)
    _refresh(obj, locked)
    return obj


# --------------------------------------------------------------------- change proposals


def has_pending_changes(obj: Any) -> bool:
    return bool(obj.pending_changes)


def changes_waiting_for_review(obj: Any) -> bool:
    pending = obj.pending_changes or {}
    return pending.get("state") == CHANGES_SUBMITTED


def needs_review(workflow: Workflow, actor: AnyUser, obj: Any) -> bool:
    """Whether a change by ``actor`` to ``obj`` must become a proposal."""
    return (
        obj.status == PUBLISHED and not workflow.is_reviewer(actor) and not workflow.is_trusted(obj)
    )


def propose_changes(
    workflow: Workflow, obj: models.Model, values: dict[str, Any], *, actor: Any
) -> models.Model:
    """Store changes to a published record for review; the published version stays."""
    with transaction.atomic():
        locked: Any = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if locked.status != PUBLISHED or OWNER not in roles_of(workflow, actor, locked):
            raise TransitionNotAllowed("propose_changes")
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
    _refresh(obj, locked)
    return obj


def approve_changes(workflow: Workflow, obj: models.Model, *, actor: Any) -> models.Model:
    """Apply a proposal; the record stays published with the new values."""
    with transaction.atomic():
        locked = _locked_proposal(workflow, obj, actor, REVIEWER, {CHANGES_SUBMITTED})
        values = locked.pending_changes.get("values") or {}
        locked.pending_changes = None
        locked.save(update_fields=["pending_changes"])
        changes = workflow.apply_changes(locked, values)
        audit.record(
            actor=actor, action=f"{workflow.name}.approve_changes", obj=locked, changes=changes
        )
        workflow.after_change(locked)
        _notify(workflow, locked, "owner", event="changes_published", actor=actor)
    _refresh(obj, locked)
    return obj


def return_changes(
    workflow: Workflow, obj: models.Model, *, actor: Any, comment: str
) -> models.Model:
    """Send a proposal back with a comment; its values are kept for the owner."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Please say what should be changed.")}, code="comment_required"
        )
    with transaction.atomic():
        locked = _locked_proposal(workflow, obj, actor, REVIEWER, {CHANGES_SUBMITTED})
        locked.pending_changes = {
            **locked.pending_changes,
            "state": CHANGES_RETURNED,
            "comment": comment,
        }
        locked.save(update_fields=["pending_changes"])
        audit.record(
            actor=actor,
            action=f"{workflow.name}.return_changes",
            obj=locked,
            changes={"comment": {"before": "", "after": comment}},
        )
        _notify(workflow, locked, "owner", event="changes_returned", actor=actor, comment=comment)
    _refresh(obj, locked)
    return obj


def withdraw_changes(workflow: Workflow, obj: models.Model, *, actor: Any) -> models.Model:
    """The owner drops a proposal; the published version is left as it is."""
    with transaction.atomic():
        locked = _locked_proposal(
            workflow, obj, actor, OWNER, {CHANGES_SUBMITTED, CHANGES_RETURNED}
        )
        workflow.discard_changes(locked, locked.pending_changes.get("values") or {})
        locked.pending_changes = None
        locked.save(update_fields=["pending_changes"])
        audit.record(actor=actor, action=f"{workflow.name}.withdraw_changes", obj=locked)
    _refresh(obj, locked)
    return obj


def _locked_proposal(
    workflow: Workflow, obj: models.Model, actor: Any, role: str, states: set[str]
) -> Any:
    locked: Any = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    pending = locked.pending_changes or {}
    if (
        locked.status != PUBLISHED
        or pending.get("state") not in states
        or role not in roles_of(workflow, actor, locked)
    ):
        raise TransitionNotAllowed("changes")
    return locked


# ---------------------------------------------------------------------------- helpers


def _refresh(obj: models.Model, locked: models.Model) -> None:
    """Copy the saved state onto the caller's instance."""
    for name in ("status", "review_comment", "published_at", "pending_changes"):
        setattr(obj, name, getattr(locked, name))


def _notify(
    workflow: Workflow,
    obj: Any,
    audience: str,
    *,
    event: str,
    actor: Any,
    comment: str = "",
) -> None:
    if audience == "owner":
        recipients = workflow.owner_emails(obj)
        url = workflow.owner_url(obj)
    elif audience == "reviewers":
        recipients = workflow.reviewer_emails()
        url = workflow.reviewer_url(obj)
    else:
        return
    actor_email = getattr(actor, "email", "")
    recipients = sorted({r for r in recipients if r and r != actor_email})
    if not recipients:
        return
    text = render_to_string(
        workflow.mail_template.format(event=event),
        {"obj": obj, "comment": comment, "actor": actor, "event": event, "url": url},
    )
    subject, _sep, body = text.strip().partition("\n")
    queue_mail(
        to=recipients,
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=f"{workflow.name}.{event}",
    )
