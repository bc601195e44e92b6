"""Holiday activities in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from familienrathaus.core import audit, review, selectors
from familienrathaus.holidays import permissions
from familienrathaus.holidays.models import Activity

# Fields a change proposal may carry (plain values, applied on approval).
CONTENT_FIELDS = [
    "title",
    "summary",
    "description",
    "category",
    "what_to_bring",
    "meeting_point",
    "accessibility",
    "contact_email",
]


def staff_emails(activity: Activity) -> list[str]:
    return list(
        activity.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def apply_changes(activity: Activity, values: dict[str, Any]) -> dict[str, Any]:
    fields = [name for name in CONTENT_FIELDS if name in values]
    before = audit.snapshot(activity, fields)
    for name in fields:
        setattr(activity, name, values[name])
    activity.full_clean()
    activity.save()
    return audit.diff(before, audit.snapshot(activity, fields))


WORKFLOW = review.Workflow(
    name="holiday_activity",
    is_owner=permissions.is_activity_owner,
    is_reviewer=permissions.can_run_programme,
    is_trusted=lambda activity: bool(activity.organisation.is_trusted),
    owner_emails=staff_emails,
    reviewer_emails=selectors.coordinator_emails,
    owner_url=lambda a: settings.SITE_URL + reverse("holidays:activity_manage", args=[a.pk]),
    reviewer_url=lambda a: settings.SITE_URL + reverse("holidays:activity_manage", args=[a.pk]),
    mail_template="holidays/mail/review_{event}.txt",
    apply_changes=apply_changes,
)
