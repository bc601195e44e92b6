"""Who may do what with news posts, publications and the social-media kit."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.news.models import NewsPost
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.permissions import is_member


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def can_review_news(user: AnyUser) -> bool:
    """Coordinators write, review and publish news."""
    staff = _active(user)
    return bool(staff is not None and staff.is_coordinator)


def can_manage_news(user: AnyUser) -> bool:
    """Reach the back-office list of news posts (own organisation's, or all)."""
    staff = _active(user)
    return bool(staff is not None and (staff.is_coordinator or staff.is_partner_staff))


def can_post_for(user: AnyUser, organisation: Organisation | None) -> bool:
    if can_review_news(user):
        return True
    return organisation is not None and is_member(user, organisation.pk)


def is_owner(user: AnyUser, post: NewsPost) -> bool:
    return can_review_news(user) or is_member(user, post.organisation_id)


def can_change_post(user: AnyUser, post: NewsPost) -> bool:
    if can_review_news(user):
        return True
    return post.status in {"draft", "returned", "submitted", "published"} and is_member(
        user, post.organisation_id
    )


def can_view_post(user: AnyUser, post: NewsPost) -> bool:
    return post.is_public or is_owner(user, post)


def can_manage_publications(user: AnyUser) -> bool:
    staff = _active(user)
    return bool(staff is not None and staff.is_coordinator)


def can_use_social_kit(user: AnyUser) -> bool:
    staff = _active(user)
    return bool(staff is not None and staff.is_coordinator)
