"""Reads of the feed: a group's entries, the whole network's, a member's Atom feed.

Only what the user may see: entries of the groups they belong to, and of the whole
network's feed while they belong to any group (guests too). Checked on every call,
so a removed member sees nothing more, also through the secret Atom link.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from familienrathaus.network.models import Comment, Group, GroupMember, MemberProfile, Post


def _member(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and GroupMember.objects.filter(user=user).exists()
    )


def _with_counts(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (
        posts.select_related("group", "author")
        .annotate(comment_count=Count("comments"))
        .order_by("-created_at", "-pk")
    )


def visible(user: Any) -> QuerySet[Post]:
    """Every entry the user sees, newest first."""
    if not _member(user):
        return Post.objects.none()
    groups = GroupMember.objects.filter(user=user).values("group_id")
    return _with_counts(Post.objects.filter(Q(group__isnull=True) | Q(group__in=groups)))


def network_feed(user: Any, *, only: str = "") -> QuerySet[Post]:
    """The whole network's feed page: everything the user sees, or with ``only="network"``
    the entries meant for the whole alliance."""
    posts = visible(user)
    if only == "network":
        posts = posts.filter(group__isnull=True)
    return posts


def group_feed(group: Group) -> QuerySet[Post]:
    """A group's entries (the caller checked membership)."""
    return _with_counts(Post.objects.filter(group=group))


def post_or_404(user: Any, pk: int) -> Post:
    post = (
        visible(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author").order_by("created_at", "pk"),
            )
        )
        .first()
    )
    if post is None:
        raise Http404
    return post


def user_for_feed_token(token: str) -> Any:
    """The member behind a secret feed link, or None (unknown or renewed link, or
    somebody who no longer belongs to any group)."""
    if not token or len(token) > 64:
        return None
    profile = MemberProfile.objects.filter(feed_token=token).select_related("user").first()
    if profile is None or not _member(profile.user):
        return None
    return profile.user
