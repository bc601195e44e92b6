"""News posts in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from familienrathaus.core import audit, review, selectors
from familienrathaus.news import permissions
from familienrathaus.news.models import NewsPost

CONTENT_FIELDS = ["title", "summary", "text", "image_alt", "publish_at"]


def staff_emails(post: NewsPost) -> list[str]:
    if post.organisation is None:
        return [post.created_by.email] if post.created_by else []
    return list(
        post.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def apply_changes(post: NewsPost, values: dict[str, Any]) -> dict[str, Any]:
    before = audit.snapshot(post, CONTENT_FIELDS)
    for name in CONTENT_FIELDS:
        if name in values:
            setattr(post, name, values[name])
    post.full_clean()
    post.save()
    if "categories" in values:
        post.categories.set(values["categories"])
    return audit.diff(before, audit.snapshot(post, CONTENT_FIELDS))


WORKFLOW = review.Workflow(
    name="news",
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_news,
    # Partners' posts are always reviewed; coordinators publish directly.
    is_trusted=lambda post: False,
    owner_emails=staff_emails,
    reviewer_emails=selectors.coordinator_emails,
    owner_url=lambda post: settings.SITE_URL + reverse("news:manage_edit", args=[post.pk]),
    reviewer_url=lambda post: settings.SITE_URL + reverse("news:manage_edit", args=[post.pk]),
    mail_template="news/mail/review_{event}.txt",
    apply_changes=apply_changes,
)
