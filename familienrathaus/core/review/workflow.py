"""The review state machine: its steps, who may take them, and the :class:`Workflow`
an app declares for its model (only what differs from the defaults)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit, tenancy
from familienrathaus.core.permissions import AnyUser
from familienrathaus.core.review.models import Status
from familienrathaus.core.selectors import coordinator_emails

DRAFT = Status.DRAFT.value
SUBMITTED = Status.SUBMITTED.value
RETURNED = Status.RETURNED.value
REJECTED = Status.REJECTED.value
PUBLISHED = Status.PUBLISHED.value
ARCHIVED = Status.ARCHIVED.value
STATES = (DRAFT, SUBMITTED, RETURNED, REJECTED, PUBLISHED, ARCHIVED)

OWNER = "owner"
REVIEWER = "reviewer"

# States of a change proposal (``pending_changes["state"]``).
CHANGES_SUBMITTED = "submitted"
CHANGES_RETURNED = "returned"


class StepNotAllowed(PermissionDenied):
    """The actor may not take this step, or not in the record's current state."""


TransitionNotAllowed = StepNotAllowed  # the older name


@dataclass(frozen=True)
class Step:
    """One step a user may take. A status step moves ``status`` from one of
    ``sources`` to ``target``; a proposal step (``target == ""``) decides on a change
    proposal in one of ``proposal_states`` of published content."""

    name: str
    label: str | Promise
    roles: frozenset[str]
    sources: frozenset[str] = frozenset()
    target: str = ""
    proposal_states: frozenset[str] = frozenset()
    comment_required: bool = False
    takes_comment: bool = False
    # Who is told by mail ("owner", "reviewers" or nobody: ""), and the mail's event.
    notify: str = ""
    event: str = ""

    @property
    def on_proposal(self) -> bool:
        return not self.target


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step(
            "submit",
            gettext_lazy("Submit for review"),
            frozenset({OWNER}),
            frozenset({DRAFT, RETURNED}),
            SUBMITTED,
            notify="reviewers",
            event="submitted",
        ),
        Step(
            "withdraw",
            gettext_lazy("Withdraw to draft"),
            frozenset({OWNER}),
            frozenset({SUBMITTED}),
            DRAFT,
        ),
        Step(
            "approve",
            gettext_lazy("Approve and publish"),
            frozenset({REVIEWER}),
            frozenset({SUBMITTED}),
            PUBLISHED,
            takes_comment=True,
            notify="owner",
            event="published",
        ),
        Step(
            "return",
            gettext_lazy("Send back with a comment"),
            frozenset({REVIEWER}),
            frozenset({SUBMITTED}),
            RETURNED,
            comment_required=True,
            takes_comment=True,
            notify="owner",
            event="returned",
        ),
        Step(
            "reject",
            gettext_lazy("Reject"),
            frozenset({REVIEWER}),
            frozenset({SUBMITTED}),
            REJECTED,
            takes_comment=True,
            notify="owner",
            event="rejected",
        ),
        Step(
            "archive",
            gettext_lazy("Archive"),
            frozenset({OWNER, REVIEWER}),
            frozenset({DRAFT, SUBMITTED, RETURNED, REJECTED, PUBLISHED}),
            ARCHIVED,
        ),
        Step(
            "republish",
            gettext_lazy("Publish again"),
            frozenset({REVIEWER}),
            frozenset({ARCHIVED}),
            PUBLISHED,
            takes_comment=True,
            notify="owner",
            event="published",
        ),
        Step(
            "approve_changes",
            gettext_lazy("Approve the changes"),
            frozenset({REVIEWER}),
            proposal_states=frozenset({CHANGES_SUBMITTED}),
            takes_comment=True,
            notify="owner",
            event="changes_published",
        ),
        Step(
            "return_changes",
            gettext_lazy("Send the changes back with a comment"),
            frozenset({REVIEWER}),
            proposal_states=frozenset({CHANGES_SUBMITTED}),
            comment_required=True,
            takes_comment=True,
            notify="owner",
            event="changes_returned",
        ),
        Step(
            "withdraw_changes",
            gettext_lazy("Withdraw the changes"),
            frozenset({OWNER}),
            proposal_states=frozenset({CHANGES_SUBMITTED, CHANGES_RETURNED}),
        ),
    )
}
TRANSITIONS = {name: step for name, step in STEPS.items() if not step.on_proposal}


# ------------------------------------------------------------------------- defaults


def _organisation(obj: Any) -> Any:
    return getattr(obj, "organisation", None)


def organisation_is_trusted(obj: Any) -> bool:
    """Content of a trusted partner, or the alliance's own (no organisation)."""
    organisation = _organisation(obj)
    return organisation is None or bool(organisation.is_trusted)


def owner_emails(obj: Any) -> list[str]:
    """The staff of the content's organisation; without one, whoever created it."""
    organisation = _organisation(obj)
    if organisation is not None:
        return list(organisation.staff_emails())
    creator = getattr(obj, "created_by", None)
    return [creator.email] if creator is not None and creator.email else []


def apply_fields(obj: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Write the proposal's plain field values (and many-to-many ids); an audit diff."""
    meta = obj._meta
    names = [n for n in fields if n in values and not meta.get_field(n).many_to_many]
    related = [n for n in fields if n in values and meta.get_field(n).many_to_many]
    before = audit.snapshot(obj, names)
    for name in names:
        model_field = meta.get_field(name)
        setattr(obj, model_field.attname, model_field.to_python(values[name]))
    obj.full_clean()
    obj.save()
    for name in related:
        getattr(obj, name).set(values[name] or [])
    return audit.diff(before, audit.snapshot(obj, names))


def _nothing(obj: Any) -> None:
    return None


def _keep_everything(obj: Any, values: dict[str, Any]) -> None:
    return None


# ------------------------------------------------------------------------- workflow


@dataclass(frozen=True)
class Workflow:
    """How one model takes part in the review workflow.

    Required: ``name`` (prefix of the audit actions, e.g. "offer" → "offer.approve"),
    ``model``, ``is_owner(user, obj)``, ``is_reviewer(user)`` and the URL names (each
    taking the pk) of the item's page and the transition view. Everything else has a
    default: the noun in messages is the model's ``verbose_name``; trusted is
    "the organisation is trusted"; owners are told through the organisation's
    ``staff_emails()``; a proposal's values are the ``content_fields``.
    """

    name: str
    model: type[Any]
    is_owner: Callable[[AnyUser, Any], bool]
    is_reviewer: Callable[[AnyUser], bool]
    manage_url: str
    transition_url: str
    # The reviewer's page of one item (default: ``manage_url``) and the queue.
    review_url: str = ""
    queue_url: str = ""
    content_fields: tuple[str, ...] = ()
    is_trusted: Callable[[Any], bool] = organisation_is_trusted
    owner_emails: Callable[[Any], list[str]] = owner_emails
    reviewer_emails: Callable[[], list[str]] = coordinator_emails
    # Write the proposal's values to the record; returns an audit diff.
    apply_changes: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None
    # Clean up after a proposal that will not be applied (e.g. uploaded files).
    discard_changes: Callable[[Any, dict[str, Any]], None] = _keep_everything
    # After every change, inside the transaction (e.g. update the search index).
    after_change: Callable[[Any], None] = _nothing
    # The rows of the change-proposal display (default: one per changed model field).
    proposal_rows: Callable[[Any], list[Any]] | None = None
    # The first line the template renders is the subject, the rest the body.
    mail_template: str = "core/review/mail/{event}.txt"
    queue_template: str = "core/review/queue.html"
    queue_context: Callable[[], dict[str, Any]] = dict

    @property
    def noun(self) -> str | Promise:
        return self.model._meta.verbose_name

    def apply(self, obj: Any, values: dict[str, Any]) -> dict[str, Any]:
        if self.apply_changes is not None:
            return self.apply_changes(obj, values)
        return apply_fields(obj, values, self.content_fields)

    def page(self, obj: Any) -> str:
        return reverse(self.manage_url, args=[obj.pk])

    def review_page(self, obj: Any) -> str:
        return reverse(self.review_url or self.manage_url, args=[obj.pk])

    def owner_link(self, obj: Any) -> str:
        return tenancy.site_url() + self.page(obj)

    def reviewer_link(self, obj: Any) -> str:
        return tenancy.site_url() + self.review_page(obj)

    def queue(self) -> QuerySet[Any]:
        """Submissions and change proposals waiting for review, oldest first."""
        waiting = Q(status=SUBMITTED) | Q(
            status=PUBLISHED, pending_changes__state=CHANGES_SUBMITTED
        )
        queryset = self.model._default_manager.filter(waiting)
        if any(f.name == "organisation" for f in self.model._meta.fields):
            queryset = queryset.select_related("organisation")
        return queryset.order_by("updated_at", "pk")


# ---------------------------------------------------------------------------- roles


def roles_of(workflow: Workflow, user: AnyUser, obj: Any) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    roles = set()
    if workflow.is_owner(user, obj):
        roles.add(OWNER)
    if workflow.is_reviewer(user):
        roles.add(REVIEWER)
    return roles


def may_see(workflow: Workflow, user: AnyUser, obj: Any) -> bool:
    """Whether the user may see the item's review at all (owners and reviewers)."""
    return bool(roles_of(workflow, user, obj))


def step_applies(step: Step, obj: Any) -> bool:
    """Whether the record's state allows the step (whoever takes it)."""
    if step.on_proposal:
        pending = obj.pending_changes or {}
        return obj.status == PUBLISHED and pending.get("state") in step.proposal_states
    return obj.status in step.sources


def can(workflow: Workflow, user: AnyUser, obj: Any, name: str) -> bool:
    step = STEPS.get(name)
    if step is None or not step_applies(step, obj):
        return False
    return bool(roles_of(workflow, user, obj) & step.roles)


def available(workflow: Workflow, user: AnyUser, obj: Any) -> list[Step]:
    """The steps the user may take now, in the order of :data:`STEPS`."""
    roles = roles_of(workflow, user, obj)
    return [s for s in STEPS.values() if step_applies(s, obj) and roles & s.roles]


def has_pending_changes(obj: Any) -> bool:
    return bool(obj.pending_changes)


def changes_waiting_for_review(obj: Any) -> bool:
    return bool(obj.changes_waiting_for_review)


def needs_review(workflow: Workflow, actor: AnyUser, obj: Any) -> bool:
    """Whether a change by ``actor`` to ``obj`` must become a proposal."""
    return (
        obj.status == PUBLISHED and not workflow.is_reviewer(actor) and not workflow.is_trusted(obj)
    )
