"""Reads of the news app."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.news import permissions, publications
from familienrathaus.news.models import Category, NewsPost, Publication


def published_posts() -> QuerySet[NewsPost]:
    return (
        NewsPost.objects.filter(status=NewsPost.Status.PUBLISHED, publish_at__lte=timezone.now())
        .select_related("organisation")
        .prefetch_related("categories")
    )


def latest_posts(limit: int = 3) -> list[NewsPost]:
    return list(published_posts()[:limit])


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def posts_for_backoffice(user: AnyUser) -> QuerySet[NewsPost]:
    posts = NewsPost.objects.select_related("organisation").order_by("-updated_at")
    if permissions.can_review_news(user):
        return posts
    if isinstance(user, User):
        return posts.filter(organisation__memberships__user=user).distinct()
    return posts.none()


def review_queue_count() -> int:
    return NewsPost.objects.filter(status=NewsPost.Status.SUBMITTED).count()


@dataclass(frozen=True)
class PublicationRow:
    title: str
    description: str
    url: str
    language: str
    size_bytes: int
    generated: bool


def public_publications() -> list[PublicationRow]:
    rows = [
        PublicationRow(
            title=p.title,
            description=p.description,
            url=p.get_absolute_url(),
            language=p.language,
            size_bytes=p.size_bytes,
            generated=False,
        )
        for p in Publication.objects.filter(is_public=True)
    ]
    rows += [
        PublicationRow(
            title=str(g.title),
            description=str(g.description),
            url=g.url,
            language=g.language,
            size_bytes=g.size_bytes,
            generated=True,
        )
        for g in publications.generated()
    ]
    return rows
