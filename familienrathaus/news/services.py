"""Writes of the news app: posts (through the review workflow) and publications."""

from __future__ import annotations

from typing import Any

from django.core.files.base import File
from django.db import transaction

from familienrathaus.core import audit, review, slugs
from familienrathaus.core.models import User
from familienrathaus.news.models import Category, NewsPost, Publication
from familienrathaus.news.workflow import CONTENT_FIELDS, WORKFLOW
from familienrathaus.partners.models import Organisation


def create_post(
    *,
    actor: User,
    organisation: Organisation | None,
    values: dict[str, Any],
    categories: list[Category] | None = None,
    image: File | None = None,
    publish: bool = False,
) -> NewsPost:
    """A new post as draft; ``publish`` (coordinators only) publishes at once."""
    with transaction.atomic():
        post = NewsPost(organisation=organisation, created_by=actor)
        for name in CONTENT_FIELDS:
            if name in values:
                setattr(post, name, values[name])
        post.slug = slugs.unique_slug(NewsPost, post.title, fallback="beitrag")
        if image is not None:
            post.image = image
        post.full_clean()
        post.save()
        post.categories.set(categories or [])
        audit.record(
            actor=actor,
            action="news.create",
            obj=post,
            changes=audit.diff({}, audit.snapshot(post, list(CONTENT_FIELDS))),
        )
    if publish:
        publish_directly(post=post, actor=actor)
    return post


def publish_directly(*, post: NewsPost, actor: User) -> NewsPost:
    """Coordinators publish their own posts: submit and approve in one go."""
    if post.status in {review.DRAFT, review.RETURNED}:
        review.act(WORKFLOW, post, actor=actor, step="submit")
    if post.status == review.SUBMITTED:
        review.act(WORKFLOW, post, actor=actor, step="approve")
    elif post.status == review.ARCHIVED:
        review.act(WORKFLOW, post, actor=actor, step="republish")
    return post


def update_post(
    *,
    actor: User,
    post: NewsPost,
    values: dict[str, Any],
    categories: list[Category] | None = None,
    image: File | None = None,
    remove_image: bool = False,
) -> NewsPost:
    """Change a post; a partner's change to a published post becomes a proposal."""
    if review.needs_review(WORKFLOW, actor, post):
        proposal = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
        proposal["categories"] = [c.pk for c in categories or []]
        return review.propose_changes(WORKFLOW, post, proposal, actor=actor)  # type: ignore[return-value,unused-ignore]
    with transaction.atomic():
        locked = NewsPost.objects.select_for_update().get(pk=post.pk)
        before = audit.snapshot(locked, [*CONTENT_FIELDS, "image"])
        for name in CONTENT_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        if image is not None:
            locked.image = image
        elif remove_image:
            locked.image = ""  # type: ignore[assignment,unused-ignore]
        locked.full_clean()
        locked.save()
        if categories is not None:
            locked.categories.set(categories)
        audit.record(
            actor=actor,
            action="news.update",
            obj=locked,
            changes=audit.diff(before, audit.snapshot(locked, [*CONTENT_FIELDS, "image"])),
        )
    return locked


def add_publication(
    *, actor: User, title: str, description: str, language: str, file: File
) -> Publication:
    with transaction.atomic():
        publication = Publication(
            title=title,
            description=description,
            language=language,
            size_bytes=file.size or 0,
        )
        publication.file = file
        publication.full_clean()
        publication.save()
        audit.record(
            actor=actor,
            action="publication.create",
            obj=publication,
            changes=audit.diff({}, {"title": title, "language": language}),
        )
    return publication


def delete_publication(*, actor: User, publication: Publication) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="publication.delete", obj=publication)
        name = publication.file.name
        storage = publication.file.storage
        publication.delete()
        transaction.on_commit(lambda: storage.delete(name) if name else None)


def create_category(*, actor: User | None, name: str) -> Category:
    with transaction.atomic():
        category = Category(name=name, slug=slugs.unique_slug(Category, name, fallback="kategorie"))
        category.full_clean()
        category.save()
        audit.record(actor=actor, action="news.category_create", obj=category)
    return category
