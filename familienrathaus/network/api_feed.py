"""The feed part of the network API: ``GET /api/v1/network/feed``.

The entries a member sees in the workshop's feed (their groups' and the whole
network's), newest first; ``?group=<slug>`` narrows it to one of their groups (an
unknown or foreign group answers 404, as in the browser), ``?since=`` to entries after
a moment, ``?limit=`` (1–100, default 50). Personal API tokens as in ``core.api``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import get_language, pgettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from familienrathaus.core.api import Message as Detail
from familienrathaus.core.api import authenticated
from familienrathaus.core.i18n import path_in_language
from familienrathaus.network import notifications
from familienrathaus.network.models import Post
from familienrathaus.network.selectors import feed as selectors
from familienrathaus.network.selectors.groups import visible_groups

router = Router(tags=["network"])

Kind = Annotated[
    str, Field(description="post, meeting, minutes, decision, document, task, edition")
]


class FeedGroup(Schema):
    slug: str
    name: str


class FeedEntryOut(Schema):
    """One entry: a member's post or an automatic one (``author`` null). ``group``
    null: the whole network's feed."""

    id: int
    group: FeedGroup | None
    kind: Kind
    title: str
    text: str
    url: str
    author: str | None
    created_at: datetime
    comments: int


class FeedFilter(Schema):
    group: Annotated[str | None, Field(max_length=80)] = None
    since: datetime | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 50


def _link(post: Post) -> str:
    """The entry's page in the client's language: a link built now has the language's
    prefix already; a stored path (an automatic entry's) keeps the language of the member
    whose action wrote it, so it is moved to the client's."""
    if post.url.startswith("/"):
        return notifications.absolute(path_in_language(post.url, get_language()))
    return notifications.post_link(post)


def _entry(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "group": {"slug": post.group.slug, "name": post.group.name} if post.group else None,
        "kind": post.kind,
        "title": post.shown_title,
        "text": post.shown_text,
        "url": _link(post),
        "author": (post.author.name or post.author.email) if post.author else None,
        "created_at": post.created_at,
        "comments": getattr(post, "comment_count", 0),
    }


@router.get(
    "/feed",
    response={200: list[FeedEntryOut], 404: Detail},
    auth=authenticated,
    summary="News of your groups and the whole alliance",
)
def feed(request: HttpRequest, filters: Query[FeedFilter]) -> Any:
    posts = selectors.visible(request.user)
    if filters.group:
        group = visible_groups(request.user).filter(slug=filters.group).first()
        if group is None:
            return Status(404, {"detail": pgettext("api", "Not found.")})
        posts = posts.filter(group=group)
    if filters.since is not None:
        posts = posts.filter(created_at__gt=filters.since)
    return Status(200, [_entry(p) for p in posts.order_by("-created_at", "-pk")[: filters.limit]])
