"""Writes of the feed: automatic entries, members' posts and comments, mail settings.

Other parts of the app call :func:`record` when something happens (new or moved
meeting, approved minutes, a decision, a new document or version, a sent Infobrief
edition); it is idempotent per ``source_key``, so a retried or repeated call never makes
a second entry, nor a second mail. An automatic entry's title is a :class:`Sentence`
(the English msgid and its values), so each reader reads it in their own language
(``Post.shown_title``); its German wording is stored as well. Members write
:func:`create_post` and :func:`add_comment`; the caller has checked ``permissions``
(see ``views_feed``), the services check again and raise :class:`NotAllowed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.network import notifications, permissions
from familienrathaus.network.models import Comment, Group, GroupMember, MemberProfile, Post
from familienrathaus.network.models import new_token as _new_token
from familienrathaus.newsletter import selectors as newsletter_selectors
from familienrathaus.newsletter.models import Edition

Kind = Post.Kind


class NotAllowed(Exception):
    """The member may not do this (no longer a member, a guest posting …)."""


@dataclass(frozen=True)
class Sentence:
    """A title translated when read: ``Sentence(gettext_noop("New meeting: %(title)s"),
    {"title": meeting.title})`` (``gettext_noop`` keeps the msgid in the catalogs)."""

    msgid: str
    params: dict[str, str | int] = field(default_factory=dict)

    def german(self) -> str:
        """The sentence in the site's language, stored as the entry's ``title``."""
        with translation.override(settings.LANGUAGE_CODE):
            return translation.gettext(self.msgid) % self.params


def _parts(value: str | Sentence) -> tuple[str, str, dict[str, str | int]]:
    """(the German wording, the msgid, its values) of a Sentence; a person's text as is."""
    if isinstance(value, Sentence):
        return value.german(), value.msgid, dict(value.params)
    return value, "", {}


def record(
    group: Group | None,
    kind: str,
    title: str | Sentence,
    url: str,
    *,
    text: str | Sentence = "",
    source_key: str = "",
    author: Any = None,
    created_at: datetime | None = None,
    notify: bool = True,
) -> Post:
    """An automatic feed entry of ``group`` (None: the whole network's feed).

    ``title`` and ``text``: a :class:`Sentence` the app wrote, or text a person wrote (a
    member's post, a decision, a document's or an edition's name), shown as it is.

    With a ``source_key`` (e.g. ``"minutes:5:approved"``, ``"edition:17"``) at most one
    entry per key is ever written: a second call returns the first entry unchanged.
    ``notify=False`` when the caller mails the group itself (no mail "at once" then;
    the entry still appears in digests). Call inside the caller's transaction.
    """
    source_key = source_key[:100]
    if source_key and (existing := _recorded(source_key)) is not None:
        return existing
    shown, msgid, params = _parts(title)
    body, text_msgid, text_params = _parts(text)
    post = Post(
        group=group,
        kind=kind,
        title=shown.strip()[:300],
        title_msgid=msgid,
        title_params=params,
        text=body,
        text_msgid=text_msgid,
        text_params=text_params,
        url=url[:500],
        author=author,
        source_key=source_key,
    )
    if created_at is not None:
        post.created_at = created_at
    post.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            post.save()
            if notify:
                notifications.post_created(post)
    except IntegrityError:
        # Another call recorded the same event first (the unique source key): keep its
        # entry, and its mails.
        if not source_key:
            raise
        return Post.objects.get(source_key=source_key)
    return post


def _recorded(source_key: str) -> Post | None:
    return Post.objects.filter(source_key=source_key).first()


def _can_post(user: Any, group: Group | None) -> bool:
    if group is not None:
        return permissions.can_write(user, group)
    # The whole network's feed: coordinators and leads/members of any group, no guests.
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return GroupMember.objects.filter(
        user=user, role__in=[GroupMember.Role.LEAD, GroupMember.Role.MEMBER]
    ).exists() or (bool(user.is_coordinator) and permissions.can_use_workshop(user))


def can_post(user: Any, group: Group | None) -> bool:
    return _can_post(user, group)


def can_comment(user: Any, post: Post) -> bool:
    """Every reader of a post comments, guests too."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if post.group_id is None:
        return GroupMember.objects.filter(user=user).exists()
    return permissions.can_read(user, post.group)


def create_post(*, author: Any, group: Group | None, title: str, text: str) -> Post:
    """A member's post in a group's feed (or the whole network's)."""
    if not _can_post(author, group):
        raise NotAllowed
    with transaction.atomic():
        post = record(group, Kind.POST, title, "", text=text, author=author)
        post.url = reverse("network:post", kwargs={"pk": post.pk})
        post.save(update_fields=["url"])
    return post


def add_comment(*, author: Any, post: Post, text: str) -> Comment:
    if not can_comment(author, post):
        raise NotAllowed
    comment = Comment(post=post, author=author, text=text)
    comment.full_clean()
    comment.save()
    return comment


def delete_post(*, actor: Any, post: Post) -> None:
    """The author, or a lead of the group, takes a member's post down (with comments)."""
    allowed = post.kind == Kind.POST and (
        (post.author_id is not None and post.author_id == actor.pk and can_comment(actor, post))
        or (post.group is not None and permissions.can_lead(actor, post.group))
    )
    if not allowed:
        raise NotAllowed
    post.delete()


# --------------------------------------------------------------------------- Infobrief


def record_edition(edition: Edition, *, notify: bool = True) -> Post:
    """A sent Infobrief edition in the whole network's feed (once per edition)."""
    return record(
        None,
        Kind.EDITION,
        edition.subject,
        reverse("newsletter:archive_detail", kwargs={"slug": edition.slug}),
        source_key=f"edition:{edition.pk}",
        created_at=edition.sent_at,
        notify=notify,
    )


def record_sent_editions(*, limit: int = 20) -> int:
    """Catch up with editions sent while the signal was not heard (e.g. before the
    workshop existed): the newest ``limit`` sent editions, each once. The number added."""
    editions = list(newsletter_selectors.sent_editions()[:limit])
    keys = {f"edition:{edition.pk}" for edition in editions}
    known = set(Post.objects.filter(source_key__in=keys).values_list("source_key", flat=True))
    added = 0
    for edition in editions:
        if f"edition:{edition.pk}" not in known:
            record_edition(edition, notify=False)  # old news: no mail at once
            added += 1
    return added


# --------------------------------------------------------------------------- settings


def set_notify(*, user: Any, notify: str) -> MemberProfile:
    """How often the member hears by mail. Mail already sent is never repeated: the
    digest window starts now."""
    with transaction.atomic():
        profile = notifications.profile_for(user)
        profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
        if profile.notify != notify:
            profile.notify = notify
            profile.last_digest_at = timezone.now()
            profile.full_clean()
            profile.save(update_fields=["notify", "last_digest_at"])
    return profile


def renew_feed_token(*, user: Any) -> MemberProfile:
    """A new secret link for the Atom and iCal feeds; the old one stops working."""
    profile = notifications.profile_for(user)
    profile.feed_token = _new_token()
    profile.save(update_fields=["feed_token"])
    return profile
