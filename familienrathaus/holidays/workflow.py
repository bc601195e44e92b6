"""Holiday activities in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from familienrathaus.core import review, translated_forms
from familienrathaus.holidays import permissions
from familienrathaus.holidays.models import Activity

# Fields a change proposal may carry (plain values, applied on approval).
# The texts with a translation per language (holidays/translation.py).
TRANSLATED = ("title", "summary", "description", "what_to_bring", "accessibility")
CONTENT_FIELDS = (
    "title",
    "summary",
    "description",
    "category",
    "what_to_bring",
    "meeting_point",
    "accessibility",
    "contact_email",
    *translated_forms.names(Activity, TRANSLATED),
)

WORKFLOW = review.Workflow(
    name="holiday_activity",
    model=Activity,
    is_owner=permissions.is_activity_owner,
    is_reviewer=permissions.can_run_programme,
    manage_url="holidays:activity_manage",
    transition_url="holidays:transition",
    queue_url="holidays:review_queue",
    content_fields=CONTENT_FIELDS,
)
