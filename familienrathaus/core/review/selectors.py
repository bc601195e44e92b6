"""Reads of the review workflow for pages: the review panel of one item and the queue
as a table to download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from familienrathaus.core import slugs
from familienrathaus.core.review import proposals
from familienrathaus.core.review.workflow import (
    CHANGES_RETURNED,
    REVIEWER,
    SUBMITTED,
    Step,
    Workflow,
    available,
    roles_of,
)


@dataclass
class Panel:
    """What ``core/review/panel.html`` shows: the reviewer's comment, a waiting change
    proposal (``rows``) and one form with the steps the user may take now."""

    obj: Any
    noun: Any
    steps: list[Step]
    action: str
    is_reviewer: bool
    comment: str
    pending: dict[str, Any]
    rows: list[Any] = field(default_factory=list)
    next: str = ""
    # Why the last step was refused for bad input (shown next to the comment field).
    comment_error: str = ""

    @property
    def takes_comment(self) -> bool:
        return any(step.takes_comment for step in self.steps)

    @property
    def changes_returned(self) -> bool:
        return self.pending.get("state") == CHANGES_RETURNED


def error_key(workflow: Workflow, obj: Any) -> str:
    """Where the transition view leaves a refused comment's message for the panel."""
    return f"review-error:{workflow.name}:{obj.pk}"


def panel(
    workflow: Workflow,
    request: HttpRequest,
    obj: Any,
    *,
    steps: set[str] | None = None,
    next: str = "",
) -> Panel:
    """The review panel of ``obj`` for the request's user; ``steps`` limits the buttons."""
    user = request.user
    pending = obj.pending_changes or {}
    rows = (workflow.proposal_rows or proposals.rows)(obj) if pending else []
    return Panel(
        obj=obj,
        noun=workflow.noun,
        steps=[s for s in available(workflow, user, obj) if steps is None or s.name in steps],
        action=reverse(workflow.transition_url, args=[obj.pk]),
        is_reviewer=REVIEWER in roles_of(workflow, user, obj),
        comment=obj.review_comment,
        pending=pending,
        rows=rows,
        next=next,
        comment_error=request.session.pop(error_key(workflow, obj), ""),
    )


def queue_items(workflow: Workflow) -> list[tuple[Any, str]]:
    """The queue's items with the address of each one's review page."""
    return [(obj, workflow.review_page(obj)) for obj in workflow.queue()]


def queue_table(workflow: Workflow) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    """The queue as a download: file name, header and one row per item (the columns of
    the queue page, the organisation's trust and the full address of the review page)."""
    header = [_("Title"), _("Partner"), _("Trusted"), _("What"), _("Since"), _("Address")]
    rows = []
    for obj in workflow.queue():
        organisation = getattr(obj, "organisation", None)
        rows.append(
            (
                str(obj),
                organisation.name if organisation is not None else "",
                "" if organisation is None else _("yes") if organisation.is_trusted else _("no"),
                _("New or sent in again")
                if obj.status == SUBMITTED
                else _("Changes to published content"),
                obj.updated_at,
                workflow.reviewer_link(obj),
            )
        )
    filename = "zu-pruefen-" + slugs.german_slug(str(workflow.model._meta.verbose_name_plural))
    return filename, header, rows
