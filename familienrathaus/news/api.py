"""The news part of the API (/api/v1/news): published posts and brochures, read-only."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from familienrathaus.core import tenancy
from familienrathaus.news import selectors

router = Router(tags=["news"])


class PostOut(Schema):
    slug: str
    title: str
    summary: str
    text: str
    url: str
    image_url: str | None
    image_alt: str
    categories: list[str]
    publish_at: datetime
    organisation: str | None


class PublicationOut(Schema):
    title: str
    description: str
    url: str
    language: str
    size_bytes: int
    generated: bool


@router.get("/", response=list[PostOut], summary="Published news posts, newest first")
def list_posts(request: HttpRequest, limit: int = 20) -> list[PostOut]:
    posts = selectors.published_posts()[: max(1, min(limit, 100))]
    return [
        PostOut(
            slug=post.slug,
            title=post.title,
            summary=post.summary,
            text=post.text,
            url=tenancy.site_url() + post.get_absolute_url(),
            image_url=tenancy.site_url() + post.image.url if post.image else None,
            image_alt=post.image_alt,
            categories=[c.name for c in post.categories.all()],
            publish_at=post.publish_at,
            organisation=post.organisation.name if post.organisation else None,
        )
        for post in posts
    ]


@router.get("/publications", response=list[PublicationOut], summary="Brochures (PDF)")
def list_publications(request: HttpRequest) -> list[PublicationOut]:
    return [
        PublicationOut(
            title=row.title,
            description=row.description,
            url=row.url if row.url.startswith("http") else tenancy.site_url() + row.url,
            language=row.language,
            size_bytes=row.size_bytes,
            generated=row.generated,
        )
        for row in selectors.public_publications()
    ]
