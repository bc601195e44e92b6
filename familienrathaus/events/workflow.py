"""Events in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from familienrathaus.core import review, selectors
from familienrathaus.events import permissions
from familienrathaus.events.models import Event


def staff_emails(event: Event) -> list[str]:
    if event.organisation is None:
        return []
    return list(
        event.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


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
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_events,
    is_trusted=lambda event: bool(event.organisation is None or event.organisation.is_trusted),
    owner_emails=staff_emails,
    reviewer_emails=selectors.coordinator_emails,
    owner_url=lambda event: settings.SITE_URL + reverse("events:manage", args=[event.pk]),
    reviewer_url=lambda event: settings.SITE_URL + reverse("events:manage", args=[event.pk]),
    mail_template="events/mail/review_{event}.txt",
    apply_changes=_apply,
    discard_changes=_discard,
    after_change=_after_change,
)
