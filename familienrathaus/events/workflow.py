"""Events in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from familienrathaus.core import review
from familienrathaus.events import permissions
from familienrathaus.events.models import Event

# The hooks live in events.services, which itself takes its steps through WORKFLOW:
# they are looked up when called. (Declaring WORKFLOW next to them would end this.)


def _apply(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    from familienrathaus.events import services

    return services.apply_content(event, values)


def _discard(event: Event, values: dict[str, Any]) -> None:
    from familienrathaus.events import services

    services.discard_proposed_image(event, values)


def _after_change(event: Event) -> None:
    from familienrathaus.events import services

    services.materialise(event)


WORKFLOW = review.Workflow(
    name="event",
    model=Event,
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_events,
    manage_url="events:manage",
    transition_url="events:transition",
    queue_url="events:review_queue",
    apply_changes=_apply,
    discard_changes=_discard,
    after_change=_after_change,
)
