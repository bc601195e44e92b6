"""News posts in the shared review workflow (:mod:`familienrathaus.core.review`)."""

from __future__ import annotations

from familienrathaus.core import review, translated_forms
from familienrathaus.news import permissions
from familienrathaus.news.models import NewsPost

# The texts with a translation per language (news/translation.py).
TRANSLATED = ("title", "summary", "text")
CONTENT_FIELDS = (
    "title",
    "summary",
    "text",
    "image_alt",
    "publish_at",
    *translated_forms.names(NewsPost, TRANSLATED),
)

WORKFLOW = review.Workflow(
    name="news",
    model=NewsPost,
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_news,
    manage_url="news:manage_edit",
    transition_url="news:manage_transition",
    queue_url="news:review_queue",
    content_fields=(*CONTENT_FIELDS, "categories"),
    # Partners' posts are always reviewed; coordinators publish directly.
    is_trusted=lambda post: False,
)
