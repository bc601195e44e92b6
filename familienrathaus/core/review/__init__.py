"""Reviewed partner content: what partners submit and coordinators review (offers,
events, holiday activities, news posts). One state machine, configured per model by a
:class:`Workflow`.

What a new app writes to get reviewed content
---------------------------------------------
1. The model inherits :class:`ReviewedContent` (``status``, ``review_comment``,
   ``pending_changes``, ``published_at`` and ``Model.Status``).
2. ``<app>/workflow.py`` declares ``WORKFLOW = review.Workflow(name=…, model=…,
   is_owner=…, is_reviewer=…, manage_url=…, transition_url=…)`` plus only what
   differs (``content_fields`` a change proposal may carry, ``after_change``, …).
3. Its services call :func:`act` for every step and :func:`propose_changes` for an
   owner's changes to published content; nothing else writes the review fields.
4. Its URLs route to :func:`views.transition` and :func:`views.queue` with
   ``{"workflow": WORKFLOW}`` (the queue page links its download as CSV and XLSX);
   its item page includes ``core/review/panel.html`` with
   ``review=review.panel(WORKFLOW, request, obj)``.
Mails (``core/review/mail/<event>.txt``) name the item by the model's verbose_name.

States and steps
----------------
::

    draft ──submit──▶ submitted ──approve──▶ published ──archive──▶ archived
      ▲                 │  │  │                                       │
      └────withdraw─────┘  │  └──reject (comment)──▶ rejected         │
                           └──return (comment)──▶ returned ──submit──▶ …
    archived ──republish──▶ published

"Approved" is not a state a record rests in: approving publishes at once and sets
``published_at``; a comment given on approval stays in ``review_comment`` for the
owner to read. Every state except "archived" may be archived.

Owners (staff of the organisation, ``Workflow.is_owner``) submit, withdraw and
archive; reviewers (coordinators) approve, return (comment required), reject,
archive and re-publish.

A published record stays online while its owner changes it. Unless the organisation
is trusted or the author is a reviewer, the changes are stored as a *change proposal*
in ``pending_changes``::

    {"state": "submitted" | "returned", "values": {...}, "by": "email",
     "at": "ISO time", "comment": "reviewer's comment when returned"}

Reviewers take ``approve_changes`` (the values are applied by ``Workflow.apply``) or
``return_changes`` (comment required; the values are kept); the owner may take
``withdraw_changes``.
"""

from familienrathaus.core.review.models import ReviewedContent, Status
from familienrathaus.core.review.selectors import Panel, panel
from familienrathaus.core.review.services import act, propose_changes
from familienrathaus.core.review.workflow import (
    ARCHIVED,
    CHANGES_RETURNED,
    CHANGES_SUBMITTED,
    DRAFT,
    OWNER,
    PUBLISHED,
    REJECTED,
    RETURNED,
    REVIEWER,
    STATES,
    STEPS,
    SUBMITTED,
    TRANSITIONS,
    Step,
    StepNotAllowed,
    TransitionNotAllowed,
    Workflow,
    available,
    can,
    changes_waiting_for_review,
    has_pending_changes,
    may_see,
    needs_review,
    roles_of,
)

__all__ = [
    "ARCHIVED",
    "CHANGES_RETURNED",
    "CHANGES_SUBMITTED",
    "DRAFT",
    "OWNER",
    "PUBLISHED",
    "REJECTED",
    "RETURNED",
    "REVIEWER",
    "STATES",
    "STEPS",
    "SUBMITTED",
    "TRANSITIONS",
    "Panel",
    "ReviewedContent",
    "Status",
    "Step",
    "StepNotAllowed",
    "TransitionNotAllowed",
    "Workflow",
    "act",
    "available",
    "can",
    "changes_waiting_for_review",
    "has_pending_changes",
    "may_see",
    "needs_review",
    "panel",
    "propose_changes",
    "roles_of",
]
